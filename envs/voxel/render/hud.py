"""The in-game HUD: crosshair, hotbar (icons, counts, selection), hearts, hunger, air bubbles and
the hand or held item, laid out like Minecraft's GUI at a scale chosen for the frame size.

Layers are drawn into RGBA canvases only when their inputs change and kept as sparse
(pixel index, RGBA) lists, so the per-frame cost is one small compositing loop. Alpha 1 marks
crosshair pixels, which invert the scene colour like Minecraft's crosshair.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import font
from .textures import RenderAssets, iso_cube


@dataclass
class HudState:
    """What the HUD shows; ids are minecraft-data item ids (0 = empty)."""

    hotbar_items: np.ndarray  # int32 (9,) item ids, 0 = empty
    hotbar_counts: np.ndarray  # int32 (9,)
    selected: int  # 0..8
    health: float  # 0..20 (half hearts)
    food: int  # 0..20
    air: int = 300  # 0..300, bubbles shown when < 300
    held_item: int = 0  # item id in main hand (0 = bare hand)
    show: bool = True


def gui_scale(width: int, height: int) -> float:
    """Pixels per GUI unit: Minecraft's automatic GUI scale (largest integer that keeps a
    320x240 GUI), or a fractional one for frames smaller than that so the hotbar stays legible
    (0.64 at 128x128: 13-pixel slots)."""
    if width >= 320 and height >= 240:
        s = 1
        while width / (s + 1) >= 320 and height / (s + 1) >= 240:
            s += 1
        return float(s)
    return max(0.2, min(width / 200.0, height / 150.0))


def _sprite(rows: list[str], pal: dict[str, tuple]) -> np.ndarray:
    h, w = len(rows), len(rows[0])
    img = np.zeros((h, w, 4), np.uint8)
    for y, row in enumerate(rows):
        for x, c in enumerate(row):
            if c in pal:
                img[y, x] = pal[c]
    return img


_K = (20, 20, 20, 255)
HEART_FULL = _sprite(
    [".KK.KK..", "KWRKRRK.", "KRRRRRK.", "KRRRRRK.", ".KRRRK..", "..KRK...", "...K...."],
    {"K": _K, "R": (220, 20, 20, 255), "W": (255, 200, 200, 255)},
)
HEART_EMPTY = _sprite(
    [".KK.KK..", "KDDKDDK.", "KDDDDDK.", "KDDDDDK.", ".KDDDK..", "..KDK...", "...K...."],
    {"K": _K, "D": (60, 20, 20, 220)},
)
SHANK_FULL = _sprite(
    ["....KKK.", "...KBBBK", "..KBMBBK", ".KMMMBK.", "KWKMMK..", "KWWKK...", ".KK....."],
    {"K": _K, "B": (150, 80, 30, 255), "M": (200, 120, 60, 255), "W": (240, 230, 220, 255)},
)
SHANK_EMPTY = _sprite(
    ["....KKK.", "...KDDDK", "..KDDDDK", ".KDDDDK.", "KDKDDK..", "KDDKK...", ".KK....."],
    {"K": _K, "D": (50, 35, 25, 220)},
)
BUBBLE = _sprite(
    [".KKKK.", "KWBBBK", "KWBBBK", "KBBBBK", "KBBBBK", ".KKKK."],
    {"K": (30, 60, 160, 255), "B": (80, 150, 250, 255), "W": (230, 240, 255, 255)},
)
# 5x5 variants for frames with GUI scale < 1 (e.g. 128x128)
HEART_FULL_S = _sprite([".#.#.", "#####", "#####", ".###.", "..#.."], {"#": (225, 25, 25, 255)})
HEART_EMPTY_S = _sprite([".#.#.", "#####", "#####", ".###.", "..#.."], {"#": (55, 25, 25, 230)})
SHANK_FULL_S = _sprite(
    ["..##.", ".####", "####.", "W##..", "WW..."],
    {"#": (190, 110, 45, 255), "W": (245, 235, 220, 255)},
)
SHANK_EMPTY_S = _sprite(
    ["..##.", ".####", "####.", "W##..", "WW..."], {"#": (55, 40, 30, 230), "W": (80, 70, 60, 230)}
)
BUBBLE_S = _sprite(
    [".##.", "#WB#", "#BB#", ".##."],
    {"#": (40, 80, 190, 255), "B": (90, 160, 250, 255), "W": (230, 240, 255, 255)},
)
SKIN = np.array([196, 142, 110], np.float32)
LAYER_CACHE = 24  # cached HUD layers / overlays per renderer


def _scale_nearest(img: np.ndarray, w: int, h: int) -> np.ndarray:
    ys = (np.arange(h) * img.shape[0] // max(1, h)).clip(0, img.shape[0] - 1)
    xs = (np.arange(w) * img.shape[1] // max(1, w)).clip(0, img.shape[1] - 1)
    return img[ys][:, xs]


def _paste(canvas: np.ndarray, spr: np.ndarray, x: int, y: int) -> None:
    """Alpha-over an RGBA sprite onto an RGBA canvas (clipped)."""
    H, W = canvas.shape[:2]
    h, w = spr.shape[:2]
    x0, y0, x1, y1 = max(0, x), max(0, y), min(W, x + w), min(H, y + h)
    if x0 >= x1 or y0 >= y1:
        return
    s = spr[y0 - y : y1 - y, x0 - x : x1 - x].astype(np.float32)
    d = canvas[y0:y1, x0:x1].astype(np.float32)
    a = s[..., 3:4] / 255.0
    da = d[..., 3:4] / 255.0
    oa = a + da * (1 - a)
    rgb = (s[..., :3] * a + d[..., :3] * da * (1 - a)) / np.maximum(oa, 1e-6)
    canvas[y0:y1, x0:x1, :3] = np.clip(rgb, 0, 255).astype(np.uint8)
    canvas[y0:y1, x0:x1, 3] = np.clip(oa[..., 0] * 255, 0, 255).astype(np.uint8)


def _rect(canvas, x, y, w, h, rgba) -> None:
    H, W = canvas.shape[:2]
    x0, y0, x1, y1 = max(0, x), max(0, y), min(W, x + w), min(H, y + h)
    if x0 < x1 and y0 < y1:
        canvas[y0:y1, x0:x1] = rgba


def _frame(canvas, x, y, w, h, t, rgba) -> None:
    _rect(canvas, x, y, w, t, rgba)
    _rect(canvas, x, y + h - t, w, t, rgba)
    _rect(canvas, x, y, t, h, rgba)
    _rect(canvas, x + w - t, y, t, h, rgba)


def _polygon_mask(H, W, pts) -> np.ndarray:
    """Mask of a convex polygon (pixel centres inside), points in order."""
    yy, xx = np.mgrid[0:H, 0:W]
    px, py = xx + 0.5, yy + 0.5
    m = np.ones((H, W), bool)
    n = len(pts)
    sign = 0.0
    for k in range(n):
        (x0, y0), (x1, y1) = pts[k], pts[(k + 1) % n]
        c = (x1 - x0) * (py - y0) - (y1 - y0) * (px - x0)
        if sign == 0.0:
            cx = sum(p[0] for p in pts) / n
            cy = sum(p[1] for p in pts) / n
            sign = 1.0 if (x1 - x0) * (cy - y0) - (y1 - y0) * (cx - x0) >= 0 else -1.0
        m &= c * sign >= 0
    return m


class HudRenderer:
    """Builds and caches the HUD overlay of one frame size."""

    def __init__(self, assets: RenderAssets, width: int, height: int, item_to_block=None):
        self.assets = assets
        self.W, self.H = width, height
        self.s = gui_scale(width, height)
        self.item_to_block = item_to_block
        # layers by (name, inputs) and whole overlays by inputs: a few entries each, so an
        # agent flicking between hotbar slots or menus redraws nothing
        self._cache: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self._icon_cache: dict[tuple[int, int], np.ndarray] = {}
        self._combined: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        s = self.s
        self.slot = max(6, int(round(20 * s)))  # slot pitch in pixels
        self.border = max(1, int(round(s)))
        self.icon = max(4, int(round(16 * s)))
        self.hot_w = 9 * self.slot + self.border
        self.hot_h = self.slot + self.border
        self.hot_x = (width - self.hot_w) // 2
        self.hot_y = height - self.hot_h - max(0, int(round(s)) - 1)

    # -- cache plumbing ------------------------------------------------------------------------
    def _layer(self, name: str, key, draw) -> tuple[np.ndarray, np.ndarray]:
        hit = self._cache.get((name, key))
        if hit is not None:
            return hit
        canvas = np.zeros((self.H, self.W, 4), np.uint8)
        draw(canvas)
        a = canvas.reshape(-1, 4)
        idx = np.flatnonzero(a[:, 3])
        rgba = np.ascontiguousarray(a[idx])
        if len(self._cache) >= LAYER_CACHE:
            self._cache.pop(next(iter(self._cache)))  # oldest first
        self._cache[(name, key)] = (idx, rgba)
        return idx, rgba

    def hand(self, st: HudState) -> tuple[np.ndarray, np.ndarray]:
        """Sparse layer of the hand / held item (lit like the scene by the caller)."""
        key = int(st.held_item)
        return self._layer("hand", key, lambda c: self._draw_hand(c, key))

    def overlay(self, st: HudState) -> tuple[np.ndarray, np.ndarray]:
        """Sparse overlay (flat pixel indices, RGBA) of hotbar, bars and crosshair, cached by
        content."""
        items = np.asarray(st.hotbar_items, np.int64).reshape(-1)[:9]
        counts = np.asarray(st.hotbar_counts, np.int64).reshape(-1)[:9]
        sel = int(st.selected) % 9
        hot_key = (items.tobytes(), counts.tobytes(), sel)
        stat_key = (round(float(st.health), 3), int(st.food), int(st.air))
        key = (hot_key, stat_key)
        hit = self._combined.get(key)
        if hit is not None:
            return hit
        layers = [
            self._layer("hotbar", hot_key, lambda c: self._draw_hotbar(c, items, counts, sel)),
            self._layer("stats", stat_key, lambda c: self._draw_stats(c, *stat_key)),
            self._layer("crosshair", 0, self._draw_crosshair),
        ]
        idx = np.concatenate([lay[0] for lay in layers])
        rgba = np.concatenate([lay[1] for lay in layers])
        if len(self._combined) >= LAYER_CACHE:
            self._combined.pop(next(iter(self._combined)))
        self._combined[key] = (idx, rgba)
        return idx, rgba

    # -- pieces ------------------------------------------------------------------------------
    def item_icon(self, item: int, size: int) -> np.ndarray:
        """RGBA icon of an item at `size` pixels (blocks re-rendered isometrically, crisp)."""
        k = (int(item), int(size))
        if k in self._icon_cache:
            return self._icon_cache[k]
        a = self.assets
        if a.item_is_block[item] and self.item_to_block is not None and size != 16:
            b = int(self.item_to_block[item])
            top = a.atlas[a.face_tex[b, 0]]
            side = a.atlas[a.face_tex[b, 1]]
            icon = iso_cube(top, side, size)
        else:
            icon = _scale_nearest(a.icons[item], size, size)
        self._icon_cache[k] = icon
        return icon

    def _draw_crosshair(self, c: np.ndarray) -> None:
        half = max(3, int(round(4.5 * self.s)))
        t = max(1, int(round(self.s)))
        cx, cy, o = self.W // 2, self.H // 2, t // 2
        _rect(c, cx - half, cy - o, 2 * half + 1, t, (0, 0, 0, 1))
        _rect(c, cx - o, cy - half, t, 2 * half + 1, (0, 0, 0, 1))

    def _draw_hotbar(self, c, items, counts, sel) -> None:
        P, B, isz = self.slot, self.border, self.icon
        x0, y0 = self.hot_x, self.hot_y
        _rect(c, x0, y0, self.hot_w, self.hot_h, (30, 30, 30, 150))
        for k in range(9):
            _frame(c, x0 + k * P, y0, P + B, P + B, B, (110, 110, 110, 235))
        for k in range(9):
            it, n = int(items[k]), int(counts[k])
            if it <= 0 or it >= len(self.assets.icons):
                continue
            ix = x0 + k * P + (P + B - isz) // 2
            iy = y0 + (P + B - isz) // 2
            _paste(c, self.item_icon(it, isz), ix, iy)
            if n >= 2:
                self._draw_count(c, str(n), x0 + (k + 1) * P, y0 + P)
        # selected slot: white frame, one border larger than the slot on each side
        sx = x0 + sel * P - B
        _frame(c, sx - B, y0 - 2 * B, P + 5 * B, P + 5 * B, B, (0, 0, 0, 220))
        _frame(
            c, sx, y0 - B, P + 3 * B, P + 3 * B, B + (1 if self.s >= 2 else 0), (240, 240, 240, 255)
        )

    def _draw_count(self, c, text: str, right: int, bottom: int) -> None:
        if self.s < 1:
            fnt, sc = "tiny", 1
        else:
            fnt, sc = "small", max(1, int(round(self.s)))
        w = font.text_width(text, fnt, sc)
        h = font.text_height(fnt, sc)
        x = right - w - sc
        y = bottom - h
        # dark backdrop so counts stay readable on any icon at tiny sizes
        if fnt == "tiny":
            _rect(c, x - 1, y - 1, w + 2, h + 2, (0, 0, 0, 140))
        font.draw_text(c, text, x, y, (255, 255, 255), sc, fnt, shadow=fnt == "small")

    def _draw_stats(self, c, health: float, food: int, air: int) -> None:
        s = self.s
        small = s < 1
        if small:
            hf, he, ff, fe, bb = HEART_FULL_S, HEART_EMPTY_S, SHANK_FULL_S, SHANK_EMPTY_S, BUBBLE_S
            pitch = hf.shape[1] + 1 if self.hot_w >= 10 * (hf.shape[1] + 1) * 2 + 4 else 5
        else:
            k = int(round(s))
            hf, he, ff, fe, bb = (
                np.repeat(np.repeat(x, k, 0), k, 1)
                for x in (HEART_FULL, HEART_EMPTY, SHANK_FULL, SHANK_EMPTY, BUBBLE)
            )
            pitch = 8 * k
        sh = hf.shape[0]
        gap = max(1, int(round(2 * s)))
        y_row = self.hot_y - gap - sh - max(0, int(round(2 * s)) - 1)
        x_left = self.hot_x
        x_right = self.hot_x + self.hot_w
        hp = int(math.ceil(max(0.0, min(20.0, health))))
        for k in range(10):
            x = x_left + k * pitch
            _paste(c, he, x, y_row)
            if hp >= 2 * k + 2:
                _paste(c, hf, x, y_row)
            elif hp == 2 * k + 1:
                half = hf.copy()
                half[:, (hf.shape[1] + 1) // 2 :] = 0
                _paste(c, half, x, y_row)
        fd = max(0, min(20, int(food)))
        for k in range(10):
            x = x_right - (k + 1) * pitch
            _paste(c, fe, x, y_row)
            if fd >= 2 * k + 2:
                _paste(c, ff, x, y_row)
            elif fd == 2 * k + 1:
                half = ff.copy()
                half[:, : ff.shape[1] // 2] = 0
                _paste(c, half, x, y_row)
        if air < 300:
            n = int(math.ceil(max(0, air) * 10 / 300))
            yb = y_row - bb.shape[0] - gap
            for k in range(n):
                _paste(c, bb, x_right - (k + 1) * pitch, yb)

    def _draw_hand(self, c, item: int) -> None:
        W, H = self.W, self.H
        if item <= 0 or item >= len(self.assets.icons):
            # Steve's right arm rising from the lower right corner
            pts = [
                (W - 0.33 * H, H - 0.27 * H),
                (W - 0.17 * H, H - 0.35 * H),
                (W + 0.02 * H, H + 0.02 * H),
                (W - 0.17 * H, H + 0.02 * H),
            ]
            m = _polygon_mask(H, W, pts)
            top = _polygon_mask(
                H,
                W,
                [
                    pts[0],
                    pts[1],
                    (pts[1][0] + 0.015 * H, pts[1][1] + 0.07 * H),
                    (pts[0][0] + 0.015 * H, pts[0][1] + 0.07 * H),
                ],
            )
            yy = np.mgrid[0:H, 0:W][0]
            shade = 1.0 - 0.25 * np.clip((yy - (H - 0.35 * H)) / (0.35 * H), 0, 1)
            rgb = SKIN[None, None, :] * shade[..., None]
            rgb[top] = SKIN * 1.12
            c[m, :3] = np.clip(rgb[m], 0, 255).astype(np.uint8)
            c[m, 3] = 255
            return
        if self.assets.item_is_block[item]:
            # held block: a cube in the lower right corner, partly out of the frame
            size = max(8, int(round(0.36 * H)))
            icon = self.item_icon(item, size)
            _paste(c, icon, int(W - 0.30 * H), int(H - 0.27 * H))
        else:
            size = max(8, int(round(0.42 * H)))
            icon = _scale_nearest(self.assets.icons[item], size, size)
            _paste(c, icon, int(W - 0.36 * H), int(H - 0.40 * H))
