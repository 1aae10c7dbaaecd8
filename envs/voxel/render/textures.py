"""Procedural 16x16 block textures, item icons and the renderer's per-block tables.

Everything is generated from block/item names and the rules in `colors.yaml` (style + colours +
render shape); no Minecraft assets are shipped. Noise is seeded by a CRC of the name, so the
atlas is identical on every machine and run. `load_assets(gd)` builds and caches it all (~0.3 s).
"""

from __future__ import annotations

import fnmatch
import functools
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from ..gamedata import GameData
from .raycast import AIR, BOX, CROSS, CUBE, GLASS, LIQUID, TINTED

COLORS_YAML = Path(__file__).with_name("colors.yaml")
T = 16

SHAPE_KINDS = {
    "air": AIR,
    "cube": CUBE,
    "cross": CROSS,
    "liquid": LIQUID,
    "glass": GLASS,
    "tinted": TINTED,
}
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
VARIANT_SUFFIXES = (
    "_stairs",
    "_slab",
    "_wall",
    "_fence_gate",
    "_fence",
    "_door",
    "_trapdoor",
    "_wall_sign",
    "_sign",
    "_pressure_plate",
    "_button",
)


@dataclass
class RenderAssets:
    """Per-block tables the ray caster reads, the texture atlas and item icons."""

    kind: np.ndarray  # uint8 (n_blocks,) render kind (raycast.AIR ...)
    face_tex: np.ndarray  # int32 (n_blocks, 3) atlas layer for top / side / bottom
    atlas: np.ndarray  # uint8 (n_layers, 16, 16, 4) RGBA
    boxes: np.ndarray  # float32 (n_blocks, 6) partial box bounds in block units
    emissive: np.ndarray  # bool (n_blocks,)
    block_colors: np.ndarray  # float32 (n_blocks, 3) mean colour of the side texture
    icons: np.ndarray  # uint8 (n_items, 16, 16, 4) RGBA inventory icons
    item_colors: np.ndarray  # float32 (n_items, 3) mean icon colour (item drop boxes)
    crack: np.ndarray  # uint8 (16, 16): destroy stage (0..9) from which a texel is cracked
    item_is_block: np.ndarray  # bool (n_items,): icon is an isometric cube


# ----------------------------------------------------------------------------------- helpers
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


# ----------------------------------------------------------------------------- block styles
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


