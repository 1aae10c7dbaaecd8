"""Screen-space layers drawn over the traced scene: entity boxes (depth-tested), the target block's
outline and rain streaks."""

from __future__ import annotations

import math

import numba as nb
import numpy as np

from .raycast import (
    FACE_SHADE,
    JIT,
    P_FOG0,
    P_FOG1,
    P_FOGB,
    P_FOGG,
    P_FOGR,
    P_FX,
    P_FY,
    P_FZ,
    P_OB,
    P_OX,
    P_OY,
    P_OZ,
    P_RX,
    P_RY,
    P_RZ,
    P_TANH,
    P_TANV,
    P_TINTB,
    P_TINTG,
    P_TINTR,
    P_TX,
    P_TY,
    P_TZ,
    P_UX,
    P_UY,
    P_UZ,
    P_VIEW,
    sky_level,
)
from .voxel_shapes import box_span

NEAR_Z = 0.05  # camera depth of the near plane boxes are clipped at


@nb.njit(**JIT)
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
    cam = np.empty((8, 3), np.float64)  # a box's corners in camera space (right, up, forward)
    for n in range(ent.shape[0]):
        x0 = ent[n, 0] + origin
        y0 = ent[n, 1]
        z0 = ent[n, 2] + origin
        x1 = ent[n, 3] + origin
        y1 = ent[n, 4]
        z1 = ent[n, 5] + origin
        if not (x1 > x0 and y1 > y0 and z1 > z0):
            continue
        # screen rectangle of the box's part in front of the near plane: its corners there plus
        # where its edges cross the plane (a box reaching behind the eye no longer spans the
        # whole screen)
        near = False
        zmin = 1e30
        for c in range(8):
            cx = (x1 if c & 1 else x0) - ox
            cy = (y1 if c & 2 else y0) - oy
            cz = (z1 if c & 4 else z0) - oz
            cam[c, 0] = cx * rx + cy * ry + cz * rz
            cam[c, 1] = cx * ux + cy * uy + cz * uz
            cam[c, 2] = cx * fx + cy * fy + cz * fz
            zmin = min(zmin, cam[c, 2])
            if cam[c, 2] < view:
                near = True
        if not near:
            continue
        imin, imax, jmin, jmax = W, -1, H, -1
        front = 0
        for c in range(8):
            for k in range(4):  # the corner itself (k = 0), then its edges to c ^ 1, c ^ 2, c ^ 4
                if k == 0:
                    if cam[c, 2] < NEAR_Z:
                        continue
                    px, py, pz = cam[c, 0], cam[c, 1], cam[c, 2]
                    front += 1
                else:
                    d = c ^ (1 << (k - 1))
                    za, zb = cam[c, 2], cam[d, 2]
                    if not (za >= NEAR_Z > zb):
                        continue
                    w = (za - NEAR_Z) / (za - zb)
                    px = cam[c, 0] + (cam[d, 0] - cam[c, 0]) * w
                    py = cam[c, 1] + (cam[d, 1] - cam[c, 1]) * w
                    pz = NEAR_Z
                fi = (px / pz / th + 1.0) * 0.5 * W - 0.5
                fj = (1.0 - py / pz / tv) * 0.5 * H - 0.5
                imin = min(imin, int(math.floor(max(-1.0, min(float(W), fi)))))
                imax = max(imax, int(math.ceil(max(-1.0, min(float(W), fi)))))
                jmin = min(jmin, int(math.floor(max(-1.0, min(float(H), fj)))))
                jmax = max(jmax, int(math.ceil(max(-1.0, min(float(H), fj)))))
        if front == 0:
            continue
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
            lvl = sky_level(height[lx, lz], int(math.floor(y0 + 0.01)))
        lum = light_lut[lvl]
        # a ray's parameter is its camera depth (the forward component of every ray is 1), so
        # no pixel of this box lies nearer than its nearest corner: pixels already covered
        # nearer than that (a margin below it) cannot change and skip the box test
        zcut = max(zmin, 0.0) * (1.0 - 1e-5) - 1e-4
        for j in range(jmin, jmax + 1):
            vj = V[j]
            for i in range(imin, imax + 1):
                if depth[j, i] <= zcut:
                    continue
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
                tn, tf, fn = box_span(ox, oy, oz, 1.0 / dx, 1.0 / dy, 1.0 / dz, x0, y0, z0, x1, y1, z1)
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


@nb.njit(**JIT)
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


@nb.njit(**JIT)
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
