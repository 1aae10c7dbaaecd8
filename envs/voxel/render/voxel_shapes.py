"""Ray tests against the non-cube block shapes, inlined into the trace pass: the two crossed,
alpha-tested quads of a plant and the axis-aligned box of a partial block (slab, torch ...)."""

from __future__ import annotations

import numba as nb

from .raycast import FAR, INLINE, clampi


@nb.njit(**INLINE)
def cross_quad(ox, oy, oz, dx, dy, dz, vx, vy, vz, tt, tex, second):
    """Where the ray meets one of the two crossed quads of a plant in voxel (vx, vy, vz) (the
    first runs x - z = const, the second x + z = const) between t = tt and the voxel exit tex:
    returns (t, iu, iv) with the texel hit, t = FAR when it does not. The caller alpha-tests
    the texel (scalars only here: an array argument would cost reference counting per call)."""
    if second:
        den = dx + dz
        if abs(den) <= 1e-12:
            return FAR, 0, 0
        tc = (float(vx + vz + 1) - (ox + oz)) / den
        u = 1.0 - (ox + tc * dx - vx)
    else:
        den = dx - dz
        if abs(den) <= 1e-12:
            return FAR, 0, 0
        tc = (float(vx - vz) - (ox - oz)) / den
        u = ox + tc * dx - vx
    if tc < tt or tc > tex:
        return FAR, 0, 0
    iu = clampi(int(u * 16.0), 0, 15)
    iv = clampi(int((1.0 - (oy + tc * dy - vy)) * 16.0), 0, 15)
    return tc, iu, iv


@nb.njit(**INLINE)
def box_span(ox, oy, oz, invx, invy, invz, x0, y0, z0, x1, y1, z1):
    """Slab test of the ray o + t d (invx = 1 / dx ...) against the box [x0, x1] x [y0, y1] x
    [z0, z1]: returns (t_near, t_far, face entered at t_near); it hits when t_near <= t_far."""
    ta = (x0 - ox) * invx
    tb = (x1 - ox) * invx
    fa = 0
    if ta > tb:
        ta, tb = tb, ta
        fa = 1
    tn = ta
    tf = tb
    fn = fa
    ta = (y0 - oy) * invy
    tb = (y1 - oy) * invy
    fa = 2
    if ta > tb:
        ta, tb = tb, ta
        fa = 3
    if ta > tn:
        tn = ta
        fn = fa
    tf = min(tf, tb)
    ta = (z0 - oz) * invz
    tb = (z1 - oz) * invz
    fa = 4
    if ta > tb:
        ta, tb = tb, ta
        fa = 5
    if ta > tn:
        tn = ta
        fn = fa
    tf = min(tf, tb)
    return tn, tf, fn
