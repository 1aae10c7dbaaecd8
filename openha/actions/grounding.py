"""`grounding` — OpenHA's grounding action: a verb and where in the image it applies.

Grammar (verbs case-insensitive; whitespace between parts optional):

    text   := … "Grounding:" action ( "," action )*        (the first Grounding: counts)
    action := verb [ "<|object_ref_start|>" name "<|object_ref_end|>" ]
                   [ "<|point_start|>" point ( "," point )* "<|point_end|>" ]
    verb   := Mine | Kill | Approach | Use | Interact | Craft | Explore | right click | move to
            | move_camera | no-op
    point  := "(" x "," y ")"      x, y on a 0–1000 scale of image width / height

Examples: `Grounding: Mine <|object_ref_start|>oak log<|object_ref_end|><|point_start|>(512,300)
<|point_end|>`, `Grounding: right click <|point_start|>(480,620)<|point_end|>`,
`Grounding: Explore`. Every verb but Explore and no-op needs a point; several points mark one
object (the controller aims at their centroid). Pixel = ceil(x·W/1000), as OpenHA.

OpenHA's released agent drops the point (its pattern `(?=\\n||$)` makes the lazy group empty);
here it reaches the executor. `to_env` runs `GroundingController` for one tick; use
`space.controller()` for a per-episode controller that turns toward the point and then performs
the verb until done or timeout. Camera geometry is a pinhole with a vertical FOV of 70° and
MineRL's 16:9 horizontal FOV, whatever the image size (both configurable).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from openha.actions.base import ActionError, ActionSpace, ParseError, register
from openha.actions.env import make, noop
from openha.actions.text import ANY_LABEL_RE, NUM, segments

VERBS = ("Mine", "Kill", "Approach", "Use", "Interact", "Craft", "Explore",
         "right click", "move to", "move_camera", "no-op")  # fmt: skip
POINTLESS = frozenset({"Explore", "no-op"})
GUI_VERBS = frozenset({"move to", "move_camera", "Craft"})
OBJ_START, OBJ_END = "<|object_ref_start|>", "<|object_ref_end|>"
PT_START, PT_END = "<|point_start|>", "<|point_end|>"
_CANON = {v.lower(): v for v in VERBS} | {"no_op": "no-op", "noop": "no-op", "right_click": "right click",
                                           "move_to": "move to", "move camera": "move_camera"}  # fmt: skip
_LABEL = re.compile(r"\bgrounding\s*:", re.I | re.A)
_VERB = re.compile(
    "(" + "|".join(sorted((re.escape(v) for v in _CANON), key=len, reverse=True)) + r")(?![\w-])",
    re.I | re.A,
)
_WS = re.compile(r"\s*", re.A)
_POINT = re.compile(rf"\(\s*({NUM})\s*,\s*({NUM})\s*\)", re.A)
_COMMA = re.compile(r"\s*,\s*", re.A)


@dataclass(frozen=True)
class GroundingAction:
    """verb (one of VERBS), optional object name, points (x, y) on the 0–1000 scale."""

    verb: str
    object: str | None = None
    points: tuple[tuple[float, float], ...] = ()

    @property
    def target(self) -> tuple[float, float] | None:
        """Centroid of the points (None without points)."""
        if not self.points:
            return None
        n = len(self.points)
        return (sum(p[0] for p in self.points) / n, sum(p[1] for p in self.points) / n)


def parse_actions(
    text: str, pos: int, end: int, strict: bool = True, space: str = "grounding"
) -> list[GroundingAction]:
    """One or more comma-separated grounding actions in text[pos:end]."""
    out = []
    while True:
        action, pos = _parse_one(text, pos, end, space)
        out.append(action)
        sep = _COMMA.match(text, pos, end)
        if sep and _VERB.match(text, sep.end(), end):
            pos = sep.end()
            continue
        pos = _WS.match(text, pos, end).end()
        if pos < end and strict:
            raise ParseError("unexpected text after the grounding action", text, pos, space)
        return out


def _parse_one(text: str, pos: int, end: int, space: str) -> tuple[GroundingAction, int]:
    pos = _WS.match(text, pos, end).end()
    m = _VERB.match(text, pos, end)
    if not m:
        raise ParseError(f"expected a grounding verb ({', '.join(VERBS)})", text, pos, space)
    verb = _CANON[" ".join(m.group(1).lower().split())]
    pos = _WS.match(text, m.end(), end).end()
    obj = None
    if text.startswith(OBJ_START, pos):
        close = text.find(OBJ_END, pos, end)
        if close < 0:
            raise ParseError(f"{OBJ_START} without {OBJ_END}", text, pos, space)
        obj = text[pos + len(OBJ_START) : close].strip()
        if not obj or "<|" in obj:
            raise ParseError(
                "object name must be non-empty plain text", text, pos + len(OBJ_START), space
            )
        pos = _WS.match(text, close + len(OBJ_END), end).end()
    points = []
    if text.startswith(PT_START, pos):
        pos += len(PT_START)
        while True:
            p = _POINT.match(text, _WS.match(text, pos, end).end(), end)
            if not p:
                raise ParseError(
                    "expected a point (x,y) with numbers on the 0-1000 scale", text, pos, space
                )
            x, y = float(p.group(1)), float(p.group(2))
            for value, g in ((x, 1), (y, 2)):
                if not 0.0 <= value <= 1000.0:
                    raise ParseError(
                        f"coordinate {p.group(g)} is outside 0-1000", text, p.start(g), space
                    )
            points.append((x, y))
            pos = p.end()
            sep = _COMMA.match(text, pos, end)
            if sep and text.startswith("(", sep.end()):
                pos = sep.end()
                continue
            pos = _WS.match(text, pos, end).end()
            if not text.startswith(PT_END, pos):
                raise ParseError(f"expected {PT_END} after the points", text, pos, space)
            pos += len(PT_END)
            break
    elif text.startswith("<|", pos):
        raise ParseError(f"unexpected tag; expected {OBJ_START} or {PT_START}", text, pos, space)
    if verb in POINTLESS and points:
        raise ParseError(f"{verb} takes no point", text, pos, space)
    if verb not in POINTLESS and not points:
        raise ParseError(f"{verb} needs a point {PT_START}(x,y){PT_END}", text, pos, space)
    return GroundingAction(verb, obj, tuple(points)), pos


def _num(v: float) -> str:
    return str(int(v)) if v == int(v) else repr(float(v))


def format_action(a: GroundingAction) -> str:
    s = a.verb
    if a.object is not None:
        s += f" {OBJ_START}{a.object}{OBJ_END}"
    if a.points:
        pts = ",".join(f"({_num(x)},{_num(y)})" for x, y in a.points)
        s += ("" if a.object is not None else " ") + f"{PT_START}{pts}{PT_END}"
    return s


def to_pixel(x: float, y: float, width: int, height: int) -> tuple[int, int]:
    """OpenHA's pixel for a 0–1000 point: ceil(x·W/1000), clamped into the image."""
    return (min(max(math.ceil(x * width / 1000.0), 0), width - 1),
            min(max(math.ceil(y * height / 1000.0), 0), height - 1))  # fmt: skip


