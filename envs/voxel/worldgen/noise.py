"""Seeded hashing and gradient noise (Perlin 2D/3D, fractal sums), compiled with numba.

Everything is a pure function of (seed, coordinates): no permutation tables, no state, so any
chunk can be generated alone and gives the same numbers as when generated with its neighbours.
Seeds and hashes are uint64; callers pass salts to get independent streams.
"""

from __future__ import annotations

import numpy as np
from numba import njit

_K1 = np.uint64(0x9E3779B97F4A7C15)
_K2 = np.uint64(0xC2B2AE3D27D4EB4F)
_K3 = np.uint64(0x165667B19E3779F9)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_LOW32 = 0xFFFFFFFF
_INV53 = 1.0 / 9007199254740992.0


def seed64(seed: int) -> np.uint64:
    """Any Python int seed as the uint64 the compiled code uses."""
    return np.uint64(int(seed) & 0xFFFFFFFFFFFFFFFF)


@njit(cache=True, nogil=True)
def hash3(seed, a, b, c):
    """uint64 hash of (seed, a, b, c) for int coordinates a, b, c (splitmix64 finaliser)."""
    z = (
        seed
        + np.uint64(a & _LOW32) * _K1
        + np.uint64(b & _LOW32) * _K2
        + np.uint64(c & _LOW32) * _K3
    )
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@njit(cache=True, nogil=True)
def unit(h):
    """A uint64 hash as a float in [0, 1)."""
    return np.float64(h >> _S11) * _INV53


# gradient tables: 8 directions in 2D (axes + diagonals), Perlin's 12 cube-edge directions in 3D
_G2 = np.array(
    [[1, 0], [-1, 0], [0, 1], [0, -1], [0.7071, 0.7071], [0.7071, -0.7071], [-0.7071, 0.7071],
     [-0.7071, -0.7071]]
)  # fmt: skip
_G3 = np.array(
    [[1, 1, 0], [-1, 1, 0], [1, -1, 0], [-1, -1, 0], [1, 0, 1], [-1, 0, 1], [1, 0, -1],
     [-1, 0, -1], [0, 1, 1], [0, -1, 1], [0, 1, -1], [0, -1, -1]],
    np.float64,
)  # fmt: skip


@njit(cache=True, nogil=True)
def perlin2(seed, x, y):
    """2D gradient noise in about [-1, 1], zero at integer lattice points."""
    ix = int(np.floor(x))
    iy = int(np.floor(y))
    fx = x - ix
    fy = y - iy
    u = fx * fx * fx * (fx * (fx * 6.0 - 15.0) + 10.0)
    v = fy * fy * fy * (fy * (fy * 6.0 - 15.0) + 10.0)
    total = 0.0
    for k in range(4):
        dx = k & 1
        dy = k >> 1
        h = int(hash3(seed, ix + dx, iy + dy, 0) & np.uint64(7))
        g = _G2[h, 0] * (fx - dx) + _G2[h, 1] * (fy - dy)
        total += (u if dx else 1.0 - u) * (v if dy else 1.0 - v) * g
    return total * 1.4


@njit(cache=True, nogil=True)
def perlin3(seed, x, y, z):
    """3D gradient noise (Ken Perlin's 12 edge gradients) in about [-1, 1]."""
    ix = int(np.floor(x))
    iy = int(np.floor(y))
    iz = int(np.floor(z))
    fx = x - ix
    fy = y - iy
    fz = z - iz
    u = fx * fx * fx * (fx * (fx * 6.0 - 15.0) + 10.0)
    v = fy * fy * fy * (fy * (fy * 6.0 - 15.0) + 10.0)
    w = fz * fz * fz * (fz * (fz * 6.0 - 15.0) + 10.0)
    total = 0.0
    for k in range(8):
        dx = k & 1
        dy = (k >> 1) & 1
        dz = k >> 2
        h = int(hash3(seed, ix + dx, iy + dy, iz + dz) % np.uint64(12))
        g = _G3[h, 0] * (fx - dx) + _G3[h, 1] * (fy - dy) + _G3[h, 2] * (fz - dz)
        total += (u if dx else 1.0 - u) * (v if dy else 1.0 - v) * (w if dz else 1.0 - w) * g
    return total


@njit(cache=True, nogil=True)
def fbm2(seed, x, y, octaves):
    """Fractal sum of `octaves` perlin2 layers (lacunarity 2, gain 0.5), normalised to ~[-1, 1]."""
    total = 0.0
    amp = 1.0
    norm = 0.0
    f = 1.0
    for o in range(octaves):
        total += amp * perlin2(seed + np.uint64(o) * _K2, x * f + o * 17.31, y * f - o * 9.77)
        norm += amp
        amp *= 0.5
        f *= 2.0
    return total / norm
