"""The shading pass: hit buffers from the trace pass -> RGB and planar depth.

Hits get the block's texel, Minecraft's face shade, sky light from the height map (caves go
dark), fog, cracks on the target block; one translucent layer (water, stained glass) is blended
over what is behind it, thicker water more opaque; rays that hit nothing show the sky.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np

from .raycast import (
    FACE_NX,
    FACE_NY,
    FACE_NZ,
    FACE_SHADE,
    FACE_SLOT,
    FAR,
    HIT_CROSS,
    HIT_DEEP,
    HIT_FACE,
    HIT_INSIDE,
    HIT_MASK,
    JIT,
    LIQUID,
    P_CRACK,
    P_FOG0,
    P_FOG1,
    P_FOGB,
    P_FOGG,
    P_FOGR,
    P_FX,
    P_FY,
    P_FZ,
    P_GLOW,
    P_GLOWB,
    P_GLOWG,
    P_GLOWR,
    P_HASTGT,
    P_MOONVIS,
    P_OX,
    P_OY,
    P_OZ,
    P_RX,
    P_RZ,
    P_STARS,
    P_SUNVIS,
    P_SUNX,
    P_SUNY,
    P_SUNZ,
    P_TINTB,
    P_TINTG,
    P_TINTR,
    P_TX,
    P_TY,
    P_TZ,
    P_UNDERWATER,
    P_UX,
    P_UY,
    P_UZ,
    P_VIEW,
    clampi,
    sky_level,
    texcoords,
)
from .sky import sky_colour


@nb.njit(**JIT)
def shade_pixels(
    out, depth, hit_kind, hit_block, hit_face, hit_t, hit_voxel, hit_uv,
    layer_block, layer_t, layer_face, layer_voxel,
    height, kind, face_tex, atlas, emissive, U, V, invn, P, sky_lut, light_lut, crack, cover,
):  # fmt: skip
    """Colour every pixel of `out` (H, W, 3) from the flat hit buffers; writes `depth`.
    Pixels in the rectangle `cover` (y0, y1, x0, x1), which the caller paints over, are left."""
    H = out.shape[0]
    W = out.shape[1]
    SX = height.shape[0]
    SZ = height.shape[1]
    ox, oy, oz = P[P_OX], P[P_OY], P[P_OZ]
    fx, fy, fz = P[P_FX], P[P_FY], P[P_FZ]
    rx, rz = P[P_RX], P[P_RZ]
    ux, uy, uz = P[P_UX], P[P_UY], P[P_UZ]
    view = P[P_VIEW]
    fog0 = P[P_FOG0]
    fogk = 1.0 / max(1e-3, P[P_FOG1] - fog0)
    fogr, fogg, fogb = P[P_FOGR], P[P_FOGG], P[P_FOGB]
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
    big = FAR
    for j in range(H):
        vj = V[j]
        dy = fy + vj * uy
        if abs(dy) < 1e-9:
            dy = 1e-9
        covered = cover[0] <= j < cover[1]
        for i in range(W):
            if covered and cover[2] <= i < cover[3]:
                continue
            p = j * W + i
            ui = U[i]
            dx = fx + ui * rx + vj * ux
            dz = fz + ui * rz + vj * uz
            inn = invn[j, i]
            tfar = view * inn
            if abs(dx) < 1e-9:
                dx = 1e-9
            if abs(dz) < 1e-9:
                dz = 1e-9
            hk = hit_kind[p] & HIT_MASK
            hit = hk == HIT_FACE or hk == HIT_CROSS or hk == HIT_INSIDE
            deep = hk == HIT_DEEP
            hcross = hk == HIT_CROSS
            ht = hit_t[p]
            hb = hit_block[p]
            hface = hit_face[p] if hk != HIT_INSIDE else -1
            hvx = hit_voxel[p, 0]
            hvy = hit_voxel[p, 1]
            hvz = hit_voxel[p, 2]
            hu = hit_uv[p, 0]
            hv = hit_uv[p, 1]
            wb = layer_block[p]
            wt = layer_t[p]
            wface = layer_face[p]
            wvx = layer_voxel[p, 0]
            wvy = layer_voxel[p, 1]
            wvz = layer_voxel[p, 2]
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
                    lvl = sky_level(height[hvx, hvz], hvy)
                elif hface < 0:
                    tid = face_tex[hb, 1]
                    iu = clampi(int((px - hvx) * 16.0), 0, 15)
                    iv = clampi(int((1.0 - (py - hvy)) * 16.0), 0, 15)
                    shade = 0.5
                    lvl = 0
                else:
                    tid = face_tex[hb, FACE_SLOT[hface]]
                    iu, iv = texcoords(px, py, pz, hvx, hvy, hvz, hface)
                    shade = FACE_SHADE[hface]
                    lx = hvx + FACE_NX[hface]
                    lz = hvz + FACE_NZ[hface]
                    if lx < 0 or lz < 0 or lx >= SX or lz >= SZ:
                        lvl = 15
                    else:
                        lvl = sky_level(height[lx, lz], hvy + FACE_NY[hface])
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
                iu, iv = texcoords(ox + wt * dx, oy + wt * dy, oz + wt * dz, wvx, wvy, wvz, wface)
                lx = wvx + FACE_NX[wface]
                lz = wvz + FACE_NZ[wface]
                if lx < 0 or lz < 0 or lx >= SX or lz >= SZ:
                    lvl = 15
                else:
                    lvl = sky_level(height[lx, lz], wvy + FACE_NY[wface])
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

