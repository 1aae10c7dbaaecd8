"""MineRL 1.0 `HumanSurvival` action space and VoxelWorld's observation space, with validation.

Actions are dicts of 23 buttons (0/1) plus `camera` = [pitch, yaw] degrees. Missing keys mean
"not pressed" (MineRL's `noop()` filled in); unknown keys, wrong types and bad shapes raise
`ActionError` naming the key, the value and the fix.
"""

from __future__ import annotations

import math
from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces

BUTTONS: tuple[str, ...] = (
    "ESC", "attack", "back", "forward", "jump", "left", "right", "sneak", "sprint", "use",
    "drop", "inventory", *(f"hotbar.{i}" for i in range(1, 10)), "pickItem", "swapHands",
)
ACTION_KEYS: tuple[str, ...] = (*BUTTONS, "camera")
B = {name: i for i, name in enumerate(BUTTONS)}
CAMERA_LIMIT = 180.0


class ActionError(ValueError):
    """An env action that does not fit the MineRL 1.0 action space."""


class MineRLActionSpace(spaces.Dict):
    """gymnasium Dict of the 24 MineRL keys, with MineRL's `noop()` helper."""

    def noop(self) -> dict[str, Any]:
        return noop()


def action_space() -> MineRLActionSpace:
    d: dict[str, gym.Space] = {k: spaces.Discrete(2) for k in BUTTONS}
    d["camera"] = spaces.Box(-CAMERA_LIMIT, CAMERA_LIMIT, shape=(2,), dtype=np.float32)
    return MineRLActionSpace(d)


def noop() -> dict[str, Any]:
    """The null action: every button released, camera still (a fresh dict each call)."""
    a: dict[str, Any] = {k: 0 for k in BUTTONS}
    a["camera"] = np.zeros(2, np.float32)
    return a


_BUTTON_SET = frozenset(BUTTONS)
# value types taken as they are (int() is exact for them); anything else is checked in full
_INT_TYPES = frozenset((int, bool, np.int64, np.int32, np.int16, np.int8, np.uint8, np.bool_))


def parse_action(action: Any, buttons: np.ndarray) -> tuple[float, float]:
    """Validate a MineRL action dict into `buttons` (int8[23], overwritten) and return camera
    (pitch, yaw). Raises ActionError with the offending key and how to fix it."""
    if not isinstance(action, dict):
        raise ActionError(
            f"action must be a dict of MineRL keys (got {type(action).__name__}); "
            "start from env.action_space.noop() or envs.voxel.spaces.noop()"
        )
    pressed = [0] * len(BUTTONS)
    pitch = yaw = 0.0
    for key, value in action.items():
        if key == "camera":
            pitch, yaw = _camera(value)
            continue
        k = B.get(key) if isinstance(key, str) else None
        if k is None:
            raise ActionError(_unknown_key(key))
        if type(value) in _INT_TYPES:
            v = int(value)
            if v == 0 or v == 1:
                pressed[k] = v
                continue
            raise ActionError(f"action[{key!r}] = {value!r}: buttons take 0 or 1")
        try:
            v = int(value)
        except (TypeError, ValueError):
            raise ActionError(
                f"action[{key!r}] = {value!r}: buttons take 0 or 1 (int or bool)"
            ) from None
        if v != value or v not in (0, 1):
            raise ActionError(f"action[{key!r}] = {value!r}: buttons take 0 or 1")
        pressed[k] = v
    buttons[:] = pressed
    return pitch, yaw


def _camera(value: Any) -> tuple[float, float]:
    if isinstance(value, np.ndarray) and value.shape == (2,) and value.dtype.kind == "f":
        p, y = float(value[0]), float(value[1])  # the common case, without array maths
        if math.isfinite(p) and math.isfinite(y) and max(abs(p), abs(y)) <= CAMERA_LIMIT:
            return p, y
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ActionError(
            f"action['camera'] = {value!r}: expected [pitch, yaw] in degrees"
        ) from None
    if arr.shape == (1, 2):  # MineRL batches of one are common in user code
        arr = arr[0]
    if arr.shape != (2,):
        raise ActionError(
            f"action['camera'] has shape {arr.shape}: expected (2,) = [pitch, yaw] in degrees"
        )
    if not np.all(np.isfinite(arr)):
        raise ActionError(f"action['camera'] = {arr.tolist()}: must be finite numbers")
    if np.any(np.abs(arr) > CAMERA_LIMIT):
        raise ActionError(
            f"action['camera'] = {arr.tolist()}: each of pitch/yaw must be within ±{CAMERA_LIMIT:g}°"
        )
    return float(arr[0]), float(arr[1])


def _unknown_key(key: Any) -> str:
    import difflib

    close = difflib.get_close_matches(str(key), ACTION_KEYS, n=2)
    hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
    return f"unknown action key {key!r}{hint}; MineRL 1.0 keys are: {', '.join(ACTION_KEYS)}"


class ItemCounts(spaces.Space):
    """{item name: count} for the items the player has (a sparse dict, like MineRL's inventory
    observation without the thousand zero entries)."""

    def __init__(self, item_names: tuple[str, ...], max_count: int = 41 * 64):
        super().__init__(shape=None, dtype=None)
        self.item_names = frozenset(item_names)
        self.max_count = max_count

    def contains(self, x: Any) -> bool:
        return isinstance(x, dict) and all(
            k in self.item_names and isinstance(v, int | np.integer) and 0 <= v <= self.max_count
            for k, v in x.items()
        )

    def sample(self, mask: Any = None, probability: Any = None) -> dict[str, int]:
        names = sorted(self.item_names)
        k = int(self.np_random.integers(0, 5))
        picks = self.np_random.choice(len(names), size=k, replace=False)
        return {names[i]: int(self.np_random.integers(1, 65)) for i in picks}

    @property
    def is_np_flattenable(self) -> bool:
        return False

    def __repr__(self) -> str:
        return f"ItemCounts({len(self.item_names)} items)"

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, ItemCounts) and other.item_names == self.item_names


def _box(lo, hi, shape=(), dtype=np.float32):
    return spaces.Box(lo, hi, shape=shape, dtype=dtype)


def observation_space(width: int, height: int, item_names: tuple[str, ...]) -> spaces.Dict:
    """pov + inventory + equipped_items + life_stats + location_stats + is_gui_open."""
    inf = np.float32(np.inf)
    return spaces.Dict(
        {
            "pov": spaces.Box(0, 255, shape=(height, width, 3), dtype=np.uint8),
            "inventory": ItemCounts(item_names),
            "equipped_items": spaces.Dict(
                {
                    "mainhand": spaces.Dict(
                        {
                            "type": spaces.Text(max_length=64, charset=_NAME_CHARS),
                            "damage": _box(0, 10000, dtype=np.int32),
                            "maxDamage": _box(0, 10000, dtype=np.int32),
                        }
                    )
                }
            ),
            "life_stats": spaces.Dict(
                {
                    "life": _box(0, 20),
                    "food": _box(0, 20, dtype=np.int32),
                    "saturation": _box(0, 20),
                    "air": _box(0, 300, dtype=np.int32),
                }
            ),
            "location_stats": spaces.Dict(
                {
                    "xpos": _box(-inf, inf),
                    "ypos": _box(-inf, inf),
                    "zpos": _box(-inf, inf),
                    "pitch": _box(-90, 90),
                    "yaw": _box(-180, 180),
                }
            ),
            "is_gui_open": spaces.Discrete(2),
        }
    )


_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
