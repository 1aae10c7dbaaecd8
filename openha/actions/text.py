"""`text` — OpenHA's language action, as its models write it.

Grammar (keywords and key names are case-insensitive; numbers and keys may be quoted):

    text    := … "Action:" body ( "\\n" … "Action:" body )*     the last Action: counts
    body    := "no_op" | part ( sep part )*                     sep := "and" | ","
    part    := "move(" dx "," dy ")"        raw mouse units, 1 unit = 0.15°; dx = yaw (+ right),
                                            dy = pitch (+ down); camera = [dy·0.15, dx·0.15]
             | "press(" [ key ( "," key )* ] ")"
             | "click(" ( "left" | "right" | "middle" ) ")"   attack / use / pickItem
    key     := w s a d space e q left.shift left.control 1 … 9 escape f

Examples: `Action: move(19, 0) and press()`, `Action: move('-3.5', "12") and press(w, left.control)
and click(left)`, `Action: no_op`. A bare body without `Action:` is accepted too.

Unlike OpenHA's released parser, unknown keys, a second `move`, unbalanced parentheses and
(in strict mode, the default) trailing text are `ParseError`s instead of being dropped silently;
`click(middle)`, which OpenHA's encoder writes for pickItem, is kept instead of dropped; and `,`
separates parts as its prompts ask (OpenHA's parser then loses any click).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from openha.actions.base import ActionError, ActionSpace, ParseError, register
from openha.actions.env import make

MOUSE_UNIT_DEG = 360.0 / 2400.0  # one raw mouse unit in degrees (VPT / OpenHA CAMERA_SCALER)
MAX_MOUSE = 180.0 / MOUSE_UNIT_DEG  # ±180° per tick
# text key -> env button, in OpenHA's KEYBOARD_BUTTON_MAPPING order (the canonical press order)
KEY_TO_ENV: dict[str, str] = {
    "escape": "ESC", "s": "back", "q": "drop", "w": "forward",
    **{str(i): f"hotbar.{i}" for i in range(1, 10)},
    "e": "inventory", "space": "jump", "a": "left", "d": "right",
    "left.shift": "sneak", "left.control": "sprint", "f": "swapHands",
}  # fmt: skip
ENV_TO_KEY = {v: k for k, v in KEY_TO_ENV.items()}
CLICK_TO_ENV = {"left": "attack", "right": "use", "middle": "pickItem"}
ENV_TO_CLICK = {v: k for k, v in CLICK_TO_ENV.items()}
_KEYBOARD = frozenset(ENV_TO_KEY)

NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
LABEL_RE = re.compile(r"\baction\s*:", re.I | re.A)
ANY_LABEL_RE = re.compile(
    r"\b(skill|grounding|motion|action)\s*::?", re.I | re.A
)  # Chain-of-Action labels
_WS = re.compile(r"[ \t\r\f\v]*")
_VERB = re.compile(r"(move|press|click|no_op)\b", re.I | re.A)
_MOVE = re.compile(rf"\(\s*(['\"]?)({NUM})\1\s*,\s*(['\"]?)({NUM})\3\s*\)", re.A)
_CLICK = re.compile(r"\(\s*(['\"]?)([A-Za-z_.]+)\1\s*\)")
_PRESS = re.compile(r"\(([^()\n]*)\)")
_SEP = re.compile(r"[ \t]*(?:,|and\b)[ \t]*", re.I | re.A)


@dataclass(frozen=True)
class TextAction:
    """One parsed action: mouse move in raw units and the set of pressed env buttons."""

    dx: float = 0.0
    dy: float = 0.0
    buttons: frozenset[str] = field(default_factory=frozenset)


# a grounding object name (`<|object_ref_start|>…<|object_ref_end|>`) is free text: a label
# word inside it ("Skill:", "Action:") is part of the name, not the start of a section
_OBJECT_REF = re.compile(r"<\|object_ref_start\|>.*?<\|object_ref_end\|>")


def object_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every grounding object name in `text`, tags included."""
    return [m.span() for m in _OBJECT_REF.finditer(text)] if "<|object_ref_start|>" in text else []


def labels_outside_objects(pattern: re.Pattern, text: str, pos: int = 0, end: int | None = None,
                           spans: list[tuple[int, int]] | None = None) -> list[re.Match]:
    """Matches of `pattern` in text[pos:end] that do not start inside an object name (`spans`:
    the text's `object_spans`, when the caller has them)."""
    spans = object_spans(text) if spans is None else spans
    found = pattern.finditer(text, pos, len(text) if end is None else end)
    return [m for m in found if not any(a <= m.start() < b for a, b in spans)]


