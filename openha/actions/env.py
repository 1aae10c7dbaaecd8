"""`env` — the MineRL 1.0 `HumanSurvival` action dict that every other space converts to.

24 keys: 23 buttons (`ESC attack back forward jump left right sneak sprint use drop inventory
hotbar.1 … hotbar.9 pickItem swapHands`, ints 0/1) and `camera`, float32 shape (2,) =
[pitch, yaw] in degrees per tick (pitch + looks down, yaw + turns right), each within ±180.

Text form (for logs and datasets) is a JSON object listing pressed buttons and the camera;
absent buttons are 0 and an absent camera is [0, 0]:

    {"forward": 1, "attack": 1, "camera": [0.0, 4.5]}
    {}                                  # the no-op
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from openha.actions.base import ActionError, ActionSpace, ParseError, register

BUTTONS: tuple[str, ...] = (
    "ESC", "attack", "back", "forward", "jump", "left", "right", "sneak", "sprint", "use", "drop",
    "inventory", *(f"hotbar.{i}" for i in range(1, 10)), "pickItem", "swapHands",
)  # fmt: skip
KEYS: tuple[str, ...] = (*BUTTONS, "camera")
CAMERA_LIMIT = 180.0
_BUTTON_SET = frozenset(BUTTONS)
_NOOP_BUTTONS = dict.fromkeys(BUTTONS, 0)


def noop() -> dict:
    """A fresh no-op env action with all 24 keys."""
    action = dict(_NOOP_BUTTONS)
    action["camera"] = np.zeros(2, dtype=np.float32)
    return action


def make(pressed: Iterable[str] = (), pitch: float = 0.0, yaw: float = 0.0) -> dict:
    """An env action with the given buttons pressed and camera [pitch, yaw] (trusted input)."""
    action = dict(_NOOP_BUTTONS)
    for key in pressed:
        action[key] = 1
    action["camera"] = np.array([pitch, yaw], dtype=np.float32)
    return action


def _bad_key(key: Any) -> ActionError:
    close = difflib.get_close_matches(str(key), KEYS, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return ActionError(f"env action: unknown key {key!r}; {hint}valid keys are {', '.join(KEYS)}")


def _button(key: str, value: Any) -> int:
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, bool | np.bool_):
        return int(value)
    if isinstance(value, int | np.integer) and value in (0, 1):
        return int(value)
    raise ActionError(
        f"env action: key {key!r} = {value!r} ({type(value).__name__}) is not a button state; "
        "use 0 (released) or 1 (pressed)"
    )


def camera_array(value: Any, key: str = "camera") -> np.ndarray:
    """Validate a camera value and return it as float32 [pitch, yaw]."""
    try:
        cam = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ActionError(
            f"env action: {key!r} = {value!r} is not numeric; use [pitch, yaw] in degrees, "
            "e.g. np.array([0.0, 5.0], dtype=np.float32)"
        ) from None
    if cam.shape != (2,):
        raise ActionError(
            f"env action: {key!r} has shape {cam.shape}, expected (2,) = [pitch, yaw] in degrees, "
            "e.g. np.array([0.0, 5.0], dtype=np.float32)"
        )
    if not np.all(np.isfinite(cam)):
        raise ActionError(f"env action: {key!r} = {cam.tolist()} is not finite; use finite degrees")
    if np.any(np.abs(cam) > CAMERA_LIMIT):
        raise ActionError(
            f"env action: {key!r} = {cam.tolist()} is outside ±{CAMERA_LIMIT:g}° per tick; "
            "split the turn over several ticks"
        )
    return cam.astype(np.float32)


def validate(action: Mapping[str, Any], fill_missing: bool = True) -> dict:
    """A checked copy with all 24 keys (missing ones 0 / [0, 0] unless fill_missing=False)."""
    if not isinstance(action, Mapping):
        raise ActionError(
            f"env action: expected a dict of MineRL keys, got {type(action).__name__}; "
            "start from openha.actions.env.noop()"
        )
    out = dict(_NOOP_BUTTONS)
    out["camera"] = np.zeros(2, dtype=np.float32)
    for key, value in action.items():
        if key in _BUTTON_SET:
            out[key] = _button(key, value)
        elif key == "camera":
            out["camera"] = camera_array(value)
        else:
            raise _bad_key(key)
    if not fill_missing:
        missing = [k for k in KEYS if k not in action]
        if missing:
            raise ActionError(
                f"env action: missing keys {', '.join(missing)}; start from openha.actions.env.noop()"
            )
    return out


def is_noop(action: Mapping[str, Any]) -> bool:
    """True when no button is pressed and the camera does not move."""
    if any(action.get(k, 0) for k in BUTTONS):
        return False
    cam = action.get("camera")
    return cam is None or not np.any(np.asarray(cam))


def stack(actions: Iterable[Mapping[str, Any]]) -> dict[str, np.ndarray]:
    """Episode arrays from a list of env actions: each button (T,) int8, camera (T, 2) float32."""
    actions = list(actions)
    out = {k: np.array([a.get(k, 0) for a in actions], dtype=np.int8) for k in BUTTONS}
    cams = [np.asarray(a.get("camera", (0.0, 0.0)), dtype=np.float32) for a in actions]
    out["camera"] = np.stack(cams) if cams else np.zeros((0, 2), dtype=np.float32)
    return out


def unstack(batch: Mapping[str, np.ndarray]) -> list[dict]:
    """The inverse of `stack`: a list of env actions with Python int buttons."""
    n = len(batch["camera"])
    cols = {k: np.asarray(batch[k]).tolist() if k in batch else [0] * n for k in BUTTONS}
    cams = np.asarray(batch["camera"], dtype=np.float32)
    return [{**{k: cols[k][t] for k in BUTTONS}, "camera": cams[t].copy()} for t in range(n)]


@register("env")
class EnvSpace(ActionSpace):
    """The MineRL dict itself; text form is JSON (see module docstring)."""

    name = "env"

    def parse(self, text: str) -> dict:
        if not isinstance(text, str):
            raise ParseError(f"expected a string, got {type(text).__name__}", "", 0, self.name)
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as err:
            raise ParseError(f"invalid JSON: {err.msg}", text, err.pos, self.name) from None
        except (RecursionError, ValueError) as err:  # e.g. nesting, > 4300-digit integers
            raise ParseError(f"unreadable JSON: {err}", text, 0, self.name) from None
        if not isinstance(obj, dict):
            raise ParseError("expected a JSON object of MineRL keys", text, 0, self.name)
        try:
            return validate(obj)
        except ActionError as err:
            bad = next(k for k in obj if not _valid_item(k, obj[k]))
            pos = text.find(json.dumps(bad))
            raise ParseError(str(err), text, max(pos, 0), self.name) from None

    def format(self, obj: Mapping[str, Any]) -> str:
        action = validate(obj)
        out: dict[str, Any] = {k: 1 for k in BUTTONS if action[k]}
        pitch, yaw = (float(v) for v in action["camera"])
        if pitch or yaw:
            out["camera"] = [_short(pitch), _short(yaw)]
        return json.dumps(out)

    def to_env(self, obj: Mapping[str, Any], obs: Any = None) -> dict:
        return validate(obj)

    def from_env(self, env_action: Mapping[str, Any]) -> dict:
        return validate(env_action)


def _valid_item(key: str, value: Any) -> bool:
    try:
        validate({key: value})
    except ActionError:
        return False
    return True


def _short(x: float) -> float | int:
    return int(x) if x == int(x) and math.isfinite(x) and abs(x) < 1e15 else x
