"""The numba ray-casting kernels: one ray per pixel through the voxel grid, then entities, outline.

Traversal is hierarchical over max-height maps pooled from `world.height` (kept by the Renderer
for the square around the eye, refreshed when the world changes): a 2D DDA over 16x16 column
groups and then 4x4 column groups skips every group the ray passes above; a 3D voxel DDA runs
only where the ray is below a group's top and carries on into neighbour groups while it stays
below theirs. Every ray is first clipped to the top of the occupied region (`ytop`), so rays
that leave upwards stop at once and rays from high above start where blocks can begin; rising
rays also stop as soon as they are above everything ahead in their quadrant (`qmax`). All state
lives in preallocated arrays; nothing here allocates per frame. Helpers called per pixel take
scalars only (numba helpers that take arrays pay reference counting on every call).

Camera rays are d = f + U[i] r + V[j] up with f, r, up orthonormal, so the ray parameter t is the
planar depth (what the depth buffer stores) and the true distance is t * |d|.
"""

from __future__ import annotations

import math

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

_JIT = dict(cache=True, fastmath=True, boundscheck=False, nogil=True, error_model="numpy")
# helpers are inlined at numba-IR level: a real call that takes arrays costs NRT refcounting
_INLINE = dict(_JIT, inline="always")


@nb.njit(**_INLINE)
def _clampi(v, lo, hi):
    return lo if v < lo else (hi if v > hi else v)


@nb.njit(**_INLINE)
def _texcoords(px, py, pz, vx, vy, vz, face):
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
    iu = _clampi(int(u * 16.0), 0, 15)
    iv = _clampi(int(v * 16.0), 0, 15)
    return iu, iv


@nb.njit(**_INLINE)
def sky_colour(dx, dy, dz, r, g, b, sx, sy, sz, sunvis, moonvis, stars, glow, gr, gg, gb):
    """Sky RGB for a normalised direction, given the gradient colour (r, g, b) for its height:
    adds the sunrise/sunset glow, the square sun and moon, and stars. Scalars only: numba
    helpers that take arrays pay reference counting on every call."""
    if glow > 0.0 and dy > -0.3 and sx * dx > 0.0:
        # sunrise/sunset: orange towards the sun (east or west) near the horizon
        a = abs(dx)
        w = glow * a * a * a * max(0.0, 1.0 - abs(dy) * 2.5)
        r += (gr - r) * w
        g += (gg - g) * w
        b += (gb - b) * w
    # sun and moon are squares on the celestial sphere rotating about the z axis
    cs = dx * sx + dy * sy + dz * sz
    if cs > 0.9 and sunvis > 0.0:
        a1 = dz / cs
        a2 = (dx * sy - dy * sx) / cs
        if abs(a1) < 0.1 and abs(a2) < 0.1:
            m = max(abs(a1), abs(a2))
            if m < 0.065:
                r += (255.0 - r) * sunvis
                g += (250.0 - g) * sunvis
                b += (215.0 - b) * sunvis
            else:
                r += (255.0 - r) * sunvis * 0.55
                g += (225.0 - g) * sunvis * 0.55
                b += (120.0 - b) * sunvis * 0.55
    elif cs < -0.9 and moonvis > 0.0:
        c = -cs
        a1 = dz / c
        a2 = -(dx * sy - dy * sx) / c
        if abs(a1) < 0.07 and abs(a2) < 0.07:
            iu = int((a1 + 0.07) * 57.0)
            iv = int((a2 + 0.07) * 57.0)
            crater = ((iu * 7 + iv * 13) % 11) < 3
            lum = 170.0 if crater else 225.0
            r += (lum - r) * moonvis
            g += (lum - g) * moonvis
            b += (lum + 10.0 - b) * moonvis
    if stars > 0.0 and dy > 0.0:
        qx = int((dx + 2.0) * 180.0)
        qy = int((dy + 2.0) * 180.0)
        qz = int((dz + 2.0) * 180.0)
        h = (qx * 73856093) ^ (qy * 19349663) ^ (qz * 83492791)
        h = (h ^ (h >> 13)) & 1023
        if h < 3:
            w = stars * (0.6 + 0.2 * h)
            r += (255.0 - r) * w
            g += (255.0 - g) * w
            b += (255.0 - b) * w
    return r, g, b


@nb.njit(**_INLINE)
def _sky_level(h, ay):
    """Approximate sky light 0..15 of an air voxel at height ay in a column of height h: full
    light above the column, one level less per block of cover (caves go dark)."""
    if ay >= h:
        return 15
    d = h - ay
    return 15 - d if d < 15 else 0