# ----------------------------------------------------------------------------------- items
_ITEM_TEMPLATES: dict[str, list[str]] = {
    "pickaxe": [
        "................",
        "...dddddd.......",
        "..dMMmmmmdd.....",
        "...ddddddmmd....",
        "........dHmmd...",
        ".......hHd.dmd..",
        "......hHh..dmd..",
        ".....hHh....dd..",
        "....hHh.........",
        "...hHh..........",
        "..hHh...........",
        ".hHh............",
        ".hh.............",
    ],
    "axe": [
        "................",
        "......dd........",
        ".....dMmd.......",
        "....dMmmmd......",
        "....dmmmmHh.....",
        ".....dmmhHd.....",
        "......dhHmd.....",
        "......hHhd......",
        ".....hHh........",
        "....hHh.........",
        "...hHh..........",
        "..hHh...........",
        ".hHh............",
        ".hh.............",
    ],
    "shovel": [
        "................",
        "...........ddd..",
        "..........dMmd..",
        ".........dMmmd..",
        ".........dmmmd..",
        "........hdmmd...",
        ".......hHddd....",
        "......hHh.......",
        ".....hHh........",
        "....hHh.........",
        "...hHh..........",
        "..hHh...........",
        ".hHh............",
        ".hh.............",
    ],
    "sword": [
        "................",
        ".............dd.",
        "............dMd.",
        "...........dMmd.",
        "..........dMmd..",
        ".........dMmd...",
        "........dMmd....",
        "...dd..dMmd.....",
        "...dmddMmd......",
        "....dmMmd.......",
        ".....hmd........",
        "....hHddd.......",
        "...hHh..d.......",
        "..hHh...........",
        "..hh............",
    ],
    "hoe": [
        "................",
        "....ddddddd.....",
        "...dMMmmmmHd....",
        "....dddddhHd....",
        "........hHh.....",
        ".......hHh......",
        "......hHh.......",
        ".....hHh........",
        "....hHh.........",
        "...hHh..........",
        "..hHh...........",
        ".hHh............",
        ".hh.............",
    ],
    "stick": [
        "................",
        "............dd..",
        "...........dHd..",
        "..........dHd...",
        ".........dHd....",
        "........dHd.....",
        ".......dHd......",
        "......dHd.......",
        ".....dHd........",
        "....dHd.........",
        "...dHd..........",
        "...dd...........",
    ],
    "shears": [
        "................",
        "..........dd....",
        ".........dMd....",
        "........dMd.....",
        ".......dMd..dd..",
        "......dMd..dMd..",
        ".....dMdddMd....",
        "......dmMMd.....",
        ".....ddmd.......",
        "....dd.dd.......",
        "...dd...dd......",
        "...dd...dd......",
        "....ddddd.......",
    ],
    "ingot": [
        "................",
        "................",
        "................",
        "................",
        "......ddddddd...",
        ".....dMMMMMMd...",
        "....dMmmmmmmmd..",
        "...dMmmmmmmmd...",
        "..dmmmmmmmmd....",
        "..dddddddddd....",
    ],
    "gem": [
        "................",
        "................",
        ".....dddddd.....",
        "....dMMmmmmd....",
        "...dMMmmmmmmd...",
        "..dddddddddddd..",
        "...dmmmmmmmmd...",
        "....dmmmmmmd....",
        ".....dmmmmd.....",
        "......dmmd......",
        ".......dd.......",
    ],
    "lump": [
        "................",
        "................",
        "......dddd......",
        "....ddmmmmdd....",
        "...dmMMmmmmmd...",
        "...dmMmmmmmmd...",
        "..dmmmmmmmmmmd..",
        "..dmmmmmmmdmmd..",
        "..dmmmmmmmmmd...",
        "...dmmmdmmmmd...",
        "...ddmmmmmmd....",
        ".....dddddd.....",
    ],
    "dust": [
        "................",
        "................",
        "................",
        ".......mm.......",
        "....m..Mm..m....",
        "...mm.mmmm.mm...",
        "....mmMmmmmm....",
        "..m.mmmmmmMm.m..",
        "...mmmMmmmmmm...",
        "..mmmmmmmmmmmm..",
        "...dmmmmmmmmd...",
        ".....dddddd.....",
    ],
    "food": [
        "................",
        "........h.......",
        ".......h........",
        "....dd.h.dd.....",
        "...dMMdhdmmd....",
        "..dMMmmmmmmmd...",
        "..dMmmmmmmmmd...",
        "..dmmmmmmmmmd...",
        "..dmmmmmmmmmd...",
        "..dmmmmmmmmmd...",
        "...dmmmmmmmd....",
        "....dmmdmmd.....",
        ".....dd.dd......",
    ],
    "meat": [
        "................",
        "................",
        "......ddddd.....",
        "....ddmmmmmdd...",
        "...dmMMmmmmmmd..",
        "..dmMmmmmwmmmd..",
        "..dmmmmmwmmmmd..",
        "..dmmmmmmmmmd...",
        "..dmmmmmmmmd....",
        "...dmmmmmmd.....",
        "....dmmmmdww....",
        ".....dddd.www...",
        "...........w....",
    ],
    "bread": [
        "................",
        "................",
        "................",
        "......ddddd.....",
        "....ddMmMmMdd...",
        "...dMmMmMmMmmd..",
        "..dmmmmmmmmmmmd.",
        "..dmmmmmmmmmmmd.",
        "...ddmmmmmmmdd..",
        ".....ddddddd....",
    ],
    "carrot": [
        "................",
        "..........g.g...",
        "...........gg...",
        "..........ddg...",
        ".........dmmd...",
        "........dmMmd...",
        ".......dmMmd....",
        "......dmmmd.....",
        ".....dmmmd......",
        "....dmmmd.......",
        "...dmmd.........",
        "..dmd...........",
        "..d.............",
    ],
    "seeds": [
        "................",
        "................",
        "................",
        "................",
        ".....m....m.....",
        "....mM...mM.....",
        "....mm.m.mm.....",
        "......mM........",
        "...m..mm...m....",
        "..mM......mM....",
        "..mm..m...mm....",
        "......mm........",
    ],
    "crop_item": [
        "................",
        "...m...m....m...",
        "..mMm.mMm..mMm..",
        "..mmm.mmm..mmm..",
        "...m...m....m...",
        "...h...h....h...",
        "....h..h...h....",
        ".....h.h..h.....",
        "......hhhh......",
        "......hhh.......",
        ".....h.h.h......",
        "....h..h..h.....",
        "...h...h...h....",
    ],
    "bucket": [
        "................",
        "................",
        "...kkkkkkkkkk...",
        "..kgccccccccgk..",
        "..kgccccccccgk..",
        "..kGggggggggGk..",
        "...kGgggggggk...",
        "...kGgggggggk...",
        "...kGgggggggk...",
        "....kGgggggk....",
        "....kGgggggk....",
        ".....kkkkkk.....",
    ],
    "bowl": [
        "................",
        "................",
        "................",
        "................",
        "..kkkkkkkkkkkk..",
        "..kccccccccccck.",
        "..khhhhhhhhhhk..",
        "...khhhhhhhhk...",
        "....khhhhhhk....",
        ".....kkkkkk.....",
    ],
    "string": [
        "................",
        "..............m.",
        ".............m..",
        "............m...",
        "...........m....",
        "..mm......m.....",
        ".m..m....m......",
        ".m...m..m.......",
        "..m...mm........",
        "...m...m........",
        "....mmm.........",
    ],
    "feather": [
        "................",
        "...........mm...",
        "..........mMMm..",
        ".........mMMmm..",
        "........mMMmm...",
        ".......mMMmm....",
        "......mMmmm.....",
        ".....mMmmm......",
        "....mMmm........",
        "...mdmm.........",
        "..dd............",
        ".d..............",
    ],
    "bone": [
        "................",
        "............mm..",
        "...........mMMm.",
        "............mMm.",
        "...........mMm..",
        "..........mMm...",
        ".........mMm....",
        "........mMm.....",
        ".......mMm......",
        "......mMm.......",
        ".mMm.mMm........",
        ".mMMmMm.........",
        "..mMmm..........",
        "...m............",
    ],
    "arrow": [
        "................",
        "...........ddd..",
        "............Md..",
        "...........dMd..",
        "..........h.d...",
        ".........h......",
        "........h.......",
        ".......h........",
        "......h.........",
        ".....h..........",
        "..ww.h..........",
        "..wwh...........",
        "....ww..........",
    ],
    "bow": [
        "................",
        "........hhhh....",
        "......hh....s...",
        ".....h.....s....",
        "....h.....s.....",
        "...h.....s......",
        "...h....s.......",
        "..h....s........",
        "..h...s.........",
        "..h..s..........",
        "..h.s...........",
        "..hs............",
    ],
    "book": [
        "................",
        "................",
        "...dddddddddd...",
        "..dmmmmmmmmmwd..",
        "..dmMMMMMMmmwd..",
        "..dmmmmmmmmmwd..",
        "..dmmmmmmmmmwd..",
        "..dmmmmmmmmmwd..",
        "..dmmmmmmmmmwd..",
        "..dmmmmmmmmmwd..",
        "..dmmmmmmmmmwd..",
        "...dddddddddd...",
    ],
    "armor_helmet": [
        "................",
        "................",
        "................",
        "....dddddddd....",
        "...dMMMMmmmmd...",
        "..dMmmmmmmmmmd..",
        "..dmmmmmmmmmmd..",
        "..dmmddddddmmd..",
        "..dmd......dmd..",
        "..dd........dd..",
    ],
    "armor_chestplate": [
        "................",
        "..ddd......ddd..",
        ".dMmmdddddmmmd..",
        ".dMmmmmmmmmmmd..",
        ".dmmmmmmmmmmmd..",
        "..ddmmmmmmmdd...",
        "....dmmmmmd.....",
        "....dmmmmmd.....",
        "....dmmmmmd.....",
        "....dmmmmmd.....",
        "....ddddddd.....",
    ],
    "armor_leggings": [
        "................",
        "....dddddddd....",
        "....dMmmmmmd....",
        "....dmmmmmmd....",
        "....dmmddmmd....",
        "....dmd..dmd....",
        "....dmd..dmd....",
        "....dmd..dmd....",
        "....dmd..dmd....",
        "....ddd..ddd....",
    ],
    "armor_boots": [
        "................",
        "................",
        "................",
        "................",
        "....ddd..ddd....",
        "....dmd..dmd....",
        "....dmd..dmd....",
        "...dmmd..dmmd...",
        "..dMmmd..dMmmd..",
        "..ddddd..ddddd..",
    ],
    "generic": [
        "................",
        "................",
        "................",
        ".....dddddd.....",
        "....dMMmmmmd....",
        "...dMmmmmmmmd...",
        "...dmmmmmmmmd...",
        "...dmmmmmmmmd...",
        "...dmmmmmmmmd...",
        "....dmmmmmmd....",
        ".....dddddd.....",
    ],
}


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


