"""The VPT contractor `.jsonl` action format, read and written (our recordings use it too).

One JSON object per 20 Hz tick, aligned with video frame i:
`mouse` {dx, dy, x, y, buttons, newButtons, dwheel}, `keyboard` {keys, newKeys}, `isGuiOpen`,
`hotbar` (selected slot 0–8 after the tick), and in our recordings optionally `stats` (cumulative
counters after the tick). Conversion to the MineRL action follows VPT's `data_loader.py` and
`run_inverse_dynamics_model.py` (our own code): keys through KEYBOARD_BUTTON_MAPPING, mouse buttons
0/1/2 → attack/use/pickItem, camera = (dy, dx) × 360/2400 degrees kept as float32 (VPT's released
loader truncates it into an int array — a bug we do not reproduce).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from openha.actions.env import BUTTONS, CAMERA_LIMIT

KEYBOARD_BUTTON_MAPPING: dict[str, str] = {
    "key.keyboard.escape": "ESC", "key.keyboard.s": "back", "key.keyboard.q": "drop",
    "key.keyboard.w": "forward", **{f"key.keyboard.{i}": f"hotbar.{i}" for i in range(1, 10)},
    "key.keyboard.e": "inventory", "key.keyboard.space": "jump", "key.keyboard.a": "left",
    "key.keyboard.d": "right", "key.keyboard.left.shift": "sneak",
    "key.keyboard.left.control": "sprint", "key.keyboard.f": "swapHands",
}  # fmt: skip
BUTTON_KEYS = {v: k for k, v in KEYBOARD_BUTTON_MAPPING.items()}
MOUSE_BUTTONS = {0: "attack", 1: "use", 2: "pickItem"}
CAMERA_SCALER = 360.0 / 2400.0  # degrees per recorded mouse pixel (MineRL's sensitivity)
RECORDED_HEIGHT = 720  # contractor cursor coordinates are in 720p window pixels
_BI = {k: i for i, k in enumerate(BUTTONS)}


@dataclass
class Ticks:
    """A parsed action file: per-tick arrays plus what the parser noticed.

    `keep[i]` is False for ticks whose frame must be dropped (null actions when skipping them,
    broken lines). `cursor[i]` is the GUI cursor (x, y) in recorded pixels, or (-1, -1)."""

    buttons: np.ndarray  # (N, len(BUTTONS)) int8
    camera: np.ndarray  # (N, 2) float32
    keep: np.ndarray  # (N,) bool
    cursor: np.ndarray  # (N, 2) int32
    stats: list[dict[str, int] | None] = field(default_factory=list)
    unknown_keys: Counter = field(default_factory=Counter)
    broken: list[str] = field(default_factory=list)  # "file:line: reason"
    null: int = 0
    stuck_attack_cleared: int = 0

    def __len__(self) -> int:
        return len(self.camera)

    def actions(self, index: np.ndarray | slice = slice(None)) -> dict[str, np.ndarray]:
        """MineRL episode arrays (openha.actions.env.stack layout) for the selected ticks."""
        out = {k: self.buttons[index, i] for k, i in _BI.items()}
        out["camera"] = self.camera[index]
        return out


def read_jsonl(
    path: str | Path,
    *,
    fix_stuck_attack: bool = True,
    skip_null: bool = True,
    track_hotbar: bool = True,
) -> Ticks:
    """Parse a contractor `.jsonl` into MineRL actions, applying VPT's loader rules."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    n = len(lines)
    t = Ticks(
        buttons=np.zeros((n, len(BUTTONS)), np.int8), camera=np.zeros((n, 2), np.float32),
        keep=np.ones(n, bool), cursor=np.full((n, 2), -1, np.int32), stats=[None] * n,
    )  # fmt: skip
    attack_stuck, last_hotbar = False, 0
    for i, line in enumerate(lines):
        try:
            tick = json.loads(line)
            mouse, keys = tick["mouse"], tick["keyboard"]["keys"]
            buttons = list(mouse.get("buttons", []))
            new_buttons = list(mouse.get("newButtons", []))
            dx, dy = float(mouse.get("dx", 0.0)), float(mouse.get("dy", 0.0))
            hotbar = int(tick.get("hotbar", last_hotbar))
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            t.broken.append(f"{path}:{i + 1}: {type(e).__name__}: {e}")
            t.keep[i] = False
            continue
        # Some recordings start with attack held down until the player presses it again.
        if fix_stuck_attack:
            if i == 0:
                attack_stuck = new_buttons == [0]
            elif attack_stuck and 0 in new_buttons:
                attack_stuck = False
            if attack_stuck and 0 in buttons:
                buttons = [b for b in buttons if b != 0]
                t.stuck_attack_cleared += 1
        row = t.buttons[i]
        for key in keys:
            name = KEYBOARD_BUTTON_MAPPING.get(key)
            if name is None:
                t.unknown_keys[key] += 1
            else:
                row[_BI[name]] = 1
        for b in buttons:
            if b in MOUSE_BUTTONS:
                row[_BI[MOUSE_BUTTONS[b]]] = 1
            else:
                t.unknown_keys[f"mouse.{b}"] += 1
        cam = np.clip(np.array([dy, dx]) * CAMERA_SCALER, -CAMERA_LIMIT, CAMERA_LIMIT)
        t.camera[i] = cam
        # The scroll wheel changes the hotbar without a key; the recorded selection shows it.
        if track_hotbar and hotbar != last_hotbar and 0 <= hotbar <= 8:
            row[_BI[f"hotbar.{hotbar + 1}"]] = 1
        last_hotbar = hotbar
        if tick.get("isGuiOpen"):
            t.cursor[i] = (int(mouse.get("x", 0)), int(mouse.get("y", 0)))
        if isinstance(tick.get("stats"), Mapping):
            t.stats[i] = {str(k): int(v) for k, v in tick["stats"].items()}
        if not row.any() and not t.camera[i].any():
            t.null += 1
            if skip_null:
                t.keep[i] = False
    return t


