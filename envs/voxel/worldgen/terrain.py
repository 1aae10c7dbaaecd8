"""Terrain: climate noise -> column height and biome, the block fill of a chunk, and caves.

Climate (continentalness, temperature, humidity, mountains, rivers, roughness) is sampled on a
4-block lattice aligned to world coordinates and interpolated, like Minecraft's 4x4 biome grid;
height detail is per column. Caves are 3D noise ("cheese" caverns + "spaghetti" tunnels where
two noises are both near zero) sampled on a 4x4x4 lattice and trilinearly interpolated.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from ..world import CHUNK, ORIGIN, SEA_LEVEL
from .biomes import (
    AIR,
    BEACH,
    BEDROCK,
    BIRCH_FOREST,
    CLAY,
    DEEP_OCEAN,
    DESERT,
    FOREST,
    GRASS_BLOCK,
    GRAVEL,
    LAVA,
    MOUNTAINS,
    OCEAN,
    P_FILLER,
    P_SUBSOIL,
    P_TOP,
    PLAINS,
    RIVER,
    SAND,
    SNOW,
    STONE,
    TAIGA,
    WATER,
)
from .features import TREE_REACH, place_ores, place_plants, place_trees
from .noise import fbm2, hash3, perlin2, perlin3, unit

MARGIN = TREE_REACH + 2  # region border around a chunk: tree roots + their neighbours
REGION = CHUNK + 2 * MARGIN
LAVA_LEVEL = 10  # cave air at or below this y is lava (Minecraft 1.16 carvers)
CAVE_FLOOR = 5  # caves never cut the bedrock layers
ROOF_FADE = 10  # caves thin out over this many blocks below their highest allowed y

# noise streams: climate fields (continentalness, temperature, humidity, mountains, rivers,
# roughness) with their scale in blocks and octave count, then the per-column streams
_CLIM_SALT = np.array(
    [0xC0471E47, 0x7E3FE2A7, 0x4E3D1D17, 0x30E7A145, 0x21BE2055, 0x2097C4AA], np.uint64
)
_CLIM_SCALE = np.array([420.0, 300.0, 240.0, 260.0, 340.0, 160.0])
_CLIM_OCT = np.array([4, 3, 3, 3, 3, 2])
_RIVER = 4
_DETAIL = np.uint64(0xDE7A1155)
_RIDGE = np.uint64(0x21D6E5EE)
_PATCH = np.uint64(0x9A7C4E55)
_MOUTH = np.uint64(0x3077E501)
_BEDROCK = np.uint64(0xBEDB0C4)
# caves: cheese (two octaves), spaghetti a and b; xz and y scales in blocks
_CAVE_SALT = np.array([0xC4EE5E01, 0xC4EE5E02, 0x5BA6E77A, 0x5BA6E77B], np.uint64)
_CAVE_SCALE = np.array([[90.0, 50.0], [36.0, 24.0], [80.0, 60.0], [80.0, 60.0]])

_FBM_STD = 0.19  # std of a 3-4 octave fbm2, to express thresholds in std units

# region flags (why a column cannot hold a tree)
F_WET = 1  # top at or below water level
F_BARE = 2  # surface is not grass (stone peak, steep slope, sand)
F_MOUTH = 4  # cave mouth may open here


@njit(cache=True, nogil=True)
def _smooth(a, b, x):
    t = min(max((x - a) / (b - a), 0.0), 1.0)
    return t * t * (3.0 - 2.0 * t)


@njit(cache=True, nogil=True)
def columns(seed, wx0, wz0, nx, nz, top, biome, mouth):
    """Fill top[nx, nz] (y of the highest terrain block), biome[nx, nz] and mouth[nx, nz] (cave
    mouths allowed) for world columns [wx0, wx0+nx) x [wz0, wz0+nz). Pure function of the seed and
    each column's coordinates."""
    gx0 = wx0 // 4
    gz0 = wz0 // 4
    ngx = (wx0 + nx - 1) // 4 - gx0 + 2
    ngz = (wz0 + nz - 1) // 4 - gz0 + 2
    clim = np.empty((6, ngx, ngz))
    seeds = np.empty(6, np.uint64)
    for k in range(6):
        seeds[k] = hash3(seed, k + 1, 0, 0) ^ _CLIM_SALT[k]
    s_det = hash3(seed, 7, 0, 0) ^ _DETAIL
    s_ridge = hash3(seed, 8, 0, 0) ^ _RIDGE
    s_mouth = hash3(seed, 10, 0, 0) ^ _MOUTH
    # river noise with a one-point border: rivers follow its zero line, at a width set by the
    # distance to that line (|n| / |grad n|), so they keep an even width
    riv = np.empty((ngx + 2, ngz + 2))
    sc = 4.0 / _CLIM_SCALE[_RIVER]
    for i in range(ngx + 2):
        for j in range(ngz + 2):
            riv[i, j] = fbm2(
                seeds[_RIVER], (gx0 + i - 1) * sc, (gz0 + j - 1) * sc, _CLIM_OCT[_RIVER]
            )
    for i in range(ngx):
        for j in range(ngz):
            x = (gx0 + i) * 4.0
            z = (gz0 + j) * 4.0
            for k in range(6):
                if k != _RIVER:
                    sk = 1.0 / _CLIM_SCALE[k]
                    clim[k, i, j] = fbm2(seeds[k], x * sk, z * sk, _CLIM_OCT[k]) / _FBM_STD
            # the area around the world origin leans towards land, so spawns are rarely at sea
            clim[0, i, j] += 0.9 * max(0.0, 1.0 - math.sqrt(x * x + z * z) / 220.0)
            gx = (riv[i + 2, j + 1] - riv[i, j + 1]) / 8.0
            gz = (riv[i + 1, j + 2] - riv[i + 1, j]) / 8.0
            clim[_RIVER, i, j] = abs(riv[i + 1, j + 1]) / max(math.sqrt(gx * gx + gz * gz), 1e-4)
    v = np.empty(6)
    for ci in range(nx):
        wx = wx0 + ci
        gi = wx // 4 - gx0
        fx = (wx - (gx0 + gi) * 4) * 0.25
        for cj in range(nz):
            wz = wz0 + cj
            gj = wz // 4 - gz0
            fz = (wz - (gz0 + gj) * 4) * 0.25
            for k in range(6):
                a = clim[k, gi, gj] + (clim[k, gi + 1, gj] - clim[k, gi, gj]) * fx
                b = clim[k, gi, gj + 1] + (clim[k, gi + 1, gj + 1] - clim[k, gi, gj + 1]) * fx
                v[k] = a + (b - a) * fz
            c = v[0]
            t = v[1]
            hum = v[2]
            detail = fbm2(s_det, wx / 64.0, wz / 64.0, 4) / _FBM_STD
            land = _smooth(-0.9, -0.5, c)
            h_ocean = 58.0 - 24.0 * min(max((-c - 0.7) / 1.2, 0.0), 1.0) + 1.5 * detail
            amp = 1.2 + 2.5 * _smooth(-0.5, 1.2, hum) + 4.5 * _smooth(0.2, 1.6, v[5])
            h_land = 64.5 + 3.0 * min(max(c + 0.5, 0.0), 2.0) + amp * detail
            h = h_ocean + (h_land - h_ocean) * land
            mf = _smooth(0.5, 1.3, v[3]) * _smooth(-0.3, 0.4, c)
            if mf > 0.0:
                ridge = fbm2(s_ridge, wx / 120.0, wz / 120.0, 4) / _FBM_STD
                r01 = max(0.0, 1.0 - abs(ridge) / 1.8)
                h += mf * (16.0 + 42.0 * r01 * r01 + 5.0 * detail)
            rf = (1.0 - _smooth(3.5, 11.0, v[4])) * land
            h += (56.0 + 0.8 * detail - h) * rf
            y = min(max(int(math.floor(h)), CAVE_FLOOR + 8), 240)
            top[ci, cj] = y
            mouth[ci, cj] = perlin2(s_mouth, wx / 48.0, wz / 48.0) > 0.62
            if y < SEA_LEVEL - 1:
                if land < 0.5:
                    bm = DEEP_OCEAN if y < 44 else OCEAN
                elif rf > 0.3:
                    bm = RIVER
                else:
                    bm = -1
            elif land < 0.5 or (c < -0.5 and y <= SEA_LEVEL + 1 and mf < 0.1 and rf < 0.3):
                bm = BEACH
            elif mf > 0.45:
                bm = MOUNTAINS
            else:
                bm = -1
            if bm < 0:  # land climate
                if t > 0.55 and hum < 0.5:
                    bm = DESERT
                elif t < -0.6:
                    bm = TAIGA
                elif hum > 0.8:
                    bm = BIRCH_FOREST
                elif hum > -0.1:
                    bm = FOREST
                else:
                    bm = PLAINS
            biome[ci, cj] = bm


