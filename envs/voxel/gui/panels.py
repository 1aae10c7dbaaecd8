"""Static panel art of the slot screens, drawn in GUI units at `GUI_SCALE` px per unit.

Minecraft 1.16's look: light grey panel with a black rounded outline, white top-left and dark
bottom-right bevels, sunken slot squares (big ones for crafting results and furnace output),
dark grey titles, the player's portrait box, crafting arrows, the furnace flame and arrow.
"""

from __future__ import annotations

import numpy as np

from ..render.font import text_mask
from .base import GUI_SCALE

S = GUI_SCALE
PANEL = (198, 198, 198)
WHITE = (255, 255, 255)
SHADE = (85, 85, 85)
SLOT_DARK = (55, 55, 55)
SLOT_BG = (139, 139, 139)
LABEL = (64, 64, 64)
BLACK = (0, 0, 0)
FLAME = (255, 140, 20)
FLAME_CORE = (255, 226, 80)
# Screen kind → (flame box, progress arrow box) in GUI units (x0, y0, x1, y1)
_FURNACE_FLAME = (56, 36, 70, 50)
_FURNACE_ARROW = (79, 34, 103, 51)
_ARROWS = {"inventory": (135, 30, 151, 43), "crafting_table": (90, 35, 112, 50),
           "furnace": _FURNACE_ARROW}
_BIG_SLOTS = {("crafting_table", "result"), ("furnace", "output")}


def _fill(c: np.ndarray, u0: float, v0: float, u1: float, v1: float, color) -> None:
    c[int(v0 * S) : int(v1 * S), int(u0 * S) : int(u1 * S), :3] = color
    c[int(v0 * S) : int(v1 * S), int(u0 * S) : int(u1 * S), 3] = 255


def _paint(c: np.ndarray, u0: int, v0: int, mask: np.ndarray, color) -> None:
    """Paint a unit-resolution boolean mask at (u0, v0)."""
    m = np.repeat(np.repeat(mask, S, 0), S, 1)
    region = c[v0 * S : v0 * S + m.shape[0], u0 * S : u0 * S + m.shape[1]]
    region[m, :3] = color
    region[m, 3] = 255


def _frame(c: np.ndarray, w: int, h: int) -> None:
    _fill(c, 2, 0, w - 2, h, BLACK)
    _fill(c, 0, 2, w, h - 2, BLACK)
    _fill(c, 1, 1, w - 1, h - 1, BLACK)
    _fill(c, 1, 2, w - 1, h - 2, PANEL)
    _fill(c, 2, 1, w - 2, h - 1, PANEL)
    _fill(c, 2, 1, w - 3, 3, WHITE)
    _fill(c, 1, 2, 3, h - 3, WHITE)
    _fill(c, 3, h - 3, w - 2, h - 1, SHADE)
    _fill(c, w - 3, 3, w - 1, h - 2, SHADE)


def _slot(c: np.ndarray, x: int, y: int, big: bool = False) -> None:
    e = 5 if big else 1
    _fill(c, x - e, y - e, x + 16 + e, y + 16 + e, WHITE)
    _fill(c, x - e, y - e, x + 15 + e, y + 15 + e, SLOT_DARK)
    _fill(c, x - e + 1, y - e + 1, x + 15 + e, y + 15 + e, SLOT_BG)


def arrow_mask(w: int, h: int) -> np.ndarray:
    """A right-pointing arrow filling w × h units: a shaft and a triangular head."""
    yy, xx = np.mgrid[0:h, 0:w]
    mid = (h - 1) / 2
    head_x = w - (h + 1) // 2 - 1
    shaft = (xx < head_x) & (abs(yy - mid) <= h / 6)
    head = (xx >= head_x) & (abs(yy - mid) <= (w - 1 - xx) + 0.5)
    return shaft | head


def flame_mask(w: int, h: int) -> np.ndarray:
    """A teardrop flame, pointed at the top."""
    yy, xx = np.mgrid[0:h, 0:w]
    t = (yy + 0.5) / h
    half = (w / 2) * np.where(t < 0.7, (t / 0.7) ** 0.8, np.sqrt(np.clip(1 - ((t - 0.7) / 0.3) ** 2, 0, 1)))
    return abs(xx + 0.5 - w / 2) <= half


def _player(c: np.ndarray) -> None:
    """The portrait box of the inventory screen with a plain standing figure."""
    _fill(c, 25, 7, 77, 79, SLOT_DARK)
    _fill(c, 26, 8, 77, 79, WHITE)
    _fill(c, 26, 8, 76, 78, BLACK)
    skin, hair, shirt, legs, shoes = (196, 144, 110), (70, 48, 24), (0, 168, 168), (60, 60, 160), (80, 80, 80)
    _fill(c, 46, 14, 56, 24, skin)
    _fill(c, 46, 14, 56, 17, hair)
    _fill(c, 48, 19, 50, 20, (255, 255, 255))
    _fill(c, 52, 19, 54, 20, (255, 255, 255))
    _fill(c, 46, 24, 56, 43, shirt)
    _fill(c, 42, 24, 46, 43, shirt)
    _fill(c, 56, 24, 60, 43, shirt)
    _fill(c, 42, 37, 46, 43, skin)
    _fill(c, 56, 37, 60, 43, skin)
    _fill(c, 46, 43, 51, 62, legs)
    _fill(c, 51, 43, 56, 62, legs)
    _fill(c, 46, 62, 56, 66, shoes)


def panel_canvas(screen) -> tuple[np.ndarray, np.ndarray, tuple, tuple]:
    """(panel RGBA, panel RGBA with full furnace flame/arrow, flame box, arrow box); boxes are
    (y0, y1, x0, x1) in canvas pixels."""
    w, h = screen.panel
    c = np.zeros((h * S, w * S, 4), np.uint8)
    _frame(c, w, h)
    kind = screen.kind
    for s in screen.slots:
        _slot(c, s.x, s.y, (kind, s.role) in _BIG_SLOTS)
    for text, x, y in screen.labels:
        _paint(c, x, y, text_mask(text), LABEL)
    if kind == "inventory":
        _player(c)
    full = c
    flame_box = arrow_box = (0, 0, 0, 0)
    if kind in _ARROWS:
        x0, y0, x1, y1 = _ARROWS[kind]
        _paint(c, x0, y0, arrow_mask(x1 - x0, y1 - y0), SLOT_BG)
        arrow_box = (y0 * S, y1 * S, x0 * S, x1 * S)
    if kind == "furnace":
        full = c.copy()
        fx0, fy0, fx1, fy1 = _FURNACE_FLAME
        m = flame_mask(fx1 - fx0, fy1 - fy0)
        _paint(c, fx0, fy0, m, SLOT_BG)
        _paint(full, fx0, fy0, m, FLAME)
        inner = flame_mask(fx1 - fx0 - 6, fy1 - fy0 - 5)
        _paint(full, fx0 + 3, fy0 + 5, inner, FLAME_CORE)
        flame_box = (fy0 * S, fy1 * S, fx0 * S, fx1 * S)
        ax0, ay0, ax1, ay1 = _FURNACE_ARROW
        _paint(full, ax0, ay0, arrow_mask(ax1 - ax0, ay1 - ay0), WHITE)
    return c, full, flame_box, arrow_box