def mouse_units(deg: float) -> float:
    """Camera degrees as recorded mouse units: the shortest decimal that reads back (× 0.15, as
    float32) to exactly `deg` as float32 — whole units for whole-unit turns (as contractors'
    mice record them), and never a lossy value."""
    want = np.float32(deg)
    exact = float(want) / CAMERA_SCALER
    for digits in range(10):
        r = round(exact, digits)
        if np.float32(r * CAMERA_SCALER) == want:
            return float(r)
    return exact


def env_action_to_tick(
    action: Mapping[str, Any],
    *,
    hotbar: int,
    gui_open: bool = False,
    cursor: tuple[int, int] = (0, 0),
    prev_pressed: tuple[set, set] = (set(), set()),
    stats: Mapping[str, int] | None = None,
) -> dict:
    """One MineRL action as a contractor tick (the inverse of `read_jsonl`'s conversion), for
    recorders: `hotbar` is the slot selected after the tick; `prev_pressed` (keys, mouse buttons)
    of the previous tick fills `newKeys`/`newButtons`."""
    keys = [BUTTON_KEYS[b] for b in BUTTONS if b in BUTTON_KEYS and int(action.get(b, 0))]
    mouse = [i for i, b in MOUSE_BUTTONS.items() if int(action.get(b, 0))]
    cam = np.asarray(action.get("camera", (0.0, 0.0)), dtype=np.float64)
    tick = {
        "mouse": {
            "x": int(cursor[0]), "y": int(cursor[1]),
            "dx": mouse_units(cam[1]), "dy": mouse_units(cam[0]),
            "buttons": mouse, "newButtons": [b for b in mouse if b not in prev_pressed[1]], "dwheel": 0,
        },
        "keyboard": {"keys": keys, "newKeys": [k for k in keys if k not in prev_pressed[0]]},
        "isGuiOpen": bool(gui_open),
        "hotbar": int(hotbar),
    }  # fmt: skip
    if stats is not None:
        tick["stats"] = {k: int(v) for k, v in stats.items()}
    return tick


def cursor_sprite(size: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """A white arrow pointer with a dark outline: (size, size, 3) uint8 RGB and (size, size, 1)
    alpha in [0, 1] (our drawing; VPT ships a 16×16 PNG of the same kind)."""
    yy, xx = np.mgrid[0:size, 0:size]
    body = (xx <= yy * 0.6) & (yy < size * 0.8) | (xx <= yy - size * 0.5) & (xx >= yy * 0.3)
    outline = np.zeros_like(body)
    for dy, dx in ((0, 1), (1, 0), (0, -1), (-1, 0)):
        outline |= np.roll(np.roll(body, dy, 0), dx, 1)
    rgb = np.where(body[..., None], 255, 20).astype(np.uint8).repeat(3, axis=2)
    return rgb, (outline | body)[..., None].astype(np.float32)


_CURSOR = cursor_sprite()


def draw_cursor(frame: np.ndarray, x: int, y: int) -> None:
    """Composite the cursor onto an RGB frame in place at recorded 720p coordinates (x, y)."""
    scale = frame.shape[0] / RECORDED_HEIGHT
    x, y = int(x * scale), int(y * scale)
    rgb, alpha = _CURSOR
    h = max(0, min(frame.shape[0] - y, rgb.shape[0]))
    w = max(0, min(frame.shape[1] - x, rgb.shape[1]))
    if h == 0 or w == 0 or x < 0 or y < 0:
        return
    a = alpha[:h, :w]
    region = frame[y : y + h, x : x + w]
    region[:] = (region * (1 - a) + rgb[:h, :w] * a).astype(np.uint8)
