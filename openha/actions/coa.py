"""`coa` — Chain of Action: abstract step(s), then the executable action, in one response.

    response := [ "Skill:" skill ] [ "Grounding:" grounding ] [ "Motion:" motion ] "Action:" body

Each part is one line (or runs to the next label); grammars are those of the `skill`,
`grounding`, `motion` and `text` spaces. Example:

    Grounding: Mine <|object_ref_start|>oak log<|object_ref_end|><|point_start|>(512,300)<|point_end|>
    Action: move(19, 0) and press() and click(left)

Only the action is executed (`to_env`); the abstract steps go to the trace and training data.
Tolerant mode (default, for rollouts): labels in any case, text around and after the parts is
ignored, several `Action:` lines ⇒ the last counts, and a malformed abstract step becomes a note
(`CoAAction.notes`) instead of an error. Strict mode (datasets): exact label case, nothing but
whitespace (or OpenHA's `\\n, ` joiner) between parts, each kind at most once, steps before the
single `Action:`, every part well-formed. Either way no `Action:` is a ParseError.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openha.actions.base import ActionError, ActionSpace, ParseError, register
from openha.actions.grounding import GroundingAction, format_action, parse_actions
from openha.actions.motion import MotionAction, format_phrase, parse_phrase
from openha.actions.skill import SkillAction, SkillSpace, parse_skill
from openha.actions.text import (
    ANY_LABEL_RE,
    TextAction,
    TextSpace,
    labels_outside_objects,
    parse_body,
)

Step = SkillAction | GroundingAction | MotionAction
LABELS = {"skill": "Skill:", "grounding": "Grounding:", "motion": "Motion:", "action": "Action:"}
ORDER = ("skill", "grounding", "motion")


@dataclass(frozen=True)
class CoAAction:
    """Abstract steps (in order) and the executable text action; notes = tolerated problems."""

    steps: tuple[Step, ...]
    action: TextAction
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def step(self) -> Step | None:
        return self.steps[0] if self.steps else None


def _parse_step(kind: str, text: str, start: int, end: int, strict: bool, space: str) -> Step:
    if kind == "skill":
        return parse_skill(text, start, end, strict, space)
    if kind == "grounding":
        return parse_actions(text, start, end, strict, space)[0]
    if not text[start:end].strip():
        raise ParseError("empty motion", text, start, space)
    return parse_phrase(text, start, end, space)


@register("coa")
@dataclass
class CoASpace(ActionSpace):
    """Chain-of-Action responses (grammar: module doc)."""

    strict: bool = False
    name: str = field(default="coa", repr=False)

    def __post_init__(self) -> None:
        self._text = TextSpace(strict=self.strict)

    def parse(self, text: str) -> CoAAction:
        if not isinstance(text, str):
            raise ParseError(f"expected a string, got {type(text).__name__}", "", 0, self.name)
        labels = labels_outside_objects(ANY_LABEL_RE, text)
        parts = []
        for i, m in enumerate(labels):
            end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
            if not self.strict:
                newline = text.find("\n", m.end(), end)
                end = end if newline < 0 else newline
            parts.append((m.group(1).lower(), m, end))
        actions = [p for p in parts if p[0] == "action"]
        if not actions:
            raise ParseError(
                "no 'Action:' in the response; end it with e.g. 'Action: no_op'",
                text,
                len(text),
                self.name,
            )
        if self.strict:
            return self._parse_strict(text, parts)
        last = actions[-1]
        action = parse_body(text, last[1].end(), last[2], False, self.name)
        steps, notes = [], []
        for kind, m, end in parts:
            if kind == "action" or m.start() > last[1].start():
                continue
            try:
                steps.append(_parse_step(kind, text, m.end(), end, False, self.name))
            except ParseError as err:
                notes.append(str(err))
        return CoAAction(tuple(steps), action, tuple(notes))

    def _parse_strict(self, text: str, parts: list) -> CoAAction:
        pos, seen, steps = 0, set(), []
        for kind, m, end in parts:
            gap = text[pos : m.start()].strip()
            if gap not in ("", ","):
                raise ParseError(
                    "text outside the labelled parts",
                    text,
                    pos + text[pos:].find(gap[0]),
                    self.name,
                )
            if m.group(0) != LABELS[kind]:
                raise ParseError(
                    f"label must be written {LABELS[kind]!r}", text, m.start(), self.name
                )
            if kind in seen or "action" in seen:
                what = "a second" if kind in seen else "a part after"
                raise ParseError(f"{what} {LABELS[kind]!r} part", text, m.start(), self.name)
            if seen and kind != "action" and ORDER.index(kind) < max(ORDER.index(k) for k in seen):
                raise ParseError(
                    f"{LABELS[kind]!r} must come before the steps above it",
                    text,
                    m.start(),
                    self.name,
                )
            seen.add(kind)
            body_end = len(text[:end].rstrip(" \t\r\n,"))
            body_end = max(body_end, m.end())
            if kind == "action":
                action = parse_body(text, m.end(), body_end, True, self.name)
            else:
                steps.append(_parse_step(kind, text, m.end(), body_end, True, self.name))
            pos = body_end
        if text[pos:].strip():
            raise ParseError("text after the action", text, pos, self.name)
        return CoAAction(tuple(steps), action)

    def format(self, obj: CoAAction) -> str:
        if not isinstance(obj, CoAAction):
            raise ActionError(f"coa: expected a CoAAction, got {type(obj).__name__}")
        lines = []
        for step in obj.steps:
            if isinstance(step, SkillAction):
                lines.append(SkillSpace().format(step))
            elif isinstance(step, GroundingAction):
                lines.append("Grounding: " + format_action(step))
            elif isinstance(step, MotionAction):
                lines.append("Motion: " + format_phrase(step))
            else:
                raise ActionError(f"coa: unknown step type {type(step).__name__}")
        lines.append(self._text.format(obj.action))
        return "\n".join(lines)

    def to_env(self, obj: CoAAction, obs: Any = None) -> dict:
        if not isinstance(obj, CoAAction):
            raise ActionError(f"coa: expected a CoAAction, got {type(obj).__name__}")
        return self._text.to_env(obj.action)