@nb.njit(**_JIT)
def update_hmax(height, hmax4, hmax16, x0, x1, z0, z1):
    """Pool column heights into 4x4 and 16x16 maxima over array columns [x0, x1) x [z0, z1)
    (16-aligned, clipped to the world); returns the max height of that square."""
    x0 = max(0, x0)
    z0 = max(0, z0)
    x1 = min(height.shape[0], x1)
    z1 = min(height.shape[1], z1)
    top = 0
    for c16x in range(x0 >> 4, (x1 + 15) >> 4):
        for c16z in range(z0 >> 4, (z1 + 15) >> 4):
            m16 = 0
            for c4x in range(c16x * 4, c16x * 4 + 4):
                for c4z in range(c16z * 4, c16z * 4 + 4):
                    m = 0
                    for x in range(c4x * 4, c4x * 4 + 4):
                        for z in range(c4z * 4, c4z * 4 + 4):
                            h = height[x, z]
                            if h > m:
                                m = h
                    hmax4[c4x, c4z] = m
                    if m > m16:
                        m16 = m
            hmax16[c16x, c16z] = m16
            if m16 > top:
                top = m16
    return top


@nb.njit(**_JIT)
def render_blocks(
    out,
    depth,
    blocks,
    height,
    hmax4,
    hmax16,
    qmax,
    kind,
    face_tex,
    atlas,
    boxes,
    emissive,
    U,
    V,
    invn,
    P,
    sky_lut,
    light_lut,
    crack,
):
    """Ray-cast every pixel: writes RGB to `out` (H, W, 3) and planar depth to `depth`.

    Traversal: 2D DDA over 16x16 column groups (skipped while the ray stays above their max
    height), then 4x4 column groups (same test), then a voxel DDA from where the ray drops below
    a group's top. Hits are shaded with the block's texel, Minecraft face shading, sky light
    from the height map, fog, cracks on the target; one translucent layer (water, stained
    glass) is blended over what is behind it.
    """
    H = out.shape[0]
    W = out.shape[1]
    SX = blocks.shape[0]
    SZ = blocks.shape[1]
    SY = blocks.shape[2]
    N16X = hmax16.shape[0]
    N16Z = hmax16.shape[1]
    ox, oy, oz = P[P_OX], P[P_OY], P[P_OZ]
    fx, fy, fz = P[P_FX], P[P_FY], P[P_FZ]
    rx, rz = P[P_RX], P[P_RZ]  # the camera's right vector is horizontal
    ux, uy, uz = P[P_UX], P[P_UY], P[P_UZ]
    view = P[P_VIEW]
    fog0 = P[P_FOG0]
    fogk = 1.0 / max(1e-3, P[P_FOG1] - fog0)
    fogr, fogg, fogb = P[P_FOGR], P[P_FOGG], P[P_FOGB]
    ytop = min(P[P_YTOP], float(SY))
    underwater = P[P_UNDERWATER] > 0.5
    tintr, tintg, tintb = P[P_TINTR], P[P_TINTG], P[P_TINTB]
    tinted = tintr != 1.0 or tintg != 1.0 or tintb != 1.0
    has_tgt = P[P_HASTGT] > 0.5
    tgx = int(P[P_TX])
    tgy = int(P[P_TY])
    tgz = int(P[P_TZ])
    stage = int(P[P_CRACK])
    sunx, suny, sunz = P[P_SUNX], P[P_SUNY], P[P_SUNZ]
    sunvis, moonvis, stars = P[P_SUNVIS], P[P_MOONVIS], P[P_STARS]
    glow, glowr, glowg, glowb = P[P_GLOW], P[P_GLOWR], P[P_GLOWG], P[P_GLOWB]
    evx = int(math.floor(ox))  # the eye's voxel (used when inside the world)
    evy = int(math.floor(oy))
    evz = int(math.floor(oz))
    # rays never leave a view-distance ball around the eye: x/z clipping only near the border
    clipxz = not (
        ox > view + 1.0 and ox < SX - view - 1.0 and oz > view + 1.0 and oz < SZ - view - 1.0
    )
    big = 1e30
    water_cap = 10.0  # blocks of water after which the bottom is not traced any more
    # quadrant suffix maxima of hmax16 over the cells rays can reach: qmax[q, x, z] = max over
    # the cells ahead of (x, z) in quadrant q (bit 0: +x, bit 1: +z). A rising ray above it
    # can hit nothing more.
    r16 = int(view) // 16 + 2
    e16x = int(ox) >> 4
    e16z = int(oz) >> 4
    qx0 = max(0, e16x - r16)
    qx1 = min(N16X - 1, e16x + r16)
    qz0 = max(0, e16z - r16)
    qz1 = min(N16Z - 1, e16z + r16)
    for q in range(4):
        for nx in range(qx1 - qx0 + 1):
            x = qx1 - nx if q & 1 else qx0 + nx
            for nz in range(qz1 - qz0 + 1):
                z = qz1 - nz if q & 2 else qz0 + nz
                m = hmax16[x, z]
                px_ = x - 1 if q & 1 == 0 else x + 1
                pz_ = z - 1 if q & 2 == 0 else z + 1
                if px_ >= qx0 and px_ <= qx1 and qmax[q, px_, z] > m:
                    m = qmax[q, px_, z]
                if pz_ >= qz0 and pz_ <= qz1 and qmax[q, x, pz_] > m:
                    m = qmax[q, x, pz_]
                qmax[q, x, z] = m
    for j in range(H):
        vj = V[j]
        # r is horizontal, so the y component of a ray is constant along a row
        dy = fy + vj * uy
        if abs(dy) < 1e-9:
            dy = 1e-9
        invy = 1.0 / dy
        sy = 1 if dy > 0 else -1
        ay = 1 if dy > 0 else 0
        fys = 2 if dy > 0 else 3
        for i in range(W):
            ui = U[i]
            dx = fx + ui * rx + vj * ux
            dz = fz + ui * rz + vj * uz
            inn = invn[j, i]
            tfar = view * inn
            t0 = 0.0
            t1 = tfar
            f0 = -1
            if abs(dx) < 1e-9:
                dx = 1e-9
            if abs(dz) < 1e-9:
                dz = 1e-9
            # y range [0, ytop): early sky exit upwards, start at ytop from above
            ta = (0.0 - oy) * invy
            tb = (ytop - oy) * invy
            if ta > tb:
                ta, tb = tb, ta
            if ta > t0:
                t0 = ta
                f0 = fys
            if tb < t1:
                t1 = tb
            invx = 1.0 / dx
            invz = 1.0 / dz
            if clipxz:
                ta = (0.0 - ox) * invx
                tb = (SX - ox) * invx
                if ta > tb:
                    ta, tb = tb, ta
                if ta > t0:
                    t0 = ta
                    f0 = 0 if dx > 0 else 1
                t1 = min(t1, tb)
                ta = (0.0 - oz) * invz
                tb = (SZ - oz) * invz
                if ta > tb:
                    ta, tb = tb, ta
                if ta > t0:
                    t0 = ta
                    f0 = 4 if dz > 0 else 5
                t1 = min(t1, tb)

            hit = False
            deep = False
            hb = 0
            hface = -1
            ht = 0.0
            hvx = 0
            hvy = 0
            hvz = 0
            hcross = False
            hu = 0
            hv = 0
            wb = 0  # first translucent layer (water, stained glass)
            wt = 0.0
            wface = -1
            wvx = 0
            wvy = 0
            wvz = 0

            if t0 < t1:
                sx = 1 if dx > 0 else -1
                sz = 1 if dz > 0 else -1
                ax = 1 if dx > 0 else 0
                az = 1 if dz > 0 else 0
                fxs = 0 if dx > 0 else 1
                fzs = 4 if dz > 0 else 5
                t = t0
                face = f0
                done = False
                if t == 0.0:  # ray starts at the eye: its cells are known
                    c16x = evx >> 4
                    c16z = evz >> 4
                else:
                    c16x = _clampi(int(math.floor(ox + t * dx)) >> 4, 0, N16X - 1)
                    c16z = _clampi(int(math.floor(oz + t * dz)) >> 4, 0, N16Z - 1)
                t16x = (float((c16x + ax) * 16) - ox) * invx
                t16z = (float((c16z + az) * 16) - oz) * invz
                dtx = abs(invx)
                dtz = abs(invz)
                dty = abs(invy)
                quad = (1 if dx > 0 else 0) + (2 if dz > 0 else 0)
                while True:
                    # ---- level 16: skip column groups the ray passes above
                    if dy > 0 and oy + t * dy >= qmax[quad, c16x, c16z]:
                        break  # rising above everything ahead: sky
                    te = min(min(t16x, t16z), t1)
                    if oy + (t if dy > 0 else te) * dy < hmax16[c16x, c16z]:
                        h16 = hmax16[c16x, c16z]
                        if t == 0.0:
                            c4x = evx >> 2
                            c4z = evz >> 2
                        else:
                            c4x = _clampi(int(math.floor(ox + t * dx)) >> 2, c16x * 4, c16x * 4 + 3)
                            c4z = _clampi(int(math.floor(oz + t * dz)) >> 2, c16z * 4, c16z * 4 + 3)
                        t4x = (float((c4x + ax) * 4) - ox) * invx
                        t4z = (float((c4z + az) * 4) - oz) * invz
                        while True:
                            # ---- level 4
                            te4 = min(min(t4x, t4z), t1)
                            h4 = hmax4[c4x, c4z]
                            moved = False  # the voxel walk carried the ray into a new group
                            left16 = False  # ... and out of this 16x16 group
                            if oy + (t if dy > 0 else te4) * dy < h4:
                                # ---- voxels from below the group top; the walk continues
                                # into neighbour groups as long as the ray stays below their top
                                ts = t
                                fs = face
                                if dy < 0:
                                    th = (h4 - oy) * invy
                                    if th > ts:
                                        ts = th
                                        fs = 3
                                if ts == 0.0:
                                    vx = evx
                                    vz = evz
                                    vy = _clampi(evy, 0, h4 - 1)
                                else:
                                    vx = _clampi(
                                        int(math.floor(ox + ts * dx)), c4x * 4, c4x * 4 + 3
                                    )
                                    vz = _clampi(
                                        int(math.floor(oz + ts * dz)), c4z * 4, c4z * 4 + 3
                                    )
                                    vy = _clampi(int(math.floor(oy + ts * dy)), 0, h4 - 1)
                                tvx = (float(vx + ax) - ox) * invx
                                tvy = (float(vy + ay) - oy) * invy
                                tvz = (float(vz + az) - oz) * invz
                                tt = ts
                                while True:
                                    b = blocks[vx, vz, vy]
                                    if b != 0:
                                        k = kind[b]
                                        if k == CUBE:
                                            hit = True
                                        elif k == LIQUID or k == TINTED:
                                            if wb == 0:
                                                if not (underwater and k == LIQUID):
                                                    wb = b
                                                    wt = tt
                                                    wface = fs
                                                    wvx = vx
                                                    wvy = vy
                                                    wvz = vz
                                            elif (tt - wt) > water_cap * inn:
                                                deep = True
                                                ht = tt
                                                done = True
                                                break
                                        elif k == GLASS:
                                            if fs >= 0:
                                                iu, iv = _texcoords(
                                                    ox + tt * dx,
                                                    oy + tt * dy,
                                                    oz + tt * dz,
                                                    vx,
                                                    vy,
                                                    vz,
                                                    fs,
                                                )
                                                tid = face_tex[b, FACE_SLOT[fs]]
                                                if atlas[tid, iv, iu, 3] >= 128:
                                                    hit = True
                                        elif k == CROSS:
                                            tex = min(tvx, min(tvy, tvz))
                                            tid = face_tex[b, 1]
                                            best = big
                                            den = dx - dz
                                            if abs(den) > 1e-12:
                                                tc = (float(vx - vz) - (ox - oz)) / den
                                                if tc >= tt and tc <= tex:
                                                    iu = _clampi(
                                                        int((ox + tc * dx - vx) * 16.0), 0, 15
                                                    )
                                                    iv = _clampi(
                                                        int((1.0 - (oy + tc * dy - vy)) * 16.0),
                                                        0,
                                                        15,
                                                    )
                                                    if atlas[tid, iv, iu, 3] >= 128:
                                                        best = tc
                                                        hu = iu
                                                        hv = iv
                                            den = dx + dz
                                            if abs(den) > 1e-12:
                                                tc = (float(vx + vz + 1) - (ox + oz)) / den
                                                if tc >= tt and tc <= tex and tc < best:
                                                    iu = _clampi(
                                                        int((1.0 - (ox + tc * dx - vx)) * 16.0),
                                                        0,
                                                        15,
                                                    )
                                                    iv = _clampi(
                                                        int((1.0 - (oy + tc * dy - vy)) * 16.0),
                                                        0,
                                                        15,
                                                    )
                                                    if atlas[tid, iv, iu, 3] >= 128:
                                                        best = tc
                                                        hu = iu
                                                        hv = iv
                                            if best < big:
                                                hit = True
                                                hcross = True
                                                tt = best
                                        elif k == BOX:
                                            tex = min(tvx, min(tvy, tvz))
                                            ta = (vx + boxes[b, 0] - ox) * invx
                                            tb = (vx + boxes[b, 3] - ox) * invx
                                            fa = 0
                                            if ta > tb:
                                                ta, tb = tb, ta
                                                fa = 1
                                            tn = ta
                                            tf = tb
                                            fn = fa
                                            ta = (vy + boxes[b, 1] - oy) * invy
                                            tb = (vy + boxes[b, 4] - oy) * invy
                                            fa = 2
                                            if ta > tb:
                                                ta, tb = tb, ta
                                                fa = 3
                                            if ta > tn:
                                                tn = ta
                                                fn = fa
                                            tf = min(tf, tb)
                                            ta = (vz + boxes[b, 2] - oz) * invz
                                            tb = (vz + boxes[b, 5] - oz) * invz
                                            fa = 4
                                            if ta > tb:
                                                ta, tb = tb, ta
                                                fa = 5
                                            if ta > tn:
                                                tn = ta
                                                fn = fa
                                            tf = min(tf, tb)
                                            if tn < tt:
                                                tn = tt
                                                fn = fs
                                            if tn <= tf and tn <= tex:
                                                hit = True
                                                tt = tn
                                                fs = fn
                                        if hit:
                                            hb = b
                                            hface = fs
                                            ht = tt
                                            hvx = vx
                                            hvy = vy
                                            hvz = vz
                                            done = True
                                            break
                                    # one voxel step
                                    if tvx < tvy and tvx < tvz:
                                        tt = tvx
                                        vx += sx
                                        fs = fxs
                                        tvx += dtx
                                        if (vx >> 2) != c4x:
                                            c4x += sx
                                            t = tt
                                            face = fxs
                                            t4x += 4.0 * dtx
                                            if (c4x >> 2) != c16x:
                                                left16 = True
                                                break
                                            h4 = hmax4[c4x, c4z]
                                            # at or above the new group's top: let level 4
                                            # skip it or descend to its top (keeps vy < h4)
                                            if oy + tt * dy >= h4:
                                                moved = True
                                                break
                                    elif tvy < tvz:
                                        tt = tvy
                                        vy += sy
                                        fs = fys
                                        tvy += dty
                                        if vy < 0:
                                            done = True
                                            break
                                        if vy >= h4:
                                            break  # above this group's top: skip the rest of it
                                    else:
                                        tt = tvz
                                        vz += sz
                                        fs = fzs
                                        tvz += dtz
                                        if (vz >> 2) != c4z:
                                            c4z += sz
                                            t = tt
                                            face = fzs
                                            t4z += 4.0 * dtz
                                            if (c4z >> 2) != c16z:
                                                left16 = True
                                                break
                                            h4 = hmax4[c4x, c4z]
                                            # at or above the new group's top: let level 4
                                            # skip it or descend to its top (keeps vy < h4)
                                            if oy + tt * dy >= h4:
                                                moved = True
                                                break
                                    if tt > t1:
                                        done = True
                                        break
                                if done or left16:
                                    break
                                if moved:
                                    continue
                            # ---- level 4 step
                            if t4x < t4z:
                                t = t4x
                                c4x += sx
                                face = fxs
                                t4x += 4.0 * dtx
                                if t > t1:
                                    done = True
                                    break
                                if (c4x >> 2) != c16x:
                                    break
                            else:
                                t = t4z
                                c4z += sz
                                face = fzs
                                t4z += 4.0 * dtz
                                if t > t1:
                                    done = True
                                    break
                                if (c4z >> 2) != c16z:
                                    break
                            if dy > 0 and oy + t * dy >= h16:
                                break  # above everything left in this column group
                        if done:
                            break
                    # ---- level 16 step
                    if t16x < t16z:
                        t = t16x
                        c16x += sx
                        face = fxs
                        t16x += 16.0 * dtx
                        if c16x < 0 or c16x >= N16X:
                            break
                    else:
                        t = t16z
                        c16z += sz
                        face = fzs
                        t16z += 16.0 * dtz
                        if c16z < 0 or c16z >= N16Z:
                            break
                    if t > t1:
                        break

            # ---- shade
            if hit:
                depth[j, i] = ht
                px = ox + ht * dx
                py = oy + ht * dy
                pz = oz + ht * dz
                if hcross:
                    tid = face_tex[hb, 1]
                    iu = hu
                    iv = hv
                    shade = 0.9
                    lvl = _sky_level(height[hvx, hvz], hvy)
                elif hface < 0:
                    tid = face_tex[hb, 1]
                    iu = _clampi(int((px - hvx) * 16.0), 0, 15)
                    iv = _clampi(int((1.0 - (py - hvy)) * 16.0), 0, 15)
                    shade = 0.5
                    lvl = 0
                else:
                    tid = face_tex[hb, FACE_SLOT[hface]]
                    iu, iv = _texcoords(px, py, pz, hvx, hvy, hvz, hface)
                    shade = FACE_SHADE[hface]
                    lx = hvx + FACE_NX[hface]
                    lz = hvz + FACE_NZ[hface]
                    if lx < 0 or lz < 0 or lx >= SX or lz >= SZ:
                        lvl = 15
                    else:
                        lvl = _sky_level(height[lx, lz], hvy + FACE_NY[hface])
                if emissive[hb]:
                    lum = 1.0
                else:
                    lum = shade * light_lut[lvl]
                cr = atlas[tid, iv, iu, 0] * lum
                cg = atlas[tid, iv, iu, 1] * lum
                cb = atlas[tid, iv, iu, 2] * lum
                if stage >= 0 and has_tgt and hvx == tgx and hvy == tgy and hvz == tgz:
                    if crack[iv, iu] <= stage:
                        cr *= 0.3
                        cg *= 0.3
                        cb *= 0.3
                ff = (ht / inn - fog0) * fogk
                if ff > 0.0:
                    if ff > 1.0:
                        ff = 1.0
                    cr += (fogr - cr) * ff
                    cg += (fogg - cg) * ff
                    cb += (fogb - cb) * ff
                tend = ht
            elif deep:
                depth[j, i] = big
                cr = 0.0
                cg = 0.0
                cb = 0.0
                tend = ht
            else:
                depth[j, i] = big
                if underwater:
                    cr, cg, cb = fogr, fogg, fogb
                else:
                    dyn = dy * inn
                    kk = int((dyn + 1.0) * 127.5)
                    kk = 0 if kk < 0 else (255 if kk > 255 else kk)
                    cr, cg, cb = sky_colour(
                        dx * inn,
                        dyn,
                        dz * inn,
                        sky_lut[kk, 0],
                        sky_lut[kk, 1],
                        sky_lut[kk, 2],
                        sunx,
                        suny,
                        sunz,
                        sunvis,
                        moonvis,
                        stars,
                        glow,
                        glowr,
                        glowg,
                        glowb,
                    )
                tend = tfar
            if wb != 0:
                # translucent layer in front: its own texel, light and fog, alpha by thickness
                if wface < 0:
                    wface = 3
                tid = face_tex[wb, FACE_SLOT[wface]]
                iu, iv = _texcoords(ox + wt * dx, oy + wt * dy, oz + wt * dz, wvx, wvy, wvz, wface)
                lx = wvx + FACE_NX[wface]
                lz = wvz + FACE_NZ[wface]
                if lx < 0 or lz < 0 or lx >= SX or lz >= SZ:
                    lvl = 15
                else:
                    lvl = _sky_level(height[lx, lz], wvy + FACE_NY[wface])
                lum = FACE_SHADE[wface] * light_lut[lvl]
                a = atlas[tid, iv, iu, 3] * (1.0 / 255.0)
                if kind[wb] == LIQUID:
                    a = 1.0 - (1.0 - a) * math.exp(-0.15 * (tend - wt) / inn)
                wr = atlas[tid, iv, iu, 0] * lum
                wg = atlas[tid, iv, iu, 1] * lum
                wbl = atlas[tid, iv, iu, 2] * lum
                if deep:
                    cr = wr * 0.35
                    cg = wg * 0.35
                    cb = wbl * 0.35
                ff = (wt / inn - fog0) * fogk
                if ff > 0.0:
                    if ff > 1.0:
                        ff = 1.0
                    wr += (fogr - wr) * ff
                    wg += (fogg - wg) * ff
                    wbl += (fogb - wbl) * ff
                cr += (wr - cr) * a
                cg += (wg - cg) * a
                cb += (wbl - cb) * a
            if tinted:
                cr *= tintr
                cg *= tintg
                cb *= tintb
            out[j, i, 0] = np.uint8(min(255.0, max(0.0, cr)))
            out[j, i, 1] = np.uint8(min(255.0, max(0.0, cg)))
            out[j, i, 2] = np.uint8(min(255.0, max(0.0, cb)))


