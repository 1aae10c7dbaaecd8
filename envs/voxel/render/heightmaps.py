"""Pooled max-height maps for the trace pass's empty-space skipping: 4x4 and 16x16 column-group
maxima of `world.height` around the eye, and per-quadrant suffix maxima for early sky exit."""

from __future__ import annotations

import numba as nb

from .raycast import JIT


@nb.njit(**JIT)
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


@nb.njit(**JIT)
def update_qmax(hmax16, qmax, ox, oz, view):
    """Quadrant suffix maxima of hmax16 over the cells rays can reach: qmax[q, x, z] = max over
    the cells ahead of (x, z) in quadrant q (bit 0: +x, bit 1: +z). A rising ray above it can
    hit nothing more."""
    N16X = hmax16.shape[0]
    N16Z = hmax16.shape[1]
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
