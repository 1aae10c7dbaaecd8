"""Procedural sprites for crossed-quad plants (grass, flowers, saplings, crops, torches ...)."""

from __future__ import annotations

import numpy as np

from .texture_common import T

# Styles that are sprites (crossed quads in the world, flat sprite as an item icon).
SPRITE_STYLES = {
    "plant_grass",
    "flower",
    "sapling",
    "dead_bush",
    "mushroom",
    "crop",
    "cane",
    "web",
    "fire",
    "torch",
}


def _plant_sprite(style: str, name: str, c1, c2, rng) -> np.ndarray:
    """16x16 RGBA sprite with transparent background for crossed-quad plants."""
    img = np.zeros((T, T, 4), np.float32)

    def put(x, y, c):
        if 0 <= x < T and 0 <= y < T:
            img[y, x, :3] = c
            img[y, x, 3] = 255

    if style == "plant_grass":
        for k in range(9):
            x = 1 + int(k * 1.7) + int(rng.integers(0, 2))
            h = int(rng.integers(6, 15))
            lean = rng.uniform(-0.35, 0.35)
            c = c1 * rng.uniform(0.75, 1.15)
            for s in range(h):
                put(int(round(x + lean * s)), T - 1 - s, c * (0.8 + 0.2 * s / h))
    elif style == "flower":
        for y in range(6, T):
            put(7, y, c1)
        for x, y in ((6, 11), (5, 10), (8, 12), (9, 11)):
            put(x, y, c1 * 1.1)
        for x, y in ((7, 2), (6, 3), (8, 3), (7, 4), (6, 5), (8, 5), (5, 4), (9, 4), (7, 6)):
            put(x, y, c2)
        put(7, 4, np.array([250, 220, 60], np.float32) if c2[0] < 200 or c2[2] > 150 else c2 * 0.8)
    elif style == "sapling":
        for y in range(9, T):
            put(7, y, c2)
        for y in range(2, 11):
            for x in range(3, 13):
                if (x - 7.5) ** 2 / 20 + (y - 6) ** 2 / 14 < 1 and rng.uniform() < 0.85:
                    put(x, y, c1 * rng.uniform(0.8, 1.2))
    elif style == "dead_bush":
        for s in range(10):
            put(7, T - 1 - s, c1)
        for k in range(6):
            x, y = 7, T - 4 - k
            dxs = -1 if k % 2 else 1
            for _ in range(int(rng.integers(2, 5))):
                x += dxs
                y -= 1
                put(x, y, c1 * 0.9)
    elif style == "mushroom":
        for y in range(9, T):
            put(7, y, c1)
            put(8, y, c1 * 0.9)
        for y in range(5, 10):
            w = 4 if y > 6 else 3
            for x in range(8 - w, 8 + w):
                put(x, y, c2 * (1.1 if y == 5 else 1.0))
        if c2[0] > 180:
            put(6, 6, c1 * 1.2)
            put(9, 7, c1 * 1.2)
    elif style == "crop":
        for x in (2, 5, 8, 11, 14):
            h = int(rng.integers(8, 15))
            for s in range(h):
                put(x, T - 1 - s, c1 * (0.8 + 0.3 * (s > h - 4)))
    elif style == "cane":
        for x in (3, 8, 12):
            for y in range(T):
                put(x, y, c1 * (0.75 if y % 5 == 0 else 1.0))
                put(x + 1, y, c1 * 0.85)
    elif style == "web":
        for k in range(T):
            put(k, k, c1)
            put(T - 1 - k, k, c1)
            put(7, k, c1)
            put(k, 7, c1)
    elif style == "fire":
        for x in range(T):
            h = int(rng.integers(5, 14))
            for s in range(h):
                put(x, T - 1 - s, c2 if s < h // 2 else c1)
    elif style == "torch":
        for y in range(6, T):
            put(7, y, c1)
            put(8, y, c1 * 0.85)
        for x, y in ((7, 6), (8, 6), (7, 7), (8, 7), (7, 5), (8, 5)):
            put(x, y, c2)
    return np.clip(img, 0, 255).astype(np.uint8)

