"""`motion` — OpenHA's motion phrases: what the body does over the next few ticks.

Grammar (case-insensitive; items joined by `,` or `and`; spaces around `/` optional):

    text   := … "Motion:" phrase                     (the first Motion: counts; a bare phrase too)
    phrase := "no_op" | item ( ("," | "and") item )*
    item   := "move" ("forward" | "back" | "backward" | "left" | "right")
            | "sprint" | "sneak"
            | "turn" ("left" | "right" | "up" | "down")
            | "cursor move" ("left" | "right" | "up" | "down")          (GUI open)
            | "jump" | "drop" | "swap"
            | ("switch to hotbar" | "switch hotbar") N                 N = 1 … 9
            | "open inventory" | "close inventory" | "open gui" | "close gui"
            | "attack / mine" | "use / place" | "place / use" | "operate gui" | "choose"
            | dir | N       continues the previous move / turn / cursor move / hotbar item

Examples: `Motion: move forward and move left, sprint, turn right and down, attack / mine`,
`Motion: cursor move left and up, operate gui`, `Motion: switch to hotbar 2`, `Motion: no_op`.
The canonical form (`format`) is the one OpenHA's MotionTokenizer writes. OpenHA's released agent
only reads `Motion::` (a regex bug); here `Motion:` parses.

`to_env` is one tick of the phrase; `to_env_sequence` runs it for `ticks` ticks (one-shot keys
— drop, swap, hotbar, inventory, ESC — only on the first). `from_env` labels a window of env
actions (for datasets): held parts need `min_fraction` of the ticks, one-shot parts one tick.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from openha.actions.base import ActionError, ActionSpace, ParseError, register
from openha.actions.env import make
from openha.actions.text import ANY_LABEL_RE, segments

GUI_PHRASES = ("open inventory", "close inventory", "open gui", "close gui")
_LABEL = re.compile(r"\bmotion\s*::?", re.I | re.A)  # also the "Motion::" OpenHA's agent wants
_SPLIT = re.compile(r"\s*(?:,|\band\b)\s*", re.I | re.A)
_SLASH = re.compile(r"\s*/\s*", re.A)
_HOTBAR = re.compile(r"(?:switch (?:to )?hotbar|hotbar) ([1-9])", re.A)
_DIRS = {"forward": "forward", "back": "back", "backward": "back", "backwards": "back",
         "left": "left", "right": "right", "up": "up", "down": "down"}  # fmt: skip
_FLAGS = {
    "attack/mine": "attack", "mine/attack": "attack", "attack": "attack", "mine": "attack",
    "use/place": "use", "place/use": "use", "use": "use", "place": "use",
    "operate gui": "operate_gui", "choose": "choose",
    "jump": "jump", "drop": "drop", "swap": "swap",
}  # fmt: skip


@dataclass(frozen=True)
class MotionAction:
    """A motion phrase as data; `move`/`turn`/`cursor` hold (forward|back, left|right) and
    (left|right, up|down) parts in that order, `gui` one of GUI_PHRASES."""

    move: tuple[str, ...] = ()
    state: str | None = None
    turn: tuple[str, ...] = ()
    cursor: tuple[str, ...] = ()
    attack: bool = False
    use: bool = False
    operate_gui: bool = False
    choose: bool = False
    jump: bool = False
    drop: bool = False
    swap: bool = False
    hotbar: tuple[int, ...] = ()
    gui: str | None = None


def _axis_add(
    parts: tuple[str, ...], d: str, axes: tuple[tuple[str, str], ...]
) -> tuple[str, ...] | str:
    """Add direction d to a (first-axis, second-axis) tuple; a str return is an error reason."""
    for axis in axes:
        if d in axis:
            other = [p for p in parts if p in axis and p != d]
            if other:
                return f"conflicting directions {other[0]!r} and {d!r}"
            return tuple(sorted({*parts, d}, key=lambda p: 0 if p in axes[0] else 1))
    return f"direction {d!r} does not fit here"


_MOVE_AXES = (("forward", "back"), ("left", "right"))
_TURN_AXES = (("left", "right"), ("up", "down"))


def parse_phrase(text: str, pos: int, end: int, space: str = "motion") -> MotionAction:
    """Parse one phrase in text[pos:end] (absolute error positions)."""
    chunks = []
    start = pos
    for sep in _SPLIT.finditer(text, pos, end):
        chunks.append((start, text[start : sep.start()]))
        start = sep.end()
    chunks.append((start, text[start:end]))
    first = chunks[0][1].strip().lower()
    if len(chunks) == 1 and first in ("no_op", "no-op", "noop"):
        return MotionAction()
    fields: dict[str, Any] = {}
    context = None
    for at, raw in chunks:
        at += len(raw) - len(raw.lstrip())
        item = " ".join(_SLASH.sub("/", raw.lower()).split())
        if not item:
            raise ParseError("empty motion item; write e.g. 'move forward, jump'", text, at, space)
        words = item.split(" ")
        direction = _DIRS.get(words[-1])
        if item in _FLAGS:
            fields[_FLAGS[item]] = True
            context = None
        elif item in GUI_PHRASES:
            if fields.get("gui", item) != item:
                raise ParseError(f"{item!r} conflicts with {fields['gui']!r}", text, at, space)
            fields["gui"], context = item, None
        elif item in ("sprint", "sneak"):
            if fields.get("state", item) != item:
                raise ParseError("sprint and sneak cannot be combined", text, at, space)
            fields["state"], context = item, None
        elif m := _HOTBAR.fullmatch(item):
            fields["hotbar"] = tuple(sorted({*fields.get("hotbar", ()), int(m.group(1))}))
            context = "hotbar"
        elif context == "hotbar" and len(item) == 1 and item in "123456789":
            fields["hotbar"] = tuple(sorted({*fields["hotbar"], int(item)}))
        elif direction and words[:-1] in (["move"], ["turn"], ["cursor", "move"], []):
            kind = words[0] if len(words) > 1 else context
            if kind not in ("move", "turn", "cursor"):
                raise ParseError(
                    f"bare direction {item!r}: say 'move {item}' or 'turn {item}'", text, at, space
                )
            axes = _MOVE_AXES if kind == "move" else _TURN_AXES
            added = _axis_add(fields.get(kind, ()), direction, axes)
            if isinstance(added, str):
                raise ParseError(f"{kind}: {added}", text, at, space)
            fields[kind], context = added, kind
        else:
            raise ParseError(
                f"unknown motion {item!r}; see the motion vocabulary (move, turn, jump, …)",
                text,
                at,
                space,
            )
    return MotionAction(**fields)


def format_phrase(obj: MotionAction) -> str:
    """OpenHA MotionTokenizer's phrase order: move, move state, camera, mouse, keyboard."""
    parts = []
    if obj.move:
        parts.append(" and ".join(f"move {d}" for d in obj.move))
    if obj.state:
        parts.append(obj.state)
    if obj.turn:
        parts.append("turn " + " and ".join(obj.turn))
    if obj.cursor:
        parts.append("cursor move " + " and ".join(obj.cursor))
    mouse = [p for p, on in (("attack / mine", obj.attack), ("use / place", obj.use),
                             ("operate gui", obj.operate_gui), ("choose", obj.choose)) if on]  # fmt: skip
    if mouse:
        parts.append(" and ".join(mouse))
    parts += [p for p, on in (("jump", obj.jump), ("drop", obj.drop), ("swap", obj.swap)) if on]
    if obj.hotbar:
        parts.append("switch to hotbar " + ", ".join(str(h) for h in obj.hotbar))
    if obj.gui:
        parts.append(obj.gui)
    return ", ".join(parts) if parts else "no_op"


