"""Procedural 16x16 block textures: (top, side, bottom) RGBA per style named in `colors.yaml`."""

from __future__ import annotations

import numpy as np

from .plant_sprites import SPRITE_STYLES, _plant_sprite
from .texture_common import T, _blobs, _noise, _rgba, _rng


def _style_textures(style: str, name: str, c1: np.ndarray, c2: np.ndarray | None):
    """(top, side, bottom) RGBA textures for one block style."""
    rng = _rng(name)
    yy, xx = np.mgrid[0:T, 0:T]
    if c2 is None:
        c2 = c1 * 0.6

    def noise(c=c1, a=0.1):
        return _rgba(_noise(rng, c, a))

    if style == "stone":
        rgb = _noise(rng, c1, 0.06)
        rgb[_blobs(rng, 7, 0.6, 1.4)] *= 0.82
        rgb[_blobs(rng, 4, 0.5, 1.0)] *= 1.12
        t = _rgba(rgb)
        return t, t, t
    if style == "cobble":
        pts = rng.uniform(0, T, (9, 2))
        d = np.full((T, T), 1e9)
        d2 = np.full((T, T), 1e9)
        for px, py in pts:
            ddx = np.minimum(abs(xx + 0.5 - px), T - abs(xx + 0.5 - px))
            ddy = np.minimum(abs(yy + 0.5 - py), T - abs(yy + 0.5 - py))
            dd = np.sqrt(ddx * ddx + ddy * ddy)
            d2 = np.where(dd < d, d, np.minimum(d2, dd))
            d = np.minimum(d, dd)
        edge = (d2 - d) < 1.3
        rgb = _noise(rng, c1, 0.07) * (1.08 - 0.04 * d[..., None] / 3)
        rgb[edge] = c1 * 0.55
        t = _rgba(rgb)
        return t, t, t
    if style == "ore":
        rgb = _noise(rng, c1, 0.06)
        rgb[_blobs(rng, 5, 0.6, 1.3)] *= 0.85
        for _ in range(5):
            cx, cy = rng.integers(1, T - 2, 2)
            for ox, oy in ((0, 0), (1, 0), (0, 1), (1, 1)):
                if rng.uniform() < 0.8:
                    rgb[cy + oy, cx + ox] = c2 * rng.uniform(0.85, 1.1)
            rgb[cy, cx] = np.minimum(c2 * 1.25 + 30, 255)
        t = _rgba(rgb)
        return t, t, t
    if style == "dirt":
        rgb = _noise(rng, c1, 0.08)
        rgb[_blobs(rng, 6, 0.5, 1.0)] *= 0.75
        rgb[_blobs(rng, 4, 0.5, 0.9)] *= 1.18
        t = _rgba(rgb)
        return t, t, t
    if style == "grass_block":
        top = _noise(rng, c1, 0.12)
        top[_blobs(rng, 6, 0.5, 1.0)] *= 0.85
        dirt = _noise(rng, c2, 0.08)
        dirt[_blobs(rng, 6, 0.5, 1.0)] *= 0.75
        side = dirt.copy()
        fringe = 3 + rng.integers(0, 3, T)
        fringe[rng.uniform(size=T) < 0.25] = 1
        for x in range(T):
            side[: fringe[x], x] = c1 * rng.uniform(0.85, 1.1, (fringe[x], 1))
        return _rgba(top), _rgba(side), _rgba(dirt)
    if style in ("sand", "snow"):
        rgb = _noise(rng, c1, 0.05 if style == "sand" else 0.03)
        rgb[_blobs(rng, 6, 0.4, 0.8)] *= 0.93
        t = _rgba(rgb)
        return t, t, t
    if style == "gravel":
        rgb = _noise(rng, c1, 0.1)
        for f in (0.65, 1.25, 0.8, 1.15):
            rgb[_blobs(rng, 5, 0.6, 1.3)] = c1 * f
        t = _rgba(rgb)
        return t, t, t
    if style == "bedrock":
        rgb = _noise(rng, c1, 0.1)
        rgb[_blobs(rng, 8, 0.6, 1.6)] *= 0.45
        rgb[_blobs(rng, 6, 0.6, 1.4)] *= 1.6
        t = _rgba(rgb)
        return t, t, t
    if style in ("log", "log_all"):
        col = 1.0 + rng.uniform(-0.12, 0.12, T)
        col[rng.integers(0, T, 4)] = 0.7
        side = c1[None, None, :] * col[None, :, None] * (1 + rng.uniform(-0.06, 0.06, (T, T, 1)))
        if name.startswith("birch"):
            side[_blobs(rng, 5, 0.5, 1.1) & (yy % 5 < 2)] = [40, 40, 35]
        if style == "log_all":
            t = _rgba(side)
            return t, t, t
        ring = np.maximum(abs(xx - 7.5), abs(yy - 7.5))
        top = c2[None, None, :] * (1.0 - 0.12 * ((ring.astype(int) % 2) == 0))[..., None]
        top = top * (1 + rng.uniform(-0.04, 0.04, (T, T, 1)))
        top[ring > 6.6] = side[ring > 6.6]
        return _rgba(top), _rgba(side), _rgba(top)
    if style == "planks":
        rgb = _noise(rng, c1, 0.05)
        rgb *= (1.0 + 0.05 * np.sin(xx * 1.7 + yy * 0.3))[..., None]
        rgb[yy % 4 == 3] = c1 * 0.62
        for band in range(4):
            x = (band * 7 + 3) % T
            rgb[band * 4 : band * 4 + 3, x] = c1 * 0.7
        t = _rgba(rgb)
        return t, t, t
    if style == "leaves":
        rgb = _noise(rng, c1, 0.15)
        rgb[_blobs(rng, 10, 0.5, 0.9)] *= 1.2
        rgb[rng.uniform(size=(T, T)) < 0.2] = c1 * 0.35
        t = _rgba(rgb)
        return t, t, t
    if style == "water":
        rgb = _noise(rng, c1 * 0.8, 0.04)
        waves = np.sin(xx * 0.8 + 2.0 * np.sin(yy * 0.5)) > 0.8
        rgb[waves] = np.minimum(c1 * 0.95 + 10, 255)
        t = _rgba(rgb, 165)
        return t, t, t
    if style == "lava":
        rgb = _noise(rng, c1, 0.1)
        rgb[_blobs(rng, 7, 0.8, 1.8)] = [250, 160, 30]
        rgb[_blobs(rng, 4, 0.5, 1.0)] = [255, 220, 80]
        t = _rgba(rgb)
        return t, t, t
    if style == "glass":
        a = np.zeros((T, T))
        rgb = np.tile(c1, (T, T, 1))
        edge = (xx == 0) | (yy == 0) | (xx == T - 1) | (yy == T - 1)
        a[edge] = 255
        streak = ((xx + yy == 5) | (xx + yy == 6) | (xx + yy == 10)) & (xx > 1) & (yy > 1)
        a[streak & (xx < 8)] = 255
        rgb[streak] = np.minimum(c1 * 1.1, 255)
        rgb[edge] = c1 * 0.9
        t = _rgba(rgb, a)
        return t, t, t
    if style in ("stained_glass", "ice"):
        rgb = _noise(rng, c1, 0.03)
        a = np.full((T, T), 110.0 if style == "stained_glass" else 170.0)
        edge = (xx == 0) | (yy == 0) | (xx == T - 1) | (yy == T - 1)
        a[edge] = 200
        rgb[edge] *= 0.8
        if style == "ice":
            rgb[(xx + yy) % 9 == 0] = np.minimum(c1 * 1.15, 255)
        t = _rgba(rgb, a)
        return t, t, t
    if style == "bars":
        a = np.where((xx % 5 == 2) | (yy == 0) | (yy == T - 1), 255, 0)
        t = _rgba(_noise(rng, c1, 0.05), a)
        return t, t, t
    if style == "wool":
        rgb = _noise(rng, c1, 0.06)
        rgb[(xx + yy * 2) % 4 == 0] *= 0.92
        t = _rgba(rgb)
        return t, t, t
    if style == "bricks":
        rgb = _noise(rng, c1, 0.08)
        mortar = (yy % 4 == 3) | ((xx + 4 * ((yy // 4) % 2)) % 8 == 7)
        rgb[mortar] = [180, 175, 165] if style == "bricks" and c1[0] > c1[2] else c1 * 0.7
        t = _rgba(rgb)
        return t, t, t
    if style == "stone_bricks":
        rgb = _noise(rng, c1, 0.06)
        mortar = (yy % 8 == 7) | ((xx + 8 * ((yy // 8) % 2)) % 16 == 15)
        rgb[mortar] = c1 * 0.6
        rgb[(yy % 8 == 0) & ~mortar] *= 1.12
        t = _rgba(rgb)
        return t, t, t
    if style == "sandstone":
        rgb = _noise(rng, c1, 0.04)
        side = rgb.copy()
        side[(yy == 3) | (yy == 12)] *= 0.88
        side[yy < 2] *= 1.05
        return _rgba(rgb), _rgba(side), _rgba(rgb)
    if style == "metal_block":
        rgb = _noise(rng, c1, 0.04)
        edge = (xx == 0) | (yy == 0) | (xx == T - 1) | (yy == T - 1)
        rgb[edge] *= 0.72
        rgb[(xx == 1) | (yy == 1)] *= 1.12
        t = _rgba(rgb)
        return t, t, t
    if style == "glowstone":
        rgb = _noise(rng, c1, 0.15)
        rgb[_blobs(rng, 6, 0.8, 1.5)] = np.minimum(c1 * 1.3 + 30, 255)
        rgb[_blobs(rng, 5, 0.5, 1.0)] = c1 * 0.6
        t = _rgba(rgb)
        return t, t, t
    if style == "crafting_table":
        planks = _style_textures("planks", name, c1, None)[0].astype(np.float32)[..., :3]
        top = planks.copy()
        top[(xx % 5 == 0) | (yy % 5 == 0)] = c2 * 0.8
        top[(xx == 0) | (yy == 0) | (xx == T - 1) | (yy == T - 1)] = c2 * 0.7
        side = planks.copy()
        side[:3] = c2
        side[4:12, 3:5] = [110, 110, 115]  # saw blade
        side[4:6, 9:14] = [120, 120, 120]  # hammer head
        side[6:13, 11] = c2 * 0.9  # hammer handle
        side[(xx == 0) | (xx == T - 1) | (yy == T - 1)] = c2 * 0.8
        return _rgba(top), _rgba(side), _rgba(planks)
    if style == "furnace":
        base = _style_textures("stone", name, c1, None)[0].astype(np.float32)[..., :3]
        side = base.copy()
        side[(xx == 0) | (yy == 0) | (xx == T - 1) | (yy == T - 1)] *= 0.75
        side[8:14, 4:12] = [35, 32, 30]
        side[12:14, 5:11] = [60, 45, 35]
        side[3:5, 4:12] *= 0.7
        top = base * 1.05
        return _rgba(top), _rgba(side), _rgba(top)
    if style == "chest":
        rgb = _noise(rng, c1, 0.06)
        rgb[(xx % 16 == 0) | (xx == T - 1) | (yy == 0) | (yy == T - 1)] = c1 * 0.55
        side = rgb.copy()
        side[5] = c1 * 0.45
        side[4:8, 7:9] = [200, 200, 200]
        return _rgba(rgb), _rgba(side), _rgba(rgb)
    if style == "bookshelf":
        planks = _style_textures("planks", name, c1, None)[0].astype(np.float32)[..., :3]
        side = planks.copy()
        books = [[140, 40, 40], [40, 70, 140], [50, 110, 50], [150, 120, 50], [90, 50, 110]]
        for row0 in (1, 9):
            for x in range(1, T - 1):
                side[row0 : row0 + 6, x] = np.array(books[rng.integers(0, 5)], np.float32)
        return _rgba(planks), _rgba(side), _rgba(planks)
    if style == "tnt":
        side = _noise(rng, c1, 0.05)
        side[(xx % 4 == 0)] *= 0.85
        side[5:11] = [230, 230, 225]
        for x0 in (2, 10):  # two T letters
            side[6, x0 : x0 + 4] = 30
            side[6:10, x0 + 1 : x0 + 3] = 30
        side[6:10, 6] = side[6:10, 9] = 30
        side[7, 7] = side[8, 8] = 30
        top = _noise(rng, np.array([160, 160, 160], np.float32), 0.05)
        top[6:10, 6:10] = [60, 40, 40]
        return _rgba(top), _rgba(side), _rgba(top)
    if style in ("pumpkin", "melon"):
        side = _noise(rng, c1, 0.06)
        side[(xx % 4 == 0)] *= 0.82
        if style == "melon":
            side[(xx % 4 == 2)] = c1 * 1.3
        if name in ("carved_pumpkin", "jack_o_lantern"):
            lit = [250, 210, 60] if name == "jack_o_lantern" else [40, 25, 10]
            side[4:7, 3:6] = side[4:7, 10:13] = lit
            side[10:12, 3:13] = lit
        top = _noise(rng, c1 * 0.95, 0.05)
        top[np.maximum(abs(xx - 7.5), abs(yy - 7.5)) < 1.6] = [90, 70, 30]
        return _rgba(top), _rgba(side), _rgba(top)
    if style == "cactus":
        side = _noise(rng, c1, 0.05)
        side[(xx % 4 == 1)] *= 0.75
        side[(yy % 4 == 0) & (xx % 4 == 3)] = [30, 30, 20]
        top = _noise(rng, c1 * 1.1, 0.05)
        return _rgba(top), _rgba(side), _rgba(top)
    if style == "hay":
        side = _noise(rng, c1, 0.08)
        side[(yy % 8 == 2)] = [120, 40, 30]
        top = _noise(rng, c1 * 0.9, 0.1)
        return _rgba(top), _rgba(side), _rgba(top)
    if style == "rail":
        a = np.zeros((T, T))
        rgb = np.tile(c2, (T, T, 1))
        ties = (yy % 4 == 1) & (xx > 1) & (xx < 14)
        a[ties] = 255
        rails = (xx == 3) | (xx == 12)
        rgb[rails] = c1
        a[rails] = 255
        t = _rgba(rgb, a)
        return t, t, t
    if style in SPRITE_STYLES:
        spr = _plant_sprite(style, name, c1, c2, rng)
        if style == "torch":
            top = np.zeros((T, T, 4), np.uint8)
            top[..., :3] = np.clip(c2, 0, 255)
            top[..., 3] = 255
            return top, spr, spr
        return spr, spr, spr
    # "noise" and anything unknown
    t = noise()
    return t, t, t

