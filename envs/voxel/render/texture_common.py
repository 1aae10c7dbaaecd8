"""Small helpers shared by the procedural texture modules: 16x16 RGBA arrays, name-seeded noise.

Noise is seeded by a CRC of the block/item name, so every texture is identical on every machine.
"""

from __future__ import annotations

import zlib

import numpy as np

T = 16  # texture size in texels


def _hex(c: str) -> np.ndarray:
    c = c.lstrip("#")
    return np.array([int(c[k : k + 2], 16) for k in (0, 2, 4)], np.float32)


def _rng(name: str, salt: int = 0) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(name.encode()) + 7919 * salt)


def _rgba(rgb: np.ndarray, alpha: np.ndarray | float = 255.0) -> np.ndarray:
    out = np.empty((T, T, 4), np.uint8)
    out[..., :3] = np.clip(rgb, 0, 255).astype(np.uint8)
    out[..., 3] = np.clip(alpha, 0, 255)
    return out


def _noise(rng, base, amount=0.1, size=(T, T)) -> np.ndarray:
    """Base colour times per-texel brightness noise (grey noise keeps the hue)."""
    f = 1.0 + rng.uniform(-amount, amount, size)[..., None]
    return base[None, None, :] * f


def _blobs(rng, n, rmin=0.8, rmax=1.8) -> np.ndarray:
    """Mask of n random round blobs (wrapping)."""
    yy, xx = np.mgrid[0:T, 0:T]
    m = np.zeros((T, T), bool)
    for _ in range(n):
        cx, cy, r = rng.uniform(0, T), rng.uniform(0, T), rng.uniform(rmin, rmax)
        ddx = np.minimum(abs(xx + 0.5 - cx), T - abs(xx + 0.5 - cx))
        ddy = np.minimum(abs(yy + 0.5 - cy), T - abs(yy + 0.5 - cy))
        m |= ddx * ddx + ddy * ddy < r * r
    return m


def _sprite(rows: list[str], pal: dict[str, np.ndarray]) -> np.ndarray:
    """16x16 RGBA from a character template; '.' is transparent."""
    img = np.zeros((T, T, 4), np.uint8)
    for y, row in enumerate(rows[:T]):
        for x, ch in enumerate(row[:T]):
            if ch != "." and ch in pal:
                img[y, x, :3] = np.clip(pal[ch], 0, 255)
                img[y, x, 3] = 255
    return img