@register("motion")
@dataclass
class MotionSpace(ActionSpace):
    """OpenHA motion phrases (grammar: module doc). Turn/cursor steps are degrees per tick."""

    ticks: int = 4
    turn_step_deg: float = 5.0
    cursor_step_deg: float = 1.5
    min_fraction: float = 0.5
    name: str = field(default="motion", repr=False)

    def parse(self, text: str) -> MotionAction:
        if not isinstance(text, str):
            raise ParseError(f"expected a string, got {type(text).__name__}", "", 0, self.name)
        spans = segments(text, _LABEL, ANY_LABEL_RE)
        start, end = spans[0] if spans else (0, len(text))
        if not text[start:end].strip():
            raise ParseError(
                "empty motion; write e.g. 'Motion: move forward' or 'Motion: no_op'",
                text,
                start,
                self.name,
            )
        return parse_phrase(text, start, end, self.name)

    def format(self, obj: MotionAction) -> str:
        self._check(obj)
        return "Motion: " + format_phrase(obj)

    def to_env(self, obj: MotionAction, obs: Any = None, first: bool = True) -> dict:
        """One tick of the phrase; first=False leaves out one-shot keys."""
        self._check(obj)
        pressed = list(obj.move)
        if obj.state:
            pressed.append(obj.state)
        pressed += [k for k, on in (("attack", obj.attack or obj.operate_gui),
                                    ("use", obj.use or obj.choose), ("jump", obj.jump)) if on]  # fmt: skip
        if first:
            pressed += [k for k, on in (("drop", obj.drop), ("swapHands", obj.swap)) if on]
            pressed += [f"hotbar.{h}" for h in obj.hotbar]
            if obj.gui in ("open inventory", "close inventory"):
                pressed.append("inventory")
            elif obj.gui == "close gui":
                pressed.append("ESC")
            elif obj.gui == "open gui":
                pressed.append("use")
        pitch = yaw = 0.0
        for parts, step in ((obj.turn, self.turn_step_deg), (obj.cursor, self.cursor_step_deg)):
            yaw += step * (("right" in parts) - ("left" in parts))
            pitch += step * (("down" in parts) - ("up" in parts))
        return make(pressed, pitch, yaw)

    def to_env_sequence(self, obj: MotionAction, ticks: int | None = None) -> list[dict]:
        """The phrase executed for `ticks` (default self.ticks) ticks."""
        n = self.ticks if ticks is None else ticks
        return [self.to_env(obj, first=(t == 0)) for t in range(n)]

    def from_env(
        self,
        window: Mapping[str, Any] | Sequence[Mapping[str, Any]],
        gui_open: bool | Sequence[bool] = False,
    ) -> MotionAction:
        """Label one env action or a window of them; gui_open per tick (before its action)."""
        actions = [window] if isinstance(window, Mapping) else list(window)
        if not actions:
            return MotionAction()
        flags = [gui_open] * len(actions) if isinstance(gui_open, bool) else list(gui_open)
        if len(flags) not in (len(actions), len(actions) + 1):
            raise ActionError(f"motion: {len(flags)} gui_open flags for {len(actions)} actions")
        held: dict[str, Counter] = {
            k: Counter() for k in ("fb", "lr", "state", "yaw", "pitch", "cx", "cy")
        }
        counts: Counter = Counter()
        once: dict[str, Any] = {"hotbar": set()}
        for t, a in enumerate(actions):
            gui = bool(flags[t])
            pitch, yaw = (float(v) for v in a.get("camera", (0.0, 0.0)))
            if gui:
                held["cx"][_sign(yaw, "left", "right")] += 1
                held["cy"][_sign(pitch, "up", "down")] += 1
                counts["operate_gui"] += bool(a.get("attack", 0))
                counts["choose"] += bool(a.get("use", 0))
            else:
                fwd, back = bool(a.get("forward", 0)), bool(a.get("back", 0))
                left, right = bool(a.get("left", 0)), bool(a.get("right", 0))
                held["fb"][
                    "forward" if fwd and not back else "back" if back and not fwd else None
                ] += 1
                held["lr"][
                    "left" if left and not right else "right" if right and not left else None
                ] += 1
                sneak, sprint = a.get("sneak", 0), a.get("sprint", 0)
                held["state"]["sneak" if sneak else "sprint" if sprint else None] += 1
                held["yaw"][_sign(yaw, "left", "right")] += 1
                held["pitch"][_sign(pitch, "up", "down")] += 1
                for key in ("attack", "use", "jump"):
                    counts[key] += bool(a.get(key, 0))
            once["drop"] = once.get("drop") or bool(a.get("drop", 0))
            once["swap"] = once.get("swap") or bool(a.get("swapHands", 0))
            once["hotbar"] |= {i for i in range(1, 10) if a.get(f"hotbar.{i}", 0)}
            after = bool(flags[t + 1]) if t + 1 < len(flags) else None
            phrase = _gui_phrase(a, gui, after)
            if phrase and not once.get("gui"):
                once["gui"] = phrase
        need = self.min_fraction * len(actions)

        def pick(name: str) -> str | None:
            value, n = max(
                ((v, c) for v, c in held[name].items() if v),
                key=lambda vc: vc[1],
                default=(None, 0),
            )
            return value if n and n >= need else None

        move = tuple(d for d in (pick("fb"), pick("lr")) if d)
        turn = tuple(d for d in (pick("yaw"), pick("pitch")) if d)
        cursor = tuple(d for d in (pick("cx"), pick("cy")) if d)
        flags_on = {
            k: counts[k] >= need and counts[k] > 0
            for k in ("attack", "use", "jump", "operate_gui", "choose")
        }
        return MotionAction(
            move=move, state=pick("state"), turn=turn, cursor=cursor, **flags_on,
            drop=bool(once.get("drop")), swap=bool(once.get("swap")),
            hotbar=tuple(sorted(once["hotbar"])), gui=once.get("gui"),
        )  # fmt: skip

    def _check(self, obj: Any) -> None:
        if not isinstance(obj, MotionAction):
            raise ActionError(f"motion: expected a MotionAction, got {type(obj).__name__}")
        reason = _invalid(obj)
        if reason:
            raise ActionError(f"motion: {obj!r} is not a canonical motion: {reason}")


@functools.lru_cache(maxsize=4096)
def _invalid(obj: MotionAction) -> str | None:
    """Why obj does not survive format -> parse unchanged (None when it does)."""
    try:
        phrase = format_phrase(obj)
        canon = parse_phrase(phrase, 0, len(phrase))
    except (ParseError, TypeError, ValueError) as err:
        return str(err)
    return None if canon == obj else f"it reads back as {canon!r}"


def _sign(value: float, neg: str, pos: str) -> str | None:
    return pos if value > 0 else neg if value < 0 else None


def _gui_phrase(a: Mapping[str, Any], gui: bool, after: bool | None) -> str | None:
    if a.get("inventory", 0):
        return "close inventory" if gui else "open inventory"
    if gui and (a.get("ESC", 0) or after is False):
        return "close gui"
    if not gui and after:
        return "open gui"
    return None
