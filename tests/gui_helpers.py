"""Helpers for the GUI, crafting and furnace tests.

`with_gui_systems(flat)` turns the conftest `flat` Driver into a world with the furnace and
container systems installed (test modules wrap it in a `gui` fixture); `Mouse` clicks screen
slots the way a player does: camera actions to move the cursor, then a button.
"""

from __future__ import annotations

import numpy as np

from envs.voxel import systems
from envs.voxel.gui import MOUSE_DEG, MOUSE_TO_GUI
from envs.voxel.spaces import parse_action

GUI_SYSTEMS = ["furnace", "gui.containers"]


def with_gui_systems(flat):
    """The flat-world Driver with the GUI's systems (furnace ticking, container blocks)."""
    systems.install(flat.game, GUI_SYSTEMS)
    return flat


def run_actions(game, actions) -> None:
    """Step a Game through env action dicts (what env.step does, without rendering)."""
    buttons = np.zeros(23, np.int8)
    for a in actions:
        d_pitch, d_yaw = parse_action(a, buttons)
        game.tick(buttons, d_pitch, d_yaw)


def look_at_block(d, x: int, y: int, z: int) -> None:
    """Turn the player's camera to the centre of block (x, y, z)."""
    g = d.game
    ex, ey, ez = g.eye()
    dx, dy, dz = x + 0.5 - ex, y + 0.5 - ey, z + 0.5 - ez
    yaw = float(np.degrees(np.arctan2(-dx, dz)))
    pitch = float(np.degrees(-np.arctan2(dy, np.hypot(dx, dz))))
    d.tick(1, camera=(pitch - g.pitch, ((yaw - g.yaw + 180) % 360) - 180))
    d.tick(1)
    assert g.target == (x, y, z), f"looking at {g.target}, wanted {(x, y, z)}"


class Mouse:
    """Moves the cursor onto slots with camera actions and clicks them."""

    def __init__(self, d):
        self.d = d

    @property
    def screen(self):
        return self.d.game.gui

    def move(self, gx: float, gy: float) -> None:
        s = self.screen
        k = MOUSE_DEG / MOUSE_TO_GUI
        for _ in range(4):
            dx, dy = gx - s.cursor[0], gy - s.cursor[1]
            if abs(dx) < 1e-6 and abs(dy) < 1e-6:
                return
            self.d.tick(1, camera=(float(np.clip(dy * k, -180, 180)), float(np.clip(dx * k, -180, 180))))

    def to_slot(self, role: str, index: int | None = None) -> int:
        k = self.screen.find(role, index)
        assert k >= 0, f"no {role} slot {index} on {self.screen.kind}"
        self.move(*self.screen.slot_center(k))
        assert self.screen.hovered() == k
        return k

    def left(self, role: str, index: int | None = None, shift: bool = False) -> None:
        self.to_slot(role, index)
        self.d.tick(1, attack=1, sneak=int(shift))
        self.d.tick(1)

    def right(self, role: str, index: int | None = None) -> None:
        self.to_slot(role, index)
        self.d.tick(1, use=1)
        self.d.tick(1)

    def key(self, name: str) -> None:
        self.d.tick(1, **{name: 1})
        self.d.tick(1)