def generate_chunk(blocks, seed, ax0: int, az0: int, ids, table) -> None:
    """Generate the 16x16x256 chunk at array columns [ax0, ax0+16) x [az0, az0+16).

    A few compiled passes in a fixed order (terrain fill, caves, ores, plants, trees), each a
    pure function of the seed and the chunk's region data.
    """
    wx0 = ax0 - ORIGIN
    wz0 = az0 - ORIGIN
    m = MARGIN
    top = np.empty((REGION, REGION), np.int64)
    biome = np.empty((REGION, REGION), np.int64)
    mouth = np.empty((REGION, REGION), np.bool_)
    flags = np.zeros((REGION, REGION), np.int64)
    columns(seed, wx0 - m, wz0 - m, REGION, REGION, top, biome, mouth)
    ymax = fill_chunk(blocks, seed, ax0, az0, ids, table, top, biome, mouth, flags)
    carve_caves(blocks, seed, ax0, az0, wx0, wz0, ids, top, flags)
    place_ores(blocks, ax0, az0, wx0, wz0, seed, ids, biome, m, ymax)
    place_plants(blocks, ax0, az0, wx0, wz0, seed, ids, table, top, biome, m)
    place_trees(blocks, ax0, az0, wx0, wz0, seed, ids, table, top, biome, flags, m)