def point_to_camera(
    x: float,
    y: float,
    width: int = 640,
    height: int = 360,
    pitch: float = 0.0,
    fov_v_deg: float = 70.0,
    aspect: float = 16 / 9,
) -> tuple[float, float]:
    """Camera move [d_pitch, d_yaw] in degrees that centres the 0–1000 point (x, y).

    Pinhole: vertical FOV fov_v_deg, horizontal FOV 2·atan(tan(fov_v/2)·aspect), stretched over
    any image size; `pitch` is the current pitch (+ down), used to rotate into the world frame.
    """
    px, py = math.ceil(x * width / 1000.0), math.ceil(y * height / 1000.0)
    tan_v = math.tan(math.radians(fov_v_deg) / 2)
    u = (px - width / 2) / (width / 2) * tan_v * aspect
    v = (py - height / 2) / (height / 2) * tan_v
    th = math.radians(pitch)
    wx, wy, wz = u, v * math.cos(th) + math.sin(th), math.cos(th) - v * math.sin(th)
    d_yaw = math.degrees(math.atan2(wx, wz))
    new_pitch = min(max(math.degrees(math.atan2(wy, math.hypot(wx, wz))), -90.0), 90.0)
    return new_pitch - pitch, d_yaw


@dataclass
class GroundingController:
    """Per-episode executor: turn toward the point, then perform the verb until done/timeout.

    Done early when `info["stats"]` shows the verb's counter rise (mine_block., kill_entity.,
    use_item.); otherwise after the verb's tick budget. GUI verbs move the cursor from the
    screen centre (gui_deg_per_px degrees per pixel of a 640-wide frame).
    """

    fov_v_deg: float = 70.0
    aspect: float = 16 / 9
    max_turn_deg: float = 10.0
    align_tol_deg: float = 0.5
    gui_deg_per_px: float = 0.15
    timeout: int = 200
    act_ticks: Mapping[str, int] = field(default_factory=lambda: {
        "Mine": 160, "Kill": 160, "Approach": 40, "Explore": 200, "Use": 1, "Interact": 1,
        "right click": 1, "Craft": 1, "move to": 0, "move_camera": 0, "no-op": 0})  # fmt: skip

    def __post_init__(self) -> None:
        self.reset()

    def reset(
        self, action: GroundingAction | None = None, obs: Mapping[str, Any] | None = None
    ) -> None:
        """Start executing `action` (None: idle). obs gives the image size and current pitch."""
        self.action, self.ticks, self.acted, self._baseline = action, 0, 0, None
        self.status = "idle" if action is None else "turning"
        self.remaining = [0.0, 0.0]
        if action is None or action.target is None:
            if action is not None:
                self.status = "acting" if self.act_ticks.get(action.verb, 1) > 0 else "done"
            return
        height, width = _image_size(obs)
        x, y = action.target
        if action.verb in GUI_VERBS:
            px, py = math.ceil(x * width / 1000.0), math.ceil(y * height / 1000.0)
            scale = self.gui_deg_per_px * 640.0 / width
            self.remaining = [(py - height / 2) * scale, (px - width / 2) * scale]
        else:
            self.remaining = list(point_to_camera(
                x, y, width, height, _pitch(obs), self.fov_v_deg, self.aspect))  # fmt: skip

    @property
    def done(self) -> bool:
        return self.status in ("done", "timeout", "idle")

    def step(
        self, obs: Mapping[str, Any] | None = None, info: Mapping[str, Any] | None = None
    ) -> dict:
        """The env action for this tick (a no-op once done)."""
        if self.done:
            return noop()
        if self._counter_rose(info) and self.status == "acting":
            self.status = "done"
            return noop()
        self.ticks += 1
        action = self._next()
        if not self.done and self.ticks >= self.timeout:
            self.status = "timeout"
        return action

    def _next(self) -> dict:
        a, budget = self.action, self.act_ticks.get(self.action.verb, 1)
        if self.status == "turning":
            if max(abs(self.remaining[0]), abs(self.remaining[1])) > self.align_tol_deg:
                turn = [min(max(r, -self.max_turn_deg), self.max_turn_deg) for r in self.remaining]
                self.remaining = [r - t for r, t in zip(self.remaining, turn, strict=True)]
                if max(abs(r) for r in self.remaining) <= self.align_tol_deg:
                    self.status = "acting" if budget > 0 else "done"
                return make((), turn[0], turn[1])
            self.status = "acting"
        if self.acted >= budget:
            self.status = "done"
            return noop()
        self.acted += 1
        k = self.acted
        if self.acted >= budget:
            self.status = "done"
        if a.verb == "Mine" or a.verb == "Craft":
            return make(("attack",))
        if a.verb == "Kill":
            return make(("forward", "attack") if k % 2 else ("forward",))
        if a.verb == "Approach":
            return make(("forward", "sprint"))
        if a.verb == "Explore":
            turn = 3.0 if (k // 40) % 2 else 0.0
            return make(("forward", "jump") if k % 20 == 0 else ("forward",), 0.0, turn)
        return make(("use",))

    def _counter_rose(self, info: Mapping[str, Any] | None) -> bool:
        prefix = {"Mine": "mine_block.", "Kill": "kill_entity.", "Use": "use_item.",
                  "Interact": "use_item.", "right click": "use_item."}.get(self.action.verb)  # fmt: skip
        stats = (info or {}).get("stats") if prefix else None
        if not isinstance(stats, Mapping):
            return False
        total = sum(
            v for k, v in stats.items() if str(k).startswith(prefix) and isinstance(v, int | float)
        )
        if self._baseline is None:
            self._baseline = total
            return False
        return total > self._baseline


def _image_size(obs: Mapping[str, Any] | None) -> tuple[int, int]:
    pov = (obs or {}).get("pov")
    shape = getattr(pov, "shape", None)
    return (int(shape[0]), int(shape[1])) if shape is not None and len(shape) >= 2 else (360, 640)


def _pitch(obs: Mapping[str, Any] | None) -> float:
    stats = (obs or {}).get("location_stats")
    try:
        return float(stats["pitch"]) if isinstance(stats, Mapping) and "pitch" in stats else 0.0
    except (TypeError, ValueError):
        return 0.0


@register("grounding")
@dataclass
class GroundingSpace(ActionSpace):
    """OpenHA grounding actions (grammar: module doc); FOV and turn speed configurable."""

    strict: bool = True
    fov_v_deg: float = 70.0
    aspect: float = 16 / 9
    max_turn_deg: float = 10.0
    name: str = field(default="grounding", repr=False)

    def parse(self, text: str) -> GroundingAction:
        return self.parse_all(text)[0]

    def parse_all(self, text: str) -> list[GroundingAction]:
        if not isinstance(text, str):
            raise ParseError(f"expected a string, got {type(text).__name__}", "", 0, self.name)
        spans = segments(text, _LABEL, ANY_LABEL_RE)
        start, end = spans[0] if spans else (0, len(text))
        return parse_actions(text, start, end, self.strict, self.name)

    def format(self, obj: GroundingAction) -> str:
        self._check(obj)
        return "Grounding: " + format_action(obj)

    def controller(self, **overrides: Any) -> GroundingController:
        """A fresh per-episode controller with this space's geometry."""
        kw = {"fov_v_deg": self.fov_v_deg, "aspect": self.aspect, "max_turn_deg": self.max_turn_deg}
        return GroundingController(**{**kw, **overrides})

    def to_env(self, obj: GroundingAction, obs: Any = None) -> dict:
        """First tick of a fresh controller (stateless); use controller() across ticks."""
        self._check(obj)
        ctrl = self.controller()
        ctrl.reset(obj, obs)
        return ctrl.step(obs)

    def _check(self, obj: Any) -> None:
        if not isinstance(obj, GroundingAction):
            raise ActionError(f"grounding: expected a GroundingAction, got {type(obj).__name__}")
        try:
            text = format_action(obj)
            back = parse_actions(text, 0, len(text), True, self.name)
        except (ParseError, TypeError, ValueError, OverflowError) as err:
            raise ActionError(f"grounding: invalid action {obj!r}: {err}") from None
        if back != [obj]:
            raise ActionError(f"grounding: {obj!r} is not canonical; it reads back as {back[0]!r}")
