"""The base screen with its mouse cursor, slot storage and screen registry.

While a screen is open the camera action moves the mouse cursor (MineRL: 1 unit of mouse = 0.15°
of camera, in a 1280×720 window drawn at 640×360), and movement keys are ignored. Cursor and
slot positions are in GUI coordinates: the pixels of MineRL's 640×360 frame. Screens lay out
their slots in Minecraft GUI units (a slot is 18 units), drawn `GUI_SCALE` pixels per unit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# GUI coordinates are those of MineRL's 640×360 frame
GUI_W, GUI_H = 640, 360
MOUSE_DEG = 0.15  # degrees of camera per mouse unit (VPT/MineRL)
MOUSE_TO_GUI = 0.5  # mouse units are 1280×720 window pixels; the frame is 640×360
# GUI pixels per Minecraft GUI unit: the largest whole scale at which the 166-unit-tall
# inventory fits the frame, so slots stay readable when frames are resized to 128×128.
GUI_SCALE = 2

SCREENS: dict[str, type] = {}


def register(name: str):
    def deco(cls):
        SCREENS[name] = cls
        cls.kind = name
        return cls

    return deco


def cursor_after(x: float, y: float, d_pitch: float, d_yaw: float) -> tuple[float, float]:
    """The cursor position after a camera action (clipped to the frame)."""
    x = min(max(x + d_yaw / MOUSE_DEG * MOUSE_TO_GUI, 0.0), GUI_W - 1.0)
    y = min(max(y + d_pitch / MOUSE_DEG * MOUSE_TO_GUI, 0.0), GUI_H - 1.0)
    return x, y


class Stacks:
    """A row of item stacks shaped like `Inventory`'s arrays (crafting grid, furnace, chest)."""

    def __init__(self, n: int):
        self.item = np.zeros(n, np.int32)
        self.count = np.zeros(n, np.int32)
        self.damage = np.zeros(n, np.int32)

    def __len__(self) -> int:
        return len(self.item)

    def clear_slot(self, k: int) -> None:
        self.item[k] = self.count[k] = self.damage[k] = 0

    def is_empty(self) -> bool:
        return not self.count.any()


@dataclass
class Slot:
    """One clickable slot: `store.item[index]` drawn at GUI units (x, y) (the 16×16 item area)."""

    store: object  # Inventory or Stacks (None for a crafting result)
    index: int
    x: int
    y: int
    role: str  # grid, result, armor, offhand, main, hotbar, input, fuel, output, container


class Screen:
    """A GUI with a cursor. Subclasses add slots and click handling."""

    kind = "screen"

    def __init__(self, game, pos: tuple[int, int, int] | None = None):
        self.pos = pos
        self.cursor = np.array([GUI_W / 2, GUI_H / 2], np.float64)

    def move_cursor(self, d_pitch: float, d_yaw: float) -> None:
        self.cursor[0], self.cursor[1] = cursor_after(self.cursor[0], self.cursor[1], d_pitch, d_yaw)

    def tick(self, game, buttons, pressed, d_pitch: float, d_yaw: float) -> None:
        self.move_cursor(d_pitch, d_yaw)

    def close(self, game) -> None:
        """Return anything held in temporary slots to the player."""


def open_screen(game, kind: str, pos=None) -> Screen:
    if kind not in SCREENS:
        raise ValueError(f"unknown GUI screen {kind!r}; known: {', '.join(sorted(SCREENS))}")
    return SCREENS[kind](game, pos)
