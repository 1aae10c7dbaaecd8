"""Draw an open GUI screen over the rendered world, Minecraft-style, at any frame size.

The world is dimmed, then the screen's grey panel (slot squares, titles, arrows, furnace flame)
is pasted, then item icons with their counts, the hovered-slot highlight, the stack carried on
the cursor and the mouse pointer (VPT draws the cursor on GUI frames). Layout is in GUI units
(`gui.GUI_SCALE` px each in the 640×360 frame) mapped to the output size, squashed like MineRL
frames resized for VPT. The static panel is drawn once per (screen type, size) and cached.
"""

from __future__ import annotations

import colorsys
import functools
from dataclasses import dataclass

import cv2
import numpy as np

from ..gui.base import GUI_H, GUI_SCALE, GUI_W
from ..gui.panels import panel_canvas
from .font import text_mask

WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
_POINTER = ("#       ", "##      ", "#o#     ", "#oo#    ", "#ooo#   ", "#oooo#  ", "#ooooo# ",
            "#oooooo#", "#oooo###", "#o##o#  ", "##  #o# ", "    #o# ", "     #  ")
_POINTER_SMALL = ("#   ", "#o  ", "#oo ", "#ooo", "#o# ", "#  #")


@dataclass
class _Layout:
    box: tuple[int, int, int, int]  # panel y0, y1, x0, x1 in output pixels
    rgb: np.ndarray  # panel pixels (empty flame and arrow)
    mask: np.ndarray  # (h, w, 1) bool: opaque panel pixels (rounded corners are not)
    rgb_full: np.ndarray  # panel with a full flame and arrow (furnace progress is cut from it)
    flame: tuple[int, int, int, int]  # panel-local y0, y1, x0, x1 of the flame
    arrow: tuple[int, int, int, int]  # panel-local box of the progress arrow
    slots: list[tuple[int, int, int, int]]  # each slot's 16×16-unit item area: x0, y0, x1, y1
    sx: float  # output px per GUI px
    sy: float
    font: tuple[int, int] | None  # 5×7 font pixel scale, or None to use the 3×5 digit font
    opaque: tuple[int, int, int, int] | None = None  # see opaque_box (computed on first use)
    drawn_key: tuple | None = None  # slot contents and progress the cached panel shows
    drawn: np.ndarray | None = None  # the panel with those items drawn (box-sized RGB)


def draw_screen(screen, game, pov: np.ndarray) -> None:
    """Draw `screen` (a SlotScreen) into `pov` (H, W, 3 uint8), in place."""
    h, w = pov.shape[:2]
    lay = _layout(screen, w, h)
    _dim(pov)
    y0, y1, x0, x1 = lay.box
    progress = screen.progress() if hasattr(screen, "progress") else None
    key = (screen.contents_key(), progress)
    if key != lay.drawn_key:  # the panel with its items, redrawn only when they change
        contents = [screen.content(k) for k in range(len(lay.slots))]
        lay.drawn = _panel_with_items(lay, game.gd, contents, progress, pov.shape)
        lay.drawn_key = key
    _paste(pov, lay, screen)
    hov = screen.hovered()
    if 0 <= hov < len(lay.slots):
        ix0, iy0, ix1, iy1 = lay.slots[hov]
        area = pov[iy0:iy1, ix0:ix1]
        area[:] = (area.astype(np.uint16) + 255) >> 1
    cx, cy = float(screen.cursor[0]), float(screen.cursor[1])
    item, n, dmg = screen.carried_stack()
    if item and n:  # the carried stack is drawn centred on the cursor
        half = 8 * GUI_SCALE
        ix0, iy0 = round((cx - half) * lay.sx), round((cy - half) * lay.sy)
        ix1, iy1 = round((cx + half) * lay.sx), round((cy + half) * lay.sy)
        _item(pov, game.gd, lay, item, n, dmg, ix0, iy0, ix1, iy1)
    _pointer(pov, cx * lay.sx, cy * lay.sy, lay.sx)