@nb.njit(**_JIT)
def render_entities(out, depth, ent, height, U, V, P, light_lut, origin):
    """Draw axis-aligned boxes (N, 9: world min xyz, max xyz, rgb) depth-tested against blocks.

    Each box is projected first; only pixels inside its screen rectangle are ray-tested.
    """
    H = out.shape[0]
    W = out.shape[1]
    SX = height.shape[0]
    SZ = height.shape[1]
    ox, oy, oz = P[P_OX], P[P_OY], P[P_OZ]
    fx, fy, fz = P[P_FX], P[P_FY], P[P_FZ]
    rx, ry, rz = P[P_RX], P[P_RY], P[P_RZ]
    ux, uy, uz = P[P_UX], P[P_UY], P[P_UZ]
    th, tv = P[P_TANH], P[P_TANV]
    fog0 = P[P_FOG0]
    fogk = 1.0 / max(1e-3, P[P_FOG1] - fog0)
    view = P[P_VIEW]
    for n in range(ent.shape[0]):
        x0 = ent[n, 0] + origin
        y0 = ent[n, 1]
        z0 = ent[n, 2] + origin
        x1 = ent[n, 3] + origin
        y1 = ent[n, 4]
        z1 = ent[n, 5] + origin
        if not (x1 > x0 and y1 > y0 and z1 > z0):
            continue
        # screen rectangle of the 8 corners
        imin, imax, jmin, jmax = W, -1, H, -1
        behind = 0
        near = True
        for c in range(8):
            cx = (x1 if c & 1 else x0) - ox
            cy = (y1 if c & 2 else y0) - oy
            cz = (z1 if c & 4 else z0) - oz
            zc = cx * fx + cy * fy + cz * fz
            if zc < 0.05:
                behind += 1
                continue
            if zc < view:
                near = True
            xs = (cx * rx + cy * ry + cz * rz) / zc
            ys = (cx * ux + cy * uy + cz * uz) / zc
            fi = (xs / th + 1.0) * 0.5 * W - 0.5
            fj = (1.0 - ys / tv) * 0.5 * H - 0.5
            imin = min(imin, int(math.floor(fi)))
            imax = max(imax, int(math.ceil(fi)))
            jmin = min(jmin, int(math.floor(fj)))
            jmax = max(jmax, int(math.ceil(fj)))
        if behind == 8 or not near:
            continue
        if behind > 0:
            imin, imax, jmin, jmax = 0, W - 1, 0, H - 1
        imin = max(imin, 0)
        jmin = max(jmin, 0)
        imax = min(imax, W - 1)
        jmax = min(jmax, H - 1)
        if imin > imax or jmin > jmax:
            continue
        cr0, cg0, cb0 = ent[n, 6], ent[n, 7], ent[n, 8]
        lx = int(math.floor((x0 + x1) * 0.5))
        lz = int(math.floor((z0 + z1) * 0.5))
        lvl = 15
        if lx >= 0 and lz >= 0 and lx < SX and lz < SZ:
            lvl = _sky_level(height[lx, lz], int(math.floor(y0 + 0.01)))
        lum = light_lut[lvl]
        for j in range(jmin, jmax + 1):
            vj = V[j]
            for i in range(imin, imax + 1):
                ui = U[i]
                dx = fx + ui * rx + vj * ux
                dy = fy + ui * ry + vj * uy
                dz = fz + ui * rz + vj * uz
                if abs(dx) < 1e-9:
                    dx = 1e-9
                if abs(dy) < 1e-9:
                    dy = 1e-9
                if abs(dz) < 1e-9:
                    dz = 1e-9
                ta = (x0 - ox) / dx
                tb = (x1 - ox) / dx
                fa = 0
                if ta > tb:
                    ta, tb = tb, ta
                    fa = 1
                tn = ta
                tf = tb
                fn = fa
                ta = (y0 - oy) / dy
                tb = (y1 - oy) / dy
                fa = 2
                if ta > tb:
                    ta, tb = tb, ta
                    fa = 3
                if ta > tn:
                    tn = ta
                    fn = fa
                tf = min(tf, tb)
                ta = (z0 - oz) / dz
                tb = (z1 - oz) / dz
                fa = 4
                if ta > tb:
                    ta, tb = tb, ta
                    fa = 5
                if ta > tn:
                    tn = ta
                    fn = fa
                tf = min(tf, tb)
                if tn > tf or tf <= 0.0:
                    continue
                if tn < 0.0:
                    tn = 0.0
                if tn >= depth[j, i]:
                    continue
                depth[j, i] = tn
                lu = FACE_SHADE[fn] * lum
                cr = cr0 * lu
                cg = cg0 * lu
                cb = cb0 * lu
                dist = tn * math.sqrt(dx * dx + dy * dy + dz * dz)
                ff = (dist - fog0) * fogk
                if ff > 0.0:
                    if ff > 1.0:
                        ff = 1.0
                    cr += (P[P_FOGR] - cr) * ff
                    cg += (P[P_FOGG] - cg) * ff
                    cb += (P[P_FOGB] - cb) * ff
                cr *= P[P_TINTR]
                cg *= P[P_TINTG]
                cb *= P[P_TINTB]
                out[j, i, 0] = np.uint8(min(255.0, max(0.0, cr)))
                out[j, i, 1] = np.uint8(min(255.0, max(0.0, cg)))
                out[j, i, 2] = np.uint8(min(255.0, max(0.0, cb)))