@njit(cache=True, nogil=True)
def fill_chunk(blocks, seed, ax0, az0, ids, table, top, biome, mouth, flags):
    """Bedrock, stone, biome soil, surface block and water of each column; sets the region
    `flags` (wet / bare / cave mouth) and returns the chunk's highest terrain y."""
    wx0 = ax0 - ORIGIN
    wz0 = az0 - ORIGIN
    m = MARGIN
    s_patch = hash3(seed, 9, 0, 0) ^ _PATCH
    s_bed = hash3(seed, 11, 0, 0) ^ _BEDROCK

    # flags: which region columns are plain dry grass (tree roots) -- same rule for every chunk
    surf = np.empty((REGION, REGION), np.int64)
    for i in range(1, REGION - 1):
        for j in range(1, REGION - 1):
            y = top[i, j]
            b = biome[i, j]
            wx = wx0 - m + i
            wz = wz0 - m + j
            s = int(table[b, P_TOP])
            if y < SEA_LEVEL - 1:
                p = perlin2(s_patch, wx / 14.0, wz / 14.0)
                if b == DEEP_OCEAN or p < -0.35:
                    s = GRAVEL
                elif p > 0.45 and y > 48:
                    s = CLAY
                else:
                    s = SAND
                flags[i, j] |= F_WET
            elif b == MOUNTAINS:
                steep = max(
                    abs(top[i + 1, j] - y), abs(top[i - 1, j] - y),
                    abs(top[i, j + 1] - y), abs(top[i, j - 1] - y),
                )  # fmt: skip
                if steep >= 3 or y > 92 + 10.0 * perlin2(s_patch, wx / 20.0, wz / 20.0):
                    s = STONE
            if y >= SEA_LEVEL - 1 and s != GRASS_BLOCK:
                flags[i, j] |= F_BARE
            if mouth[i, j]:
                flags[i, j] |= F_MOUTH
            surf[i, j] = s

    # fill columns
    stone = ids[STONE]
    for lx in range(CHUNK):
        for lz in range(CHUNK):
            i = lx + m
            j = lz + m
            wx = wx0 + lx
            wz = wz0 + lz
            y_top = top[i, j]
            b = biome[i, j]
            col = blocks[ax0 + lx, az0 + lz]
            hb = hash3(s_bed, wx, wz, 0)
            col[0] = ids[BEDROCK]
            for y in range(1, 5):
                col[y] = ids[BEDROCK] if unit(hash3(hb, y, 0, 0)) * 5.0 < 5 - y else stone
            s = surf[i, j]
            depth = 3 + int(hb & np.uint64(1))
            filler = s
            if s == GRASS_BLOCK:
                filler = int(table[b, P_FILLER])
            elif s == CLAY:
                filler = SAND
            under = int(table[b, P_SUBSOIL]) if s == int(table[b, P_TOP]) else STONE
            y_f = y_top - depth
            y_u = y_f - (2 + int((hb >> np.uint64(5)) % np.uint64(2))) if under != STONE else y_f
            for y in range(5, max(5, y_u + 1)):
                col[y] = stone
            for y in range(max(5, y_u + 1), max(5, y_f + 1)):
                col[y] = ids[under]
            if s == STONE:
                for y in range(max(5, y_f + 1), y_top + 1):
                    col[y] = stone
            else:
                for y in range(max(5, y_f + 1), y_top):
                    col[y] = ids[filler]
                col[y_top] = ids[s]
            for y in range(y_top + 1, 256):
                col[y] = ids[WATER] if y < SEA_LEVEL else 0
            if b == MOUNTAINS and y_top > 118 + 6.0 * perlin2(s_patch, wx / 11.0, wz / 11.0):
                col[y_top + 1] = ids[SNOW]

    ymax = 0
    for i in range(m, m + CHUNK):
        for j in range(m, m + CHUNK):
            ymax = max(ymax, top[i, j])
    return ymax