def _panel_with_items(lay: _Layout, gd, contents, progress, shape) -> np.ndarray:
    """The panel's pixels (box-sized RGB) with furnace progress and the slots' items drawn."""
    canvas = np.zeros(shape, np.uint8)  # frame-sized, so item drawing uses frame coordinates
    y0, y1, x0, x1 = lay.box
    sub = canvas[y0:y1, x0:x1]
    sub[:] = lay.rgb
    if progress is not None:
        flame, cook = progress
        fy0, fy1, fx0, fx1 = lay.flame
        cut = fy1 - int(round((fy1 - fy0) * flame))
        sub[cut:fy1, fx0:fx1] = lay.rgb_full[cut:fy1, fx0:fx1]
        ay0, ay1, ax0, ax1 = lay.arrow
        cut = ax0 + int(round((ax1 - ax0) * cook))
        sub[ay0:ay1, ax0:cut] = lay.rgb_full[ay0:ay1, ax0:cut]
    for (ix0, iy0, ix1, iy1), (item, n, dmg) in zip(lay.slots, contents, strict=True):
        if item and n:
            _item(canvas, gd, lay, item, n, dmg, ix0, iy0, ix1, iy1)
    return sub.copy()


def _paste(pov: np.ndarray, lay: _Layout, screen) -> None:
    """Copy the drawn panel into the frame: its opaque inner rectangle as a plain copy, only the
    border strips (rounded corners) through the mask."""
    y0, y1, x0, x1 = lay.box
    h, w = pov.shape[:2]
    oy0, oy1, ox0, ox1 = opaque_box(screen, w, h)
    if oy0 >= oy1 or ox0 >= ox1:
        np.copyto(pov[y0:y1, x0:x1], lay.drawn, where=lay.mask)
        return
    a, b, c, d = oy0 - y0, oy1 - y0, ox0 - x0, ox1 - x0  # panel-local
    pov[oy0:oy1, ox0:ox1] = lay.drawn[a:b, c:d]
    for ys, xs in ((slice(0, a), slice(None)), (slice(b, None), slice(None)),
                   (slice(a, b), slice(0, c)), (slice(a, b), slice(d, None))):
        np.copyto(pov[y0:y1, x0:x1][ys, xs], lay.drawn[ys, xs], where=lay.mask[ys, xs])