def segments(
    text: str, label: re.Pattern = LABEL_RE, stop: re.Pattern | None = None
) -> list[tuple[int, int]]:
    """(start, end) of each labelled body: from after the label to the newline, the next label
    or the next match of `stop` (default: the label itself), whichever comes first. Labels and
    stops inside a grounding object name do not count."""
    stop = stop or label
    out: list[tuple[int, int]] = []
    newline = -1
    spans = object_spans(text)
    for m in labels_outside_objects(label, text, spans=spans):
        if newline < m.end():  # labels come in order, so each newline is searched for once
            newline = text.find("\n", m.end())
            newline = len(text) if newline < 0 else newline
        nxt = labels_outside_objects(stop, text, m.end(), newline, spans)
        out.append((m.end(), nxt[0].start() if nxt else newline))
    return out


def parse_body(
    text: str, pos: int, end: int, strict: bool = True, space: str = "text"
) -> TextAction:
    """Parse one action body in text[pos:end]; errors carry absolute positions."""
    pos = _WS.match(text, pos, end).end()
    if pos >= end:
        raise ParseError(
            "empty action; write e.g. 'move(0, 5) and press(w)' or 'no_op'", text, pos, space
        )
    dx = dy = 0.0
    moved = False
    pressed: set[str] = set()
    n_parts = 0
    while True:
        m = _VERB.match(text, pos, end)
        if not m:
            raise ParseError(
                "expected move(dx, dy), press(keys), click(button) or no_op", text, pos, space
            )
        verb = m.group(1).lower()
        start, pos = pos, _WS.match(text, m.end(), end).end()
        if verb == "no_op":
            if n_parts:
                raise ParseError("no_op cannot be combined with other parts", text, start, space)
            rest = _WS.match(text, pos, end).end()
            if rest < end and strict:
                raise ParseError(
                    "no_op must stand alone; unexpected text after it", text, rest, space
                )
            return TextAction()
        if verb == "move":
            a = _MOVE.match(text, pos, end)
            if not a:
                raise ParseError(
                    "malformed move: expected two numbers, e.g. move(12, -3)", text, pos, space
                )
            if moved:
                raise ParseError(
                    "second move(...) in one action; merge them into one", text, start, space
                )
            dx, dy = float(a.group(2)), float(a.group(4))
            for value, group in ((dx, 2), (dy, 4)):
                if not math.isfinite(value) or abs(value) > MAX_MOUSE:
                    raise ParseError(
                        f"move amount {a.group(group)} is outside ±{MAX_MOUSE:g} units (±180°)",
                        text, a.start(group), space,
                    )  # fmt: skip
            moved = True
        elif verb == "press":
            a = _PRESS.match(text, pos, end)
            if not a:
                raise ParseError(
                    "malformed press: expected press(key, …) with a closing ')'", text, pos, space
                )
            pressed.update(_keys(text, a.start(1), a.end(1), space))
        else:
            a = _CLICK.match(text, pos, end)
            if not a:
                raise ParseError(
                    "malformed click: expected click(left) or click(right)", text, pos, space
                )
            button = a.group(2).lower()
            if button not in CLICK_TO_ENV:
                raise ParseError(
                    f"unknown mouse button {a.group(2)!r}; use left, right or middle",
                    text,
                    a.start(2),
                    space,
                )
            pressed.add(CLICK_TO_ENV[button])
        n_parts += 1
        pos = a.end()
        sep = _SEP.match(text, pos, end)
        if sep:
            pos = _WS.match(text, sep.end(), end).end()
            if pos >= end:
                raise ParseError(
                    "dangling separator: expected another part after it", text, sep.start(), space
                )
            continue
        pos = _WS.match(text, pos, end).end()
        if pos < end and strict:
            raise ParseError(
                "unexpected text after the action; join parts with 'and'", text, pos, space
            )
        return TextAction(dx, dy, frozenset(pressed))


