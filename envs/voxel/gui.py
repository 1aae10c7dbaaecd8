"""GUI screens opened by `inventory` or by using a block. While a screen is open the camera
action moves the mouse cursor (MineRL: 1 unit of mouse = 0.15° of camera, in a 1280×720 window
drawn at 640×360), and movement keys are ignored.

Screens register themselves in `SCREENS` (name → class); this module holds the base screen with
the cursor. Slot screens (player inventory, crafting table, furnace, chest) extend it.
"""

from __future__ import annotations

import numpy as np

# GUI coordinates are those of MineRL's 640×360 frame
GUI_W, GUI_H = 640, 360
MOUSE_DEG = 0.15  # degrees of camera per mouse unit (VPT/MineRL)
MOUSE_TO_GUI = 0.5  # mouse units are 1280×720 window pixels; the frame is 640×360

SCREENS: dict[str, type] = {}


def register(name: str):
    def deco(cls):
        SCREENS[name] = cls
        return cls

    return deco


class Screen:
    """A GUI with a cursor. Subclasses add slots and click handling."""

    kind = "screen"

    def __init__(self, game, pos: tuple[int, int, int] | None = None):
        self.pos = pos
        self.cursor = np.array([GUI_W / 2, GUI_H / 2], np.float64)

    def move_cursor(self, d_pitch: float, d_yaw: float) -> None:
        self.cursor[0] = np.clip(self.cursor[0] + d_yaw / MOUSE_DEG * MOUSE_TO_GUI, 0, GUI_W - 1)
        self.cursor[1] = np.clip(self.cursor[1] + d_pitch / MOUSE_DEG * MOUSE_TO_GUI, 0, GUI_H - 1)

    def tick(self, game, buttons, pressed, d_pitch: float, d_yaw: float) -> None:
        self.move_cursor(d_pitch, d_yaw)

    def close(self, game) -> None:
        """Return anything held in temporary slots to the player."""


@register("inventory")
class InventoryScreen(Screen):
    kind = "inventory"


def open_screen(game, kind: str, pos=None) -> Screen:
    if kind not in SCREENS:
        raise ValueError(f"unknown GUI screen {kind!r}; known: {', '.join(sorted(SCREENS))}")
    return SCREENS[kind](game, pos)
