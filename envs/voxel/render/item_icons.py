"""Inventory icons: flat sprites for items from `item_templates.yaml`, isometric cubes for blocks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

from .texture_common import T, _sprite

ITEM_TEMPLATES_YAML = Path(__file__).with_name("item_templates.yaml")
# style -> rows of a character template (see the yaml's header for the palette letters)
_ITEM_TEMPLATES: dict[str, list[str]] = yaml.safe_load(ITEM_TEMPLATES_YAML.read_text())


def _item_sprite(style: str, c: np.ndarray) -> np.ndarray:
    rows = _ITEM_TEMPLATES.get(style, _ITEM_TEMPLATES["generic"])
    pad = (
        (T - len(rows)) // 2
        if style
        not in ("pickaxe", "axe", "shovel", "sword", "hoe", "stick", "bone", "arrow", "bow")
        else 1
    )
    rows = ["." * T] * max(0, pad) + rows
    pal = {
        "m": c,
        "M": np.minimum(c * 1.3 + 25, 255),
        "d": c * 0.45,
        "h": np.array([104, 78, 42], np.float32),
        "H": np.array([150, 116, 65], np.float32),
        "w": np.array([235, 235, 225], np.float32),
        "k": np.array([40, 40, 40], np.float32),
        "g": np.array([180, 180, 185], np.float32),
        "G": np.array([225, 225, 230], np.float32),
        "c": c,
        "s": np.array([220, 220, 220], np.float32),
    }
    if style in ("carrot",):
        pal["g"] = np.array([60, 150, 40], np.float32)
    return _sprite(rows, pal)


def iso_cube(top: np.ndarray, side: np.ndarray, size: int = T, front: np.ndarray | None = None):
    """Isometric block icon (size x size RGBA) like Minecraft's inventory: top, left, right."""
    out = np.zeros((size, size, 4), np.uint8)
    s = float(size)
    # parallelograms: origin, u edge, v edge (pixel coordinates), face texture, shade
    cx = s / 2
    faces = (
        ((cx, 0.0), (s / 2 - 0.5, s / 4), (-(s / 2 - 0.5), s / 4), top, 1.0),
        (
            (0.5, s / 4),
            (s / 2 - 0.5, s / 4),
            (0.0, s * 0.56),
            front if front is not None else side,
            0.8,
        ),
        ((cx, s / 2), (s / 2 - 0.5, -s / 4), (0.0, s * 0.56), side, 0.6),
    )
    yy, xx = np.mgrid[0:size, 0:size]
    px = xx + 0.5
    py = yy + 0.5
    for (ox, oy), (ax, ay), (bx, by), tex, shade in faces:
        det = ax * by - ay * bx
        u = ((px - ox) * by - (py - oy) * bx) / det
        v = (ax * (py - oy) - ay * (px - ox)) / det
        m = (u >= 0) & (u < 1) & (v >= 0) & (v < 1)
        iu = np.clip((u * T).astype(int), 0, T - 1)
        iv = np.clip((v * T).astype(int), 0, T - 1)
        texel = tex[iv, iu].astype(np.float32)
        m &= texel[..., 3] > 0
        out[m, :3] = np.clip(texel[m, :3] * shade, 0, 255).astype(np.uint8)
        out[m, 3] = 255
    return out