def opaque_box(screen, width: int, height: int) -> tuple[int, int, int, int]:
    """(y0, y1, x0, x1): a rectangle of the frame that `draw_screen` paints over completely
    (the panel less its rounded corners), so the world behind it need not be rendered."""
    lay = _layout(screen, width, height)
    if lay.opaque is None:
        y0, y1, x0, x1 = lay.box
        m = lay.mask[..., 0]
        lay.opaque = (0, 0, 0, 0)
        for k in range(min(m.shape) // 2):
            if m[k : m.shape[0] - k, k : m.shape[1] - k].all():
                lay.opaque = (y0 + k, y1 - k, x0 + k, x1 - k)
                break
    return lay.opaque


# -- per-frame pieces ---------------------------------------------------------------------------
def _dim(pov: np.ndarray) -> None:
    """Minecraft's dark translucent background over the world (≈ 78% of RGB 16), in place."""
    cv2.convertScaleAbs(pov, dst=pov, alpha=0.22, beta=12.5)


def _item(pov, gd, lay: _Layout, item: int, n: int, dmg: int, x0: int, y0: int, x1: int,
          y1: int) -> None:
    rgb, alpha = _icon(gd, item, y1 - y0, x1 - x0)
    _blit(pov, rgb, alpha, x0, y0)
    max_d = int(gd.max_durability[item])
    if dmg > 0 and max_d > 0:  # durability bar along the bottom of the item
        frac = max(0.0, 1.0 - dmg / max_d)
        by0 = y0 + round((y1 - y0) * 13 / 16)
        by1 = max(by0 + 1, y0 + round((y1 - y0) * 15 / 16))
        bx0, bx1 = x0 + round((x1 - x0) * 2 / 16), x0 + round((x1 - x0) * 15 / 16)
        _rect(pov, bx0, by0, bx1, by1, BLACK)
        col = tuple(int(255 * c) for c in colorsys.hsv_to_rgb(frac / 3, 1, 1))
        mid = by0 + max(1, (by1 - by0) // 2)
        _rect(pov, bx0, by0, bx0 + max(1, round((bx1 - bx0 - 1) * frac)), mid, col)
    if n > 1:
        _count(pov, lay, str(n), x0, y0, x1, y1)


def _count(pov, lay: _Layout, text: str, x0: int, y0: int, x1: int, y1: int) -> None:
    if lay.font is None:  # small frames: 3×5 digits in the item's bottom-right corner
        m = text_mask(text, "tiny")
        tx, ty = x1 + 1 - m.shape[1], y1 - m.shape[0]
        # a dark backdrop keeps neighbouring counts apart and readable on any icon
        back = pov[max(ty - 1, 0) : max(ty + m.shape[0], 0), max(tx - 1, 0) : max(tx + m.shape[1] + 1, 0)]
        back[:] = back >> 2
        _mask(pov, m, tx, ty, WHITE)
        return
    fx, fy = lay.font
    m = text_mask(text, "small").repeat(fy, 0).repeat(fx, 1)
    # Minecraft: right edge at x + 17 units, top at y + 9 units (item area is 16 units)
    ux = (x1 - x0) / 16
    tx = x0 + round(17 * ux) - m.shape[1]
    ty = y0 + round((y1 - y0) * 9 / 16)
    _mask(pov, m, tx + fx, ty + fy, (63, 63, 63))
    _mask(pov, m, tx, ty, WHITE)


def _pointer(pov, x: float, y: float, sx: float) -> None:
    edge, fill = _pointer_masks(sx < 0.75, max(1, int(round(sx))))
    _mask(pov, edge, int(x), int(y), BLACK)
    _mask(pov, fill, int(x), int(y), WHITE)


@functools.lru_cache(maxsize=16)
def _pointer_masks(small: bool, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The mouse pointer's outline and fill masks, each pixel scaled to k×k."""
    grid = np.array([list(r) for r in (_POINTER_SMALL if small else _POINTER)])
    edge = np.repeat(np.repeat(grid == "#", k, 0), k, 1)
    fill = np.repeat(np.repeat(grid == "o", k, 0), k, 1)
    return edge, fill


def _clip(pov, x: int, y: int, h: int, w: int):
    H, W = pov.shape[:2]
    ax0, ay0, ax1, ay1 = max(x, 0), max(y, 0), min(x + w, W), min(y + h, H)
    if ax0 >= ax1 or ay0 >= ay1:
        return None
    return ay0, ay1, ax0, ax1, ay0 - y, ax0 - x


def _blit(pov, rgb, alpha, x: int, y: int) -> None:
    c = _clip(pov, x, y, *rgb.shape[:2])
    if c is None:
        return
    ay0, ay1, ax0, ax1, oy, ox = c
    src = (slice(oy, oy + ay1 - ay0), slice(ox, ox + ax1 - ax0))
    np.copyto(pov[ay0:ay1, ax0:ax1], rgb[src], where=alpha[src])


def _mask(pov, m: np.ndarray, x: int, y: int, color) -> None:
    c = _clip(pov, x, y, *m.shape)
    if c is None:
        return
    ay0, ay1, ax0, ax1, oy, ox = c
    pov[ay0:ay1, ax0:ax1][m[oy : oy + ay1 - ay0, ox : ox + ax1 - ax0]] = color


def _rect(pov, x0: int, y0: int, x1: int, y1: int, color) -> None:
    pov[max(y0, 0) : max(y1, 0), max(x0, 0) : max(x1, 0)] = color


# -- cached assets ---------------------------------------------------------------------------
@functools.lru_cache(maxsize=4)
def _icons(gd) -> np.ndarray:
    """(n_items, 16, 16, 4) RGBA icons from the renderer's textures, or flat colour swatches."""
    try:
        from .textures import load_assets

        return load_assets(gd).icons
    except ImportError:  # renderer assets not available: a colour per item name
        import zlib

        icons = np.zeros((gd.n_items, 16, 16, 4), np.uint8)
        for iid in range(1, gd.n_items):
            rng = np.random.default_rng(zlib.crc32(gd.item_name(iid).encode()))
            icons[iid, 2:14, 2:14, :3] = rng.integers(40, 255, 3)
            icons[iid, 2:14, 2:14, 3] = 255
        return icons


@functools.lru_cache(maxsize=4096)
def _icon(gd, item: int, h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    """An item icon resized to h × w output pixels: (rgb, (h, w, 1) opaque mask)."""
    src = _icons(gd)[item].astype(np.float32)
    h, w = max(h, 1), max(w, 1)
    if h >= 16 and w >= 16:
        out = cv2.resize(src, (w, h), interpolation=cv2.INTER_NEAREST)
        a = out[..., 3:]
        rgb = out[..., :3]
    else:  # area-average with premultiplied alpha so edges do not darken
        a = src[..., 3:] / 255.0
        pm = cv2.resize(src[..., :3] * a, (w, h), interpolation=cv2.INTER_AREA).reshape(h, w, 3)
        a = cv2.resize(a, (w, h), interpolation=cv2.INTER_AREA).reshape(h, w, 1)
        rgb = pm / np.maximum(a, 1e-6)
        a = a * 255
    return np.clip(rgb, 0, 255).astype(np.uint8), (a >= 110).reshape(h, w, 1)


_LAYOUTS: dict[tuple, _Layout] = {}


def _layout(screen, width: int, height: int) -> _Layout:
    """The screen type's panel and slot boxes at this output size (built once, then cached)."""
    key = (type(screen), width, height)
    lay = _LAYOUTS.get(key)
    if lay is None:
        if len(_LAYOUTS) > 64:
            _LAYOUTS.clear()
        lay = _LAYOUTS[key] = _build_layout(screen, width, height)
    return lay


def _build_layout(screen, width: int, height: int) -> _Layout:
    canvas, full, flame, arrow = panel_canvas(screen)
    slots = [(s.x, s.y) for s in screen.slots]
    pw, ph = screen.panel
    ox, oy = (GUI_W - pw * GUI_SCALE) / 2, (GUI_H - ph * GUI_SCALE) / 2
    sx, sy = width / GUI_W, height / GUI_H
    x0, x1 = round(ox * sx), round((ox + pw * GUI_SCALE) * sx)
    y0, y1 = round(oy * sy), round((oy + ph * GUI_SCALE) * sy)
    size = (x1 - x0, y1 - y0)
    interp = cv2.INTER_AREA if size[0] < canvas.shape[1] else cv2.INTER_NEAREST
    small = cv2.resize(canvas, size, interpolation=interp)
    small_full = cv2.resize(full, size, interpolation=interp)
    kx, ky = size[0] / canvas.shape[1], size[1] / canvas.shape[0]

    def local(box):  # canvas px box (y0, y1, x0, x1) → panel-local output px
        return (round(box[0] * ky), round(box[1] * ky), round(box[2] * kx), round(box[3] * kx))

    item_boxes = []
    for u, v in slots:
        gx0, gy0 = ox + u * GUI_SCALE, oy + v * GUI_SCALE
        gx1, gy1 = gx0 + 16 * GUI_SCALE, gy0 + 16 * GUI_SCALE
        item_boxes.append((round(gx0 * sx), round(gy0 * sy), round(gx1 * sx), round(gy1 * sy)))
    fx, fy = sx * GUI_SCALE, sy * GUI_SCALE
    font = (max(1, round(fx)), max(1, round(fy))) if min(fx, fy) >= 0.9 else None
    return _Layout(
        box=(y0, y1, x0, x1), rgb=np.ascontiguousarray(small[..., :3]),
        mask=(small[..., 3:] >= 128), rgb_full=np.ascontiguousarray(small_full[..., :3]),
        flame=local(flame), arrow=local(arrow), slots=item_boxes, sx=sx, sy=sy, font=font,
    )
