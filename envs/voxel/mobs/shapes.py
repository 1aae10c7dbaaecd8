"""What mobs look like: per-kind box models (`SHAPES`), sheep wool colours and the compiled
kernel that turns them into render boxes at each mob's position and yaw."""

from __future__ import annotations

import math

import numba as nb
import numpy as np

from .layout import F_SHEARED, FX, FY, FYAW, FZ, ICOLOR, IFLAGS, IFUSE, IHURT, IKIND


@nb.njit(cache=True)
def _boxes(F, iv, idx, n, parts, part_kind, part_start, wool_rgb, out):
    """Render boxes of mobs idx[:n] from per-kind part templates (pixels, facing +z), turned to
    the mob's yaw in 90° steps; hurt mobs tinted red, lit creepers flash white."""
    m = 0
    for j in range(n):
        s = idx[j]
        k = iv[s, IKIND]
        q = int(math.floor(((F[s, FYAW] % 360.0) + 45.0) / 90.0)) % 4
        x, y, z = F[s, FX], F[s, FY], F[s, FZ]
        hurt = iv[s, IHURT] > 0
        flash = iv[s, IFUSE] > 0 and (iv[s, IFUSE] // 4) % 2 == 1
        sheared = (iv[s, IFLAGS] & F_SHEARED) != 0
        for p in range(part_start[k], part_start[k + 1]):
            flag = part_kind[p]
            if (flag == 1 and sheared) or (flag == 2 and not sheared):
                continue
            a0, b0, c0, a1, b1, c1 = (parts[p, 0] / 16.0, parts[p, 1] / 16.0, parts[p, 2] / 16.0,
                                      parts[p, 3] / 16.0, parts[p, 4] / 16.0, parts[p, 5] / 16.0)
            # yaw 0 faces +z; 90 faces -x; 180 faces -z; 270 faces +x (Minecraft's convention)
            if q == 0:
                lx0, lx1, lz0, lz1 = a0, a1, c0, c1
            elif q == 1:
                lx0, lx1, lz0, lz1 = -c1, -c0, a0, a1
            elif q == 2:
                lx0, lx1, lz0, lz1 = -a1, -a0, -c1, -c0
            else:
                lx0, lx1, lz0, lz1 = c0, c1, -a1, -a0
            out[m, 0], out[m, 1], out[m, 2] = x + lx0, y + b0, z + lz0
            out[m, 3], out[m, 4], out[m, 5] = x + lx1, y + b1, z + lz1
            r, g, b = parts[p, 6], parts[p, 7], parts[p, 8]
            if flag == 1:  # wool takes the sheep's colour
                r, g, b = wool_rgb[iv[s, ICOLOR], 0], wool_rgb[iv[s, ICOLOR], 1], wool_rgb[iv[s, ICOLOR], 2]
            if hurt:
                r, g, b = 0.45 * r + 0.55 * 230.0, 0.45 * g + 0.55 * 50.0, 0.45 * b + 0.55 * 50.0
            elif flash:
                r, g, b = 0.3 * r + 0.7 * 255.0, 0.3 * g + 0.7 * 255.0, 0.3 * b + 0.7 * 255.0
            out[m, 6], out[m, 7], out[m, 8] = r, g, b
            m += 1
    return m


# -- shapes ----------------------------------------------------------------------------------
# Parts in model pixels (1/16 block) around the feet centre, the mob facing +z:
# (x0, y0, z0, x1, y1, z1, (r, g, b), flag) — flag 1: wool (hidden once sheared), 2: shorn body.
def _legs(w, h, x, z, rgb):
    return [(sx * x - w / 2, 0, sz * z - w / 2, sx * x + w / 2, h, sz * z + w / 2, rgb, 0)
            for sx in (-1, 1) for sz in (-1, 1)]


_BLACK = (25, 25, 25)
SHAPES: dict[str, list[tuple]] = {
    "cow": _legs(4, 12, 4, 6, (60, 42, 28)) + [
        (-6, 12, -9, 6, 22, 8, (86, 60, 40), 0),
        (-6.2, 14, -4, 6.2, 19, 2, (225, 225, 220), 0),  # white patches
        (-4, 15, 8, 4, 23, 14, (74, 52, 36), 0),  # head
        (-2.5, 15, 14, 2.5, 18.5, 15, (205, 180, 160), 0),  # muzzle
        (-5.5, 22, 10, 5.5, 24, 11.5, (215, 205, 185), 0),  # horns
    ],
    "pig": _legs(4, 6, 3, 5, (220, 135, 140)) + [
        (-5, 6, -8, 5, 14, 8, (240, 160, 160), 0),
        (-4, 8, 8, 4, 16, 15, (240, 165, 165), 0),
        (-2, 9, 15, 2, 12, 16.5, (225, 115, 125), 0),  # snout
    ],
    "sheep": _legs(4, 12, 3, 5, (215, 190, 170)) + [
        (-5.5, 11, -8.5, 5.5, 21, 8.5, (235, 235, 235), 1),  # fleece
        (-4, 12, -7, 4, 18, 7, (215, 185, 165), 2),  # shorn body
        (-3, 15, 7, 3, 21, 14, (200, 175, 155), 0),  # head
        (-3.5, 19, 8, 3.5, 22, 12, (235, 235, 235), 1),  # wool cap
    ],
    "chicken": [
        (-2, 0, -0.5, -1, 5, 0.5, (235, 170, 40), 0), (1, 0, -0.5, 2, 5, 0.5, (235, 170, 40), 0),
        (-3, 5, -4, 3, 11, 4, (250, 250, 250), 0),
        (-4, 6, -3, 4, 10, 3, (232, 232, 232), 0),  # wings
        (-2, 9, 3, 2, 15, 6, (250, 250, 250), 0),  # head
        (-2, 12, 6, 2, 14, 8, (240, 160, 40), 0),  # beak
        (-1, 10, 6, 1, 12, 7, (210, 30, 30), 0),  # wattle
    ],
    "zombie": [
        (-4, 0, -2, 0, 12, 2, (60, 70, 160), 0), (0, 0, -2, 4, 12, 2, (55, 65, 150), 0),
        (-4, 12, -2, 4, 24, 2, (40, 160, 170), 0),
        (-8, 20, -2, -4, 24, 10, (90, 150, 80), 0), (4, 20, -2, 8, 24, 10, (90, 150, 80), 0),
        (-4, 24, -4, 4, 32, 4, (95, 155, 85), 0),
        (-3, 27, 4, 3, 28.5, 4.3, _BLACK, 0),
    ],
    "skeleton": [
        (-3, 0, -1, -1, 12, 1, (190, 190, 190), 0), (1, 0, -1, 3, 12, 1, (190, 190, 190), 0),
        (-4, 12, -1.5, 4, 24, 1.5, (200, 200, 200), 0),
        (-6, 12, -1, -4, 24, 1, (190, 190, 190), 0), (4, 12, -1, 6, 24, 1, (190, 190, 190), 0),
        (4, 13, 2, 5, 23, 3, (110, 80, 40), 0),  # bow
        (-4, 24, -4, 4, 32, 4, (215, 215, 215), 0),
        (-3, 27, 4, 3, 29, 4.3, (40, 40, 40), 0),
    ],
    "spider": [
        (-5, 4, -12, 5, 12, -1, (52, 42, 36), 0),  # abdomen
        (-3, 5, -1, 3, 11, 3, (45, 36, 30), 0),
        (-4, 4, 3, 4, 12, 11, (40, 32, 28), 0),  # head
        (-3, 8, 11, 3, 10, 11.3, (200, 20, 20), 0),  # eyes
        (-15, 7, -1, 15, 9, 1, (34, 27, 23), 0), (-15, 7, 2, 15, 9, 4, (34, 27, 23), 0),
        (-15, 7, 5, 15, 9, 7, (34, 27, 23), 0), (-15, 7, 8, 15, 9, 10, (34, 27, 23), 0),
    ],
    "creeper": _legs(4, 6, 2, 4, (70, 150, 60)) + [
        (-4, 6, -2, 4, 18, 2, (80, 170, 70), 0),
        (-4, 18, -4, 4, 26, 4, (92, 182, 80), 0),
        (-3, 22, 4, -1, 24, 4.3, _BLACK, 0), (1, 22, 4, 3, 24, 4.3, _BLACK, 0),
        (-1, 19, 4, 1, 22, 4.3, _BLACK, 0),
    ],
}
WOOL = ("white", "light_gray", "gray", "black", "brown", "pink")
WOOL_RGB = np.array([(235, 235, 235), (160, 160, 155), (70, 72, 75), (25, 25, 30), (115, 75, 45),
                     (235, 150, 175)], np.float32)