@njit(cache=True, nogil=True)
def carve_caves(blocks, seed, ax0, az0, wx0, wz0, ids, top, flags):
    """Cut caves below the surface; keep 4+ blocks under any water and under tree roots."""
    m = MARGIN
    cap = np.empty((CHUNK, CHUNK), np.int64)
    roof = np.empty((CHUNK, CHUNK), np.int64)
    ymax = 0
    for lx in range(CHUNK):
        for lz in range(CHUNK):
            i = lx + m
            j = lz + m
            lo = 255
            wet = False
            for di in range(-2, 3):
                for dj in range(-2, 3):
                    lo = min(lo, top[i + di, j + dj])
                    wet = wet or (flags[i + di, j + dj] & F_WET) != 0
            if wet:
                c = lo - 5
            elif flags[i, j] & F_MOUTH:
                c = top[i, j]
            else:
                c = top[i, j] - 6
            cap[lx, lz] = c
            # caves close up over the last blocks below the cap (a rounded roof, not a shell
            # that follows the terrain), except where a cave mouth may open
            roof[lx, lz] = 255 if (flags[i, j] & F_MOUTH and not wet) else c - ROOF_FADE
            ymax = max(ymax, c)
    if ymax < CAVE_FLOOR:
        return
    ny = ymax // 4 + 2
    cs = np.empty(4, np.uint64)
    for q in range(4):
        cs[q] = hash3(seed, 12 + q, 0, 0) ^ _CAVE_SALT[q]
    # density > 0 where a cave is: cheese caverns (rarer away from y 32) or spaghetti tunnels
    # where two noises are both near zero
    lat = np.empty((5, 5, ny))
    for i in range(5):
        for j in range(5):
            x = wx0 + i * 4.0
            z = wz0 + j * 4.0
            for k in range(ny):
                y = k * 4.0
                n0 = 0.0
                n1 = 0.0
                for q in range(4):
                    hs = 1.0 / _CAVE_SCALE[q, 0]
                    n = perlin3(cs[q], x * hs, y / _CAVE_SCALE[q, 1], z * hs)
                    if q == 0:
                        n0 = n
                    elif q == 1:
                        n0 += 0.5 * n
                    elif q == 2:
                        n1 = n * n
                    else:
                        n1 += n * n
                cheese = n0 - 0.41 - 0.0025 * abs(y - 32.0)
                lat[i, j, k] = max(cheese, (0.0095 - n1) * 20.0)
    air = ids[AIR]
    lava = ids[LAVA]
    water = ids[WATER]
    bedrock = ids[BEDROCK]
    for lx in range(CHUNK):
        i = lx >> 2
        fx = (lx & 3) * 0.25
        for lz in range(CHUNK):
            j = lz >> 2
            fz = (lz & 3) * 0.25
            c = cap[lx, lz]
            r = roof[lx, lz]
            col = blocks[ax0 + lx, az0 + lz]
            for y in range(CAVE_FLOOR, c + 1):
                k = y >> 2
                fy = (y & 3) * 0.25
                d00 = lat[i, j, k] + (lat[i, j, k + 1] - lat[i, j, k]) * fy
                d10 = lat[i + 1, j, k] + (lat[i + 1, j, k + 1] - lat[i + 1, j, k]) * fy
                d01 = lat[i, j + 1, k] + (lat[i, j + 1, k + 1] - lat[i, j + 1, k]) * fy
                d11 = lat[i + 1, j + 1, k] + (lat[i + 1, j + 1, k + 1] - lat[i + 1, j + 1, k]) * fy
                d0 = d00 + (d10 - d00) * fx
                d1 = d01 + (d11 - d01) * fx
                d = d0 + (d1 - d0) * fz
                if y > r:
                    d -= 0.06 * (y - r)
                if d > 0.0:
                    cur = col[y]
                    if cur != water and cur != bedrock:
                        col[y] = lava if y <= LAVA_LEVEL else air
