"""Shared definitions of the numba ray caster: block render kinds, the per-frame parameter vector,
face tables and the small scalar helpers every kernel inlines.

The frame is made in passes (see `renderer.Renderer.render`):
`trace.py` casts rays through the voxel grid and records what each pixel hits (block, face, voxel,
distance, the first translucent layer); `fill.py` traces only every other pixel per axis and
fills the pixels in between from their neighbours where both hit the same face of the same cube
(the in-between ray provably lands on that face; its distance is one plane intersection);
`shade.py` turns the hit buffers into colour (texel, face shade, sky light, fog, cracks, water,
sky); `overlays.py` draws entities, the target outline and rain. `sky.py` computes the sky, fog
and light tables for the time of day.

Camera rays are d = f + U[i] r + V[j] up with f, r, up orthonormal, so the ray parameter t is the
planar depth (what the depth buffer stores) and the true distance is t * |d|.
"""

from __future__ import annotations

import numba as nb
import numpy as np

# block render kinds
AIR = 0
CUBE = 1  # opaque full cube
CROSS = 2  # two crossed alpha-tested quads (plants)
LIQUID = 3  # translucent, tinted by depth (water); not drawn when the eye is inside it
GLASS = 4  # alpha-tested full cube (glass frame, iron bars)
BOX = 5  # opaque partial box (slabs, carpets, torches, chests ...), bounds in `boxes`
TINTED = 6  # translucent cube (stained glass, ice)

# params vector layout (float64), filled by Renderer.render
P_OX, P_OY, P_OZ = 0, 1, 2
P_FX, P_FY, P_FZ = 3, 4, 5
P_RX, P_RY, P_RZ = 6, 7, 8
P_UX, P_UY, P_UZ = 9, 10, 11
P_VIEW = 12  # view distance (true distance)
P_FOG0, P_FOG1 = 13, 14  # fog start / end distance
P_FOGR, P_FOGG, P_FOGB = 15, 16, 17  # fog colour 0..255
P_SUNX, P_SUNY, P_SUNZ = 18, 19, 20
P_SUNVIS, P_MOONVIS, P_STARS = 21, 22, 23
P_UNDERWATER = 24
P_TX, P_TY, P_TZ, P_HASTGT, P_CRACK = 25, 26, 27, 28, 29
P_YTOP = 30
P_GLOW = 31  # sunrise / sunset glow strength
P_GLOWR, P_GLOWG, P_GLOWB = 32, 33, 34
P_SKYR, P_SKYG, P_SKYB = 35, 36, 37  # zenith colour
P_TINTR, P_TINTG, P_TINTB = 38, 39, 40  # final multiplicative tint (underwater)
P_RAIN = 41
P_TANH, P_TANV = 42, 43  # tan of the half FOVs
P_OB = 44  # 44..49: outline box of the target block, local min xyz / max xyz
N_PARAMS = 56

# face ids: 0 -x, 1 +x, 2 -y (bottom), 3 +y (top), 4 -z, 5 +z. Face shade like Minecraft.
FACE_SHADE = np.array([0.6, 0.6, 0.5, 1.0, 0.8, 0.8], np.float32)
FACE_SLOT = np.array([1, 1, 2, 0, 1, 1], np.int64)  # texture slot: 0 top, 1 side, 2 bottom
FACE_NX = np.array([-1, 1, 0, 0, 0, 0], np.int64)
FACE_NY = np.array([0, 0, -1, 1, 0, 0], np.int64)
FACE_NZ = np.array([0, 0, 0, 0, -1, 1], np.int64)

JIT = dict(cache=True, fastmath=True, boundscheck=False, nogil=True, error_model="numpy")
# helpers are inlined at numba-IR level: a real call that takes arrays costs NRT refcounting
INLINE = dict(JIT, inline="always")


@nb.njit(**INLINE)
def clampi(v, lo, hi):
    return lo if v < lo else (hi if v > hi else v)


@nb.njit(**INLINE)
def texcoords(px, py, pz, vx, vy, vz, face):
    """Texel (iu, iv) of a point on a cube face; v runs top to bottom on side faces."""
    if face <= 1:
        u = pz - vz
        if face == 0:
            u = 1.0 - u
        v = 1.0 - (py - vy)
    elif face <= 3:
        u = px - vx
        v = pz - vz
    else:
        u = px - vx
        if face == 5:
            u = 1.0 - u
        v = 1.0 - (py - vy)
    iu = clampi(int(u * 16.0), 0, 15)
    iv = clampi(int(v * 16.0), 0, 15)
    return iu, iv


@nb.njit(**INLINE)
def sky_level(h, ay):
    """Approximate sky light 0..15 of an air voxel at height ay in a column of height h: full
    light above the column, one level less per block of cover (caves go dark)."""
    if ay >= h:
        return 15
    d = h - ay
    return 15 - d if d < 15 else 0



# hit kinds recorded per pixel by the trace pass
HIT_SKY = 0  # nothing within the view distance
HIT_FACE = 1  # a block face (or a partial box's face)
HIT_CROSS = 2  # an alpha-tested crossed-quad plant; the texel is recorded
HIT_INSIDE = 3  # the eye is inside the block
HIT_DEEP = 4  # more than `WATER_CAP` blocks of water: the bottom is not traced
HIT_MASK = 7  # the kind bits; the flag below is or-ed in
GRAZED = 8  # the ray crossed a partial block (plant, glass pane, slab ...) without hitting it
WATER_CAP = 10.0
FAR = 1e30  # depth of sky pixels