def _keys(text: str, start: int, end: int, space: str) -> list[str]:
    out = []
    pos = start
    items = text[start:end].split(",")
    for i, raw in enumerate(items):
        key = raw.strip()
        offset = pos + len(raw) - len(raw.lstrip())
        pos += len(raw) + 1
        if len(key) >= 2 and key[0] == key[-1] and key[0] in "'\"":
            key = key[1:-1].strip()
        if not key:
            if len(items) == 1 or i == len(items) - 1:
                continue  # press() and a trailing comma are fine
            raise ParseError("empty key between commas in press(...)", text, offset, space)
        env_key = KEY_TO_ENV.get(key.lower())
        if env_key is None:
            close = difflib.get_close_matches(key.lower(), KEY_TO_ENV, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ParseError(
                f"unknown key {key!r}{hint}; keys are {' '.join(KEY_TO_ENV)}", text, offset, space
            )
        out.append(env_key)
    return out


def _num(value: float) -> str:
    value = float(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


@register("text")
@dataclass
class TextSpace(ActionSpace):
    """OpenHA's `Action: move(dx, dy) and press(keys) and click(button)` (grammar: module doc).

    strict: trailing text after a body is an error (else ignored). reserved_keyboard /
    reserved_camera: always write press(...) / move(...) as OpenHA's released data does for press.
    precision: decimals kept by from_env (0 = whole mouse units, as OpenHA).
    """

    strict: bool = True
    reserved_keyboard: bool = True
    reserved_camera: bool = False
    precision: int = 0
    name: str = field(default="text", repr=False)

    def parse(self, text: str) -> TextAction:
        return self.parse_all(text)[-1]

    def parse_all(self, text: str) -> list[TextAction]:
        """Every Action: line in order (OpenHA's chunked actions); at least one or ParseError."""
        if not isinstance(text, str):
            raise ParseError(f"expected a string, got {type(text).__name__}", "", 0, self.name)
        spans = segments(text)
        if not spans:
            try:
                return [parse_body(text, 0, len(text), self.strict, self.name)]
            except ParseError as err:
                if err.pos == len(text) - len(text.lstrip()):
                    raise ParseError(
                        "no 'Action:' found; expected e.g. 'Action: move(0, 5) and press(w)'",
                        text, err.pos, self.name,
                    ) from None  # fmt: skip
                raise
        return [parse_body(text, s, e, self.strict, self.name) for s, e in spans]

    def format(self, obj: TextAction | Mapping[str, Any]) -> str:
        if not isinstance(obj, TextAction):
            obj = self.from_env(obj)
        self._check(obj)
        parts = []
        if obj.dx or obj.dy or self.reserved_camera:
            parts.append(f"move({_num(obj.dx)}, {_num(obj.dy)})")
        keys = [k for env_key, k in ENV_TO_KEY.items() if env_key in obj.buttons]
        if keys or self.reserved_keyboard:
            parts.append(f"press({', '.join(keys)})")
        parts += [f"click({c})" for env_key, c in ENV_TO_CLICK.items() if env_key in obj.buttons]
        return "Action: " + (" and ".join(parts) if parts else "no_op")

    def to_env(self, obj: TextAction, obs: Any = None) -> dict:
        self._check(obj)
        return make(obj.buttons, obj.dy * MOUSE_UNIT_DEG, obj.dx * MOUSE_UNIT_DEG)

    def from_env(self, env_action: Mapping[str, Any]) -> TextAction:
        """OpenHA's encoder: degrees -> mouse units rounded to 3 decimals, then to `precision`."""
        cam = env_action.get("camera")
        units = np.zeros(2) if cam is None else np.asarray(cam) / MOUSE_UNIT_DEG
        dy, dx = (round(round(float(u), 3), self.precision) for u in units)
        if self.precision == 0:
            dx, dy = int(dx), int(dy)
        buttons = frozenset(k for k in ENV_TO_KEY if env_action.get(k, 0) == 1) | frozenset(
            k for k in ENV_TO_CLICK if env_action.get(k, 0) == 1
        )
        return TextAction(float(dx), float(dy), buttons)

    def _check(self, obj: Any) -> None:
        if not isinstance(obj, TextAction):
            raise ActionError(f"text: expected a TextAction, got {type(obj).__name__}")
        for name, value in (("dx", obj.dx), ("dy", obj.dy)):
            if not math.isfinite(value) or abs(value) > MAX_MOUSE:
                raise ActionError(f"text: {name} = {value!r} outside ±{MAX_MOUSE:g} mouse units")
        unknown = set(obj.buttons) - _KEYBOARD - set(ENV_TO_CLICK)
        if unknown:
            raise ActionError(f"text: unknown env buttons {sorted(unknown)}")