@nb.njit(**_JIT)
def draw_outline(out, depth, P, scratch):
    """Minecraft's thin dark outline around the target block's box, hidden edges removed.

    `scratch` (int64, >= 12 * 2 * (2 * (W + H) + 2)) records darkened pixels so corners and
    overlapping samples are darkened once (their depth is negated meanwhile, then restored).
    """
    H = out.shape[0]
    W = out.shape[1]
    ox, oy, oz = P[P_OX], P[P_OY], P[P_OZ]
    fx, fy, fz = P[P_FX], P[P_FY], P[P_FZ]
    rx, ry, rz = P[P_RX], P[P_RY], P[P_RZ]
    ux, uy, uz = P[P_UX], P[P_UY], P[P_UZ]
    th, tv = P[P_TANH], P[P_TANV]
    e = 0.004
    bx0 = P[P_TX] + P[P_OB] - e
    by0 = P[P_TY] + P[P_OB + 1] - e
    bz0 = P[P_TZ] + P[P_OB + 2] - e
    bx1 = P[P_TX] + P[P_OB + 3] + e
    by1 = P[P_TY] + P[P_OB + 4] + e
    bz1 = P[P_TZ] + P[P_OB + 5] + e
    thick = 2 if H >= 540 else 1
    nt = 0
    for edge in range(12):
        axis = edge // 4
        a = edge & 1
        b = (edge >> 1) & 1
        # endpoints of the edge along `axis`, the other two coords picked by bits a, b
        if axis == 0:
            p0 = (bx0, by1 if a else by0, bz1 if b else bz0)
            p1 = (bx1, p0[1], p0[2])
        elif axis == 1:
            p0 = (bx1 if a else bx0, by0, bz1 if b else bz0)
            p1 = (p0[0], by1, p0[2])
        else:
            p0 = (bx1 if a else bx0, by1 if b else by0, bz0)
            p1 = (p0[0], p0[1], bz1)
        q0x, q0y, q0z = p0[0] - ox, p0[1] - oy, p0[2] - oz
        q1x, q1y, q1z = p1[0] - ox, p1[1] - oy, p1[2] - oz
        z0 = q0x * fx + q0y * fy + q0z * fz
        z1 = q1x * fx + q1y * fy + q1z * fz
        near = 0.02
        if z0 < near and z1 < near:
            continue
        if z0 < near or z1 < near:  # clip to the near plane
            s = (near - z0) / (z1 - z0)
            cx, cy, cz = q0x + (q1x - q0x) * s, q0y + (q1y - q0y) * s, q0z + (q1z - q0z) * s
            if z0 < near:
                q0x, q0y, q0z, z0 = cx, cy, cz, near
            else:
                q1x, q1y, q1z, z1 = cx, cy, cz, near
        i0 = ((q0x * rx + q0y * ry + q0z * rz) / z0 / th + 1.0) * 0.5 * W - 0.5
        j0 = (1.0 - (q0x * ux + q0y * uy + q0z * uz) / z0 / tv) * 0.5 * H - 0.5
        i1 = ((q1x * rx + q1y * ry + q1z * rz) / z1 / th + 1.0) * 0.5 * W - 0.5
        j1 = (1.0 - (q1x * ux + q1y * uy + q1z * uz) / z1 / tv) * 0.5 * H - 0.5
        n = int(max(abs(i1 - i0), abs(j1 - j0))) + 1
        if n > 2 * (W + H):
            n = 2 * (W + H)
        w0 = 1.0 / z0
        w1 = 1.0 / z1
        for s in range(n + 1):
            a_ = s / n
            fi = i0 + (i1 - i0) * a_
            fj = j0 + (j1 - j0) * a_
            ii = int(math.floor(fi + 0.5))
            jj = int(math.floor(fj + 0.5))
            z = 1.0 / (w0 + (w1 - w0) * a_)
            for k in range(thick):
                pi = ii + (k if abs(j1 - j0) > abs(i1 - i0) else 0)
                pj = jj + (0 if abs(j1 - j0) > abs(i1 - i0) else k)
                if pi < 0 or pj < 0 or pi >= W or pj >= H:
                    continue
                dp = depth[pj, pi]
                if dp < 0.0 or nt >= scratch.shape[0]:
                    continue
                if z <= dp * 1.01 + 0.03:
                    out[pj, pi, 0] = np.uint8(out[pj, pi, 0] * 0.45)
                    out[pj, pi, 1] = np.uint8(out[pj, pi, 1] * 0.45)
                    out[pj, pi, 2] = np.uint8(out[pj, pi, 2] * 0.45)
                    depth[pj, pi] = -dp - 1.0
                    scratch[nt] = pj * W + pi
                    nt += 1
    for k in range(nt):
        pj = scratch[k] // W
        pi = scratch[k] % W
        depth[pj, pi] = -depth[pj, pi] - 1.0


@nb.njit(**_JIT)
def rain_overlay(out, phase):
    """Screen-space rain streaks (thin light lines falling with `phase`), drawn over the scene
    when it rains and the eye is under open sky."""
    H = out.shape[0]
    W = out.shape[1]
    period = max(8, H // 3)
    length = max(2, H // 24)
    for i in range(W):
        h = (i * 2654435761) & 0xFFFFFFFF
        if (h >> 7) % 5 != 0:
            continue
        off = (h >> 12) % period + phase * (1 + (h >> 20) % 3)
        for j in range(H):
            if (j + off) % period < length:
                for c in range(3):
                    v = out[j, i, c] * 0.65 + 190.0 * 0.35
                    out[j, i, c] = np.uint8(min(255.0, v))