def _crack_pattern() -> np.ndarray:
    """Destroy-stage map: random-walk cracks from the centre that grow with the stage."""
    rng = np.random.default_rng(1234)
    stage = np.full((T, T), 255, np.uint8)
    for k in range(7):
        x, y = 7.5 + rng.uniform(-1, 1), 7.5 + rng.uniform(-1, 1)
        ang = k * 2 * np.pi / 7 + rng.uniform(-0.3, 0.3)
        for s in range(14):
            ang += rng.uniform(-0.6, 0.6)
            x += np.cos(ang)
            y += np.sin(ang)
            ix, iy = int(x), int(y)
            if 0 <= ix < T and 0 <= iy < T:
                stage[iy, ix] = min(stage[iy, ix], min(9, s * 9 // 12))
    return stage


# ------------------------------------------------------------------------------- the tables
def _match(name: str, rules) -> object | None:
    for pattern, value in rules:
        if fnmatch.fnmatchcase(name, pattern):
            return value
    return None


def _in(name: str, patterns) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


class _Colours:
    def __init__(self, cfg: dict):
        self.cfg = cfg
        self.dyes = {k: _hex(v) for k, v in cfg["dyes"].items()}
        self.woods = {k: [_hex(c) for c in v] for k, v in cfg["woods"].items()}
        self.metals = {k: _hex(v) for k, v in cfg["metals"].items()}

    def resolve(self, token: str | None, name: str) -> np.ndarray | None:
        if token is None:
            return None
        if token.startswith("#"):
            return _hex(token)
        key = token.strip("{}")
        if key == "dye":
            for d in sorted(self.dyes, key=len, reverse=True):
                if name.startswith(d + "_"):
                    return self.dyes[d]
            return self.dyes["white"]
        if key.startswith("wood."):
            part = ("planks", "bark", "rings", "leaves").index(key.split(".")[1])
            body = name.removeprefix("stripped_").removeprefix("potted_")
            for w in sorted(self.woods, key=len, reverse=True):
                if body.startswith(w + "_"):
                    return self.woods[w][part]
            return self.woods["oak"][part]
        if key == "metal":
            for m, c in self.metals.items():
                if name.startswith(m + "_"):
                    return c
            return self.metals["iron"]
        raise ValueError(f"colors.yaml: unknown colour token {token!r} (for {name!r})")


def _base_block(name: str, block_id: dict) -> str | None:
    """Base block of a variant: oak_slab -> oak_planks, brick_wall -> bricks, ..."""
    for suf in VARIANT_SUFFIXES:
        if name.endswith(suf):
            stem = name[: -len(suf)]
            stem = stem.replace("petrified_oak", "oak").replace("smooth_stone", "smooth_stone")
            for cand in (
                stem + "_planks",
                stem,
                stem + "s",
                stem + "_block",
                stem.replace("_brick", "_bricks"),
                stem.replace("brick", "bricks"),
            ):
                if cand in block_id and cand != name:
                    return cand
            return None
    return None


@functools.lru_cache(maxsize=4)
def load_assets(gd: GameData) -> RenderAssets:
    """Build the atlas, per-block tables and item icons for a GameData (cached)."""
    cfg = yaml.safe_load(COLORS_YAML.read_text())
    colours = _Colours(cfg)
    block_rules = list(cfg["blocks"].items())
    item_rules = list(cfg["items"].items())
    shapes = cfg["shapes"]
    box_rules = list(shapes["box"].items())
    nb = len(gd.blocks)

    layers: list[np.ndarray] = []
    layer_of: dict[bytes, int] = {}

    def add(tex: np.ndarray) -> int:
        key = tex.tobytes()
        if key not in layer_of:
            layer_of[key] = len(layers)
            layers.append(tex)
        return layer_of[key]

    add(np.zeros((T, T, 4), np.uint8))  # layer 0: empty
    kind = np.zeros(nb, np.uint8)
    face_tex = np.zeros((nb, 3), np.int32)
    boxes = np.zeros((nb, 6), np.float32)
    boxes[:, 3:] = 1.0
    emissive = np.zeros(nb, bool)
    block_colors = np.zeros((nb, 3), np.float32)
    styles: dict[str, str] = {}
    textures: dict[str, tuple] = {}

    def block_textures(name: str):
        if name in textures:
            return textures[name]
        rule = _match(name, block_rules) or ["noise", "#8a8a8a"]
        style = rule[0]
        c1 = colours.resolve(rule[1], name)
        c2 = colours.resolve(rule[2], name) if len(rule) > 2 else None
        if style == "base":
            base = _base_block(name, gd.block_id)
            if base is not None:
                textures[name] = block_textures(base)
                styles[name] = styles[base]
                return textures[name]
            style = "planks" if any(name.startswith(w + "_") for w in colours.woods) else "stone"
            if style == "planks":
                c1 = colours.resolve("{wood.planks}", name)
        styles[name] = style
        textures[name] = _style_textures(style, name, c1, c2)
        return textures[name]

    for b in gd.blocks:
        name, bid = b["name"], b["id"]
        if _in(name, shapes["air"]):
            kind[bid] = AIR
            continue
        top, side, bottom = block_textures(name)
        face_tex[bid] = (add(top), add(side), add(bottom))
        a = side[..., 3] > 0
        block_colors[bid] = side[a, :3].mean(0) if a.any() else 0
        box = _match(name, box_rules)
        if _in(name, shapes["liquid"]):
            kind[bid] = LIQUID
        elif _in(name, shapes["tinted"]):
            kind[bid] = TINTED
        elif _in(name, shapes["glass"]):
            kind[bid] = GLASS
        elif box is not None:
            kind[bid] = BOX
            boxes[bid] = np.array(box, np.float32) / 16.0
        elif _in(name, shapes["cross"]) or styles[name] in SPRITE_STYLES:
            kind[bid] = CROSS
        elif _in(name, shapes["cube"]) or b["boundingBox"] == "block":
            kind[bid] = CUBE
        else:
            kind[bid] = CROSS
        emissive[bid] = _in(name, shapes["emissive"])
    kind[0] = AIR

    # item icons
    ni = len(gd.items)
    icons = np.zeros((ni, T, T, 4), np.uint8)
    item_is_block = np.zeros(ni, bool)
    for it in gd.items:
        name, iid = it["name"], it["id"]
        if iid == 0:
            continue
        bid = gd.block_id.get(name, 0)
        if bid > 0 and kind[bid] != AIR:
            top, side, _ = block_textures(name)
            if kind[bid] == CROSS or styles.get(name) == "rail":
                icons[iid] = side
            elif kind[bid] == BOX and name.endswith(("_door", "_sign", "torch", "lantern")):
                icons[iid] = side
            else:
                icons[iid] = iso_cube(top, side)
                item_is_block[iid] = True
        else:
            rule = _match(name, item_rules) or ["generic", "#b0b0b0"]
            icons[iid] = _item_sprite(rule[0], colours.resolve(rule[1], name))
    item_colors = np.zeros((ni, 3), np.float32)
    a = icons[..., 3] > 0
    for iid in range(ni):
        if a[iid].any():
            item_colors[iid] = icons[iid][a[iid], :3].mean(0)

    atlas = np.stack(layers).astype(np.uint8)
    return RenderAssets(
        kind=kind,
        face_tex=face_tex,
        atlas=atlas,
        boxes=boxes,
        emissive=emissive,
        block_colors=block_colors,
        icons=icons,
        item_colors=item_colors,
        crack=_crack_pattern(),
        item_is_block=item_is_block,
    )
