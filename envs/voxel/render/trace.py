"""The trace pass: cast the rays of a list of pixels through the voxel grid and record, per pixel,
what they hit (kind, block, face, voxel, planar distance, crossed-quad texel) and the first
translucent layer in front of it (water, stained glass). `shade.py` turns that into colour.

Traversal is hierarchical over max-height maps pooled from `world.height` (kept by the Renderer
for the square around the eye, refreshed when the world changes): a 2D DDA over 16x16 column
groups and then 4x4 column groups skips every group the ray passes above; a 3D voxel DDA runs
only where the ray is below a group's top and carries on into neighbour groups while it stays
below theirs. Every ray is first clipped to the top of the occupied region (`ytop`), so rays
that leave upwards stop at once and rays from high above start where blocks can begin; rising
rays also stop as soon as they are above everything ahead in their quadrant (`qmax`). Nothing
here allocates; helpers take scalars only (array arguments cost reference counting per call).
"""

from __future__ import annotations

import math

import numba as nb

from . import raycast as rc
from .raycast import JIT, clampi, texcoords
from .voxel_shapes import box_span, cross_quad


@nb.njit(**JIT)
def trace_pixels(
    pix, npix, hit_kind, hit_block, hit_face, hit_t, hit_voxel, hit_uv,
    layer_block, layer_t, layer_face, layer_voxel, clear_t, t_start,
    blocks, hmax4, hmax16, qmax, kind, face_tex, atlas, boxes, U, V, invn, P,
):  # fmt: skip
    """Trace the pixels `pix[:npix]` ((row << 16) | column) into the hit buffers (flat, index
    row * W + column): see the module docstring. `qmax` must be current (`update_qmax`).
    Each ray starts at t_start[p] (0: at the eye; the fill pass starts in-between rays where
    their neighbours met their first block); clear_t[p] gets the t where it met its first
    non-air voxel (rc.FAR if none)."""
    W = U.shape[0]
    SX = blocks.shape[0]
    SZ = blocks.shape[1]
    SY = blocks.shape[2]
    N16X = hmax16.shape[0]
    N16Z = hmax16.shape[1]
    ox, oy, oz = P[rc.P_OX], P[rc.P_OY], P[rc.P_OZ]
    fx, fy, fz = P[rc.P_FX], P[rc.P_FY], P[rc.P_FZ]
    rx, rz = P[rc.P_RX], P[rc.P_RZ]  # the camera's right vector is horizontal
    ux, uy, uz = P[rc.P_UX], P[rc.P_UY], P[rc.P_UZ]
    view = P[rc.P_VIEW]
    ytop = min(P[rc.P_YTOP], float(SY))
    underwater = P[rc.P_UNDERWATER] > 0.5
    evx = int(math.floor(ox))  # the eye's voxel (used when inside the world)
    evy = int(math.floor(oy))
    evz = int(math.floor(oz))
    # rays never leave a view-distance ball around the eye: x/z clipping only near the border
    clipxz = not (
        ox > view + 1.0 and ox < SX - view - 1.0 and oz > view + 1.0 and oz < SZ - view - 1.0
    )
    big = rc.FAR
    jlast, sy, ay, fys, vj, dy, invy, ylo, yhi = -1, 0, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0
    for n in range(npix):
        j = pix[n] >> 16  # packed (j << 16) | i: no integer division per ray
        i = pix[n] & 0xFFFF
        p = j * W + i
        if j != jlast:  # r is horizontal: a ray's y component is the same along a row
            jlast = j
            vj = V[j]
            dy = fy + vj * uy
            if abs(dy) < 1e-9:
                dy = 1e-9
            invy = 1.0 / dy
            sy = 1 if dy > 0 else -1
            ay = 1 if dy > 0 else 0
            fys = 2 if dy > 0 else 3
            # y range [0, ytop): early sky exit upwards, start at ytop from above
            ylo = (0.0 - oy) * invy
            yhi = (ytop - oy) * invy
            if ylo > yhi:
                ylo, yhi = yhi, ylo
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
        if ylo > t0:
            t0 = ylo
            f0 = fys
        if yhi < t1:
            t1 = yhi
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
        if t_start[p] > t0:
            t0 = t_start[p]
            f0 = -1
        ct = big
        hit = False
        deep = False
        grazed = False
        hb = 0
        hface = -1
        ht = 0.0
        hvx = hvy = hvz = 0
        hcross = False
        hu = hv = 0
        wb = 0  # first translucent layer (water, stained glass)
        wt = 0.0
        wface = -1
        wvx = wvy = wvz = 0

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
                c16x = clampi(int(math.floor(ox + t * dx)) >> 4, 0, N16X - 1)
                c16z = clampi(int(math.floor(oz + t * dz)) >> 4, 0, N16Z - 1)
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
                        c4x = clampi(int(math.floor(ox + t * dx)) >> 2, c16x * 4, c16x * 4 + 3)
                        c4z = clampi(int(math.floor(oz + t * dz)) >> 2, c16z * 4, c16z * 4 + 3)
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
                                vy = clampi(evy, 0, h4 - 1)
                            else:
                                vx = clampi(
                                    int(math.floor(ox + ts * dx)), c4x * 4, c4x * 4 + 3
                                )
                                vz = clampi(
                                    int(math.floor(oz + ts * dz)), c4z * 4, c4z * 4 + 3
                                )
                                vy = clampi(int(math.floor(oy + ts * dy)), 0, h4 - 1)
                            tvx = (float(vx + ax) - ox) * invx
                            tvy = (float(vy + ay) - oy) * invy
                            tvz = (float(vz + az) - oz) * invz
                            tt = ts
                            while True:
                                b = blocks[vx, vz, vy]
                                if b != 0:
                                    ct = min(ct, tt)
                                    k = kind[b]
                                    if k == rc.CUBE:
                                        hit = True
                                    elif k == rc.LIQUID or k == rc.TINTED:
                                        if wb == 0:
                                            if not (underwater and k == rc.LIQUID):
                                                wb = b
                                                wt = tt
                                                wface = fs
                                                wvx = vx
                                                wvy = vy
                                                wvz = vz
                                        elif (tt - wt) > rc.WATER_CAP * inn:
                                            deep = True
                                            ht = tt
                                            done = True
                                            break
                                    elif k == rc.GLASS:
                                        if fs >= 0:
                                            iu, iv = texcoords(ox + tt * dx, oy + tt * dy,
                                                               oz + tt * dz, vx, vy, vz, fs)
                                            tid = face_tex[b, rc.FACE_SLOT[fs]]
                                            if atlas[tid, iv, iu, 3] >= 128:
                                                hit = True
                                        grazed = grazed or not hit
                                    elif k == rc.CROSS:
                                        tex = min(tvx, min(tvy, tvz))
                                        tid = face_tex[b, 1]
                                        tc = big
                                        t1c, iu, iv = cross_quad(ox, oy, oz, dx, dy, dz, vx, vy, vz, tt, tex, False)
                                        if t1c < big and atlas[tid, iv, iu, 3] >= 128:
                                            tc, hu, hv = t1c, iu, iv
                                        t1c, iu, iv = cross_quad(ox, oy, oz, dx, dy, dz, vx, vy, vz, tt, tex, True)
                                        if t1c < tc and atlas[tid, iv, iu, 3] >= 128:
                                            tc, hu, hv = t1c, iu, iv
                                        grazed = grazed or tc >= big
                                        if tc < big:
                                            hit = True
                                            hcross = True
                                            tt = tc
                                    elif k == rc.BOX:
                                        tex = min(tvx, min(tvy, tvz))
                                        tn, tf, fn = box_span(
                                            ox, oy, oz, invx, invy, invz, vx + boxes[b, 0], vy + boxes[b, 1],
                                            vz + boxes[b, 2], vx + boxes[b, 3], vy + boxes[b, 4], vz + boxes[b, 5]
                                        )
                                        if tn < tt:  # the ray starts inside the box's slabs
                                            tn = tt
                                            fn = fs
                                        bhit = tn <= tf and tn <= tex
                                        grazed = grazed or not bhit
                                        if bhit:
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


        # ---- record
        if hit:
            if hcross:
                hit_kind[p] = rc.HIT_CROSS
                hit_uv[p, 0] = hu
                hit_uv[p, 1] = hv
            elif hface < 0:
                hit_kind[p] = rc.HIT_INSIDE
            else:
                hit_kind[p] = rc.HIT_FACE
            hit_block[p] = hb
            hit_face[p] = hface
            hit_t[p] = ht
            hit_voxel[p, 0] = hvx
            hit_voxel[p, 1] = hvy
            hit_voxel[p, 2] = hvz
        elif deep:
            hit_kind[p] = rc.HIT_DEEP
            hit_t[p] = ht
        else:
            hit_kind[p] = rc.HIT_SKY
            hit_t[p] = big
        if grazed:
            hit_kind[p] |= rc.GRAZED
        clear_t[p] = ct
        layer_block[p] = wb
        if wb != 0:
            layer_t[p] = wt
            layer_face[p] = wface
            layer_voxel[p, 0] = wvx
            layer_voxel[p, 1] = wvy
            layer_voxel[p, 2] = wvz
