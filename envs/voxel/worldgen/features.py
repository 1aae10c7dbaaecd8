"""Decoration of a generated chunk: ore veins and stone blobs, trees, and small plants.

Order independence: a feature may start in a neighbouring chunk (a vein, a tree's leaves), so each
chunk re-derives every feature that can reach it from hashes of the feature's origin cell and
writes only its own 16x16 columns. Features are applied in a fixed global order, so the block a
column ends up with never depends on which chunk was generated first.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from .biomes import (
    ANDESITE,
    BIRCH_LEAVES,
    BIRCH_LOG,
    CACTUS,
    COAL_ORE,
    DANDELION,
    DEAD_BUSH,
    DIAMOND_ORE,
    DIORITE,
    DIRT,
    EMERALD_ORE,
    FERN,
    GOLD_ORE,
    GRANITE,
    GRASS,
    GRASS_BLOCK,
    GRAVEL,
    IRON_ORE,
    LAPIS_ORE,
    MOUNTAINS,
    OAK_LEAVES,
    OAK_LOG,
    P_BIRCH,
    P_OAK,
    P_PLANT0,
    P_TREES,
    POPPY,
    REDSTONE_ORE,
    SAND,
    SPRUCE_LEAVES,
    SPRUCE_LOG,
    STONE,
    SUGAR_CANE,
)
from .noise import hash3, unit

CHUNK = 16
SEA_LEVEL = 63
TREE_CELL = 4  # one tree candidate per 4x4 cell, placed in the cell's first 3x3: trunks never touch
TREE_REACH = 2  # leaves reach at most this far from the trunk

_ORE_SALT = np.uint64(0x0DE5EED5A17)
_TREE_SALT = np.uint64(0x7EE5EED0BAD)
_PLANT_SALT = np.uint64(0x91A27EED5)

# Ore and stone-blob features as in Minecraft 1.16 (per chunk): block, tries, vein size, y range,
# y distribution (0 uniform, 1 triangular "depth average", 2 emerald: 3-8 single blocks, mountains).
ORES = np.array(
    [
        [DIRT, 10, 33, 0, 255, 0],
        [GRAVEL, 8, 33, 0, 255, 0],
        [GRANITE, 10, 33, 0, 79, 0],
        [DIORITE, 10, 33, 0, 79, 0],
        [ANDESITE, 10, 33, 0, 79, 0],
        [COAL_ORE, 20, 17, 0, 127, 0],
        [IRON_ORE, 20, 9, 0, 63, 0],
        [GOLD_ORE, 2, 9, 0, 31, 0],
        [REDSTONE_ORE, 8, 8, 0, 15, 0],
        [DIAMOND_ORE, 1, 8, 0, 15, 0],
        [LAPIS_ORE, 1, 7, 0, 30, 1],
        [EMERALD_ORE, 3, 1, 4, 31, 2],
    ],
    np.int64,
)


@njit(cache=True, nogil=True)
def place_ores(blocks, ax0, az0, wx0, wz0, seed, ids, biome, margin, ymax):
    """Ore veins and dirt/gravel/granite/diorite/andesite blobs, replacing stone only.

    Veins start in this chunk or its 8 neighbours (Minecraft's OreFeature shape: a row of
    spheres along a random segment); `biome` is the region biome map (for emerald) and `ymax`
    the highest stone-bearing y of the chunk (veins above it are skipped unevaluated).
    """
    stone = ids[STONE]
    cx = wx0 // CHUNK
    cz = wz0 // CHUNK
    for k in range(ORES.shape[0]):
        block = ids[ORES[k, 0]]
        tries = ORES[k, 1]
        size = ORES[k, 2]
        ylo = ORES[k, 3]
        yhi = ORES[k, 4]
        mode = ORES[k, 5]
        fsize = float(size)
        if mode == 2:  # emerald: single blocks in mountains, only from this chunk
            h = hash3(seed ^ _ORE_SALT, cx, cz, k * 1000 + 999)
            n = 3 + int(h % np.uint64(6))
            for i in range(n):
                h = hash3(seed ^ _ORE_SALT, cx, cz, k * 1000 + i)
                lx = int(h & np.uint64(15))
                lz = int((h >> np.uint64(4)) & np.uint64(15))
                y = ylo + int((h >> np.uint64(8)) % np.uint64(yhi - ylo + 1))
                if biome[lx + margin, lz + margin] != MOUNTAINS:
                    continue
                if blocks[ax0 + lx, az0 + lz, y] == stone:
                    blocks[ax0 + lx, az0 + lz, y] = block
            continue
        reach = fsize / 8.0 + fsize / 16.0 + 1.5
        for ncx in range(cx - 1, cx + 2):
            for ncz in range(cz - 1, cz + 2):
                for i in range(tries):
                    h = hash3(seed ^ _ORE_SALT, ncx, ncz, k * 1000 + i)
                    ox = ncx * CHUNK + int(h & np.uint64(15)) + 0.5
                    oz = ncz * CHUNK + int((h >> np.uint64(4)) & np.uint64(15)) + 0.5
                    if ox + reach < wx0 or ox - reach > wx0 + CHUNK:
                        continue
                    if oz + reach < wz0 or oz - reach > wz0 + CHUNK:
                        continue
                    h2 = hash3(h, 1, 2, 3)
                    if mode == 1:
                        span = (yhi - ylo + 2) // 2
                        oy = (
                            ylo
                            + int(h2 % np.uint64(span))
                            + int((h2 >> np.uint64(20)) % np.uint64(span))
                        )
                    else:
                        oy = ylo + int(h2 % np.uint64(yhi - ylo + 1))
                    if oy - reach > ymax:
                        continue
                    ang = unit(hash3(h, 4, 5, 6)) * math.pi
                    sa = math.sin(ang) * fsize / 8.0
                    ca = math.cos(ang) * fsize / 8.0
                    x0 = ox + sa
                    x1 = ox - sa
                    z0 = oz + ca
                    z1 = oz - ca
                    y0 = oy + int((h2 >> np.uint64(40)) % np.uint64(3)) - 2 + 0.5
                    y1 = oy + int((h2 >> np.uint64(48)) % np.uint64(3)) - 2 + 0.5
                    for s in range(size):
                        t = s / fsize
                        px = x0 + (x1 - x0) * t
                        py = y0 + (y1 - y0) * t
                        pz = z0 + (z1 - z0) * t
                        rs = unit(hash3(h, 7, s, 8)) * fsize / 16.0
                        r = ((math.sin(math.pi * t) + 1.0) * rs + 1.0) / 2.0
                        bx0 = max(int(math.floor(px - r)), wx0)
                        bx1 = min(int(math.floor(px + r)), wx0 + CHUNK - 1)
                        bz0 = max(int(math.floor(pz - r)), wz0)
                        bz1 = min(int(math.floor(pz + r)), wz0 + CHUNK - 1)
                        if bx0 > bx1 or bz0 > bz1:
                            continue
                        r2 = r * r
                        for bx in range(bx0, bx1 + 1):
                            dx2 = (bx + 0.5 - px) ** 2
                            for bz in range(bz0, bz1 + 1):
                                rest = r2 - dx2 - (bz + 0.5 - pz) ** 2
                                if rest <= 0.0:
                                    continue
                                # blocks whose centre is strictly inside the sphere
                                half = math.sqrt(rest)
                                by0 = max(int(math.floor(py - half - 0.5)) + 1, ylo)
                                by1 = min(int(math.ceil(py + half - 0.5)) - 1, yhi)
                                a = ax0 + bx - wx0
                                b = az0 + bz - wz0
                                for by in range(by0, by1 + 1):
                                    if blocks[a, b, by] == stone:
                                        blocks[a, b, by] = block


@njit(cache=True, nogil=True)
def _put(blocks, ax0, az0, wx0, wz0, x, y, z, block, ids, overwrite_leaves):
    """Write a tree block at world (x, y, z) if it is in this chunk and the spot is free."""
    if x < wx0 or x >= wx0 + CHUNK or z < wz0 or z >= wz0 + CHUNK or y < 0 or y > 255:
        return
    a = ax0 + x - wx0
    b = az0 + z - wz0
    cur = blocks[a, b, y]
    if (
        cur == 0
        or cur == ids[GRASS]
        or cur == ids[FERN]
        or cur == ids[DANDELION]
        or cur == ids[POPPY]
    ):
        blocks[a, b, y] = block
    elif overwrite_leaves and (
        cur == ids[OAK_LEAVES] or cur == ids[BIRCH_LEAVES] or cur == ids[SPRUCE_LEAVES]
    ):
        blocks[a, b, y] = block


@njit(cache=True, nogil=True)
def place_trees(blocks, ax0, az0, wx0, wz0, seed, ids, table, top, biome, flags, margin):
    """Oak, birch and spruce trees rooted in this chunk or close enough to reach it.

    One candidate per TREE_CELL cell; the root column's region data (top, biome, flags) decides
    whether it grows, so neighbours agree. Leaves fill free space only; logs replace leaves.
    """
    lo_x = wx0 - TREE_REACH
    lo_z = wz0 - TREE_REACH
    hi_x = wx0 + CHUNK - 1 + TREE_REACH
    hi_z = wz0 + CHUNK - 1 + TREE_REACH
    gseed = seed ^ _TREE_SALT
    for gx in range(lo_x // TREE_CELL, hi_x // TREE_CELL + 1):
        for gz in range(lo_z // TREE_CELL, hi_z // TREE_CELL + 1):
            h = hash3(gseed, gx, gz, 0)
            rx = gx * TREE_CELL + int(h % np.uint64(3))
            rz = gz * TREE_CELL + int((h >> np.uint64(8)) % np.uint64(3))
            if rx < lo_x or rx > hi_x or rz < lo_z or rz > hi_z:
                continue
            i = rx - wx0 + margin
            j = rz - wz0 + margin
            b = biome[i, j]
            if unit(hash3(gseed, gx, gz, 1)) >= table[b, P_TREES] * TREE_CELL * TREE_CELL:
                continue
            if flags[i, j] != 0:  # not a grass surface (stone top, cave mouth, under water)
                continue
            y0 = top[i, j] + 1
            u = unit(hash3(gseed, gx, gz, 2))
            hh = hash3(gseed, gx, gz, 3)
            if u < table[b, P_OAK]:
                kind = 0
                height = 4 + int(hh % np.uint64(3))
            elif u < table[b, P_BIRCH]:
                kind = 1
                height = 5 + int(hh % np.uint64(3))
            else:
                kind = 2
                height = 5 + int(hh % np.uint64(3))
            if y0 + height + 2 > 255:
                continue
            ytop = y0 + height  # first y above the trunk
            if kind == 2:
                leaves = ids[SPRUCE_LEAVES]
                log = ids[SPRUCE_LOG]
                for yy in range(y0 + 2, ytop + 1):
                    d = ytop - yy
                    r = 0 if d == 0 else (1 if d == 1 or d % 2 == 1 else 2)
                    for dx in range(-r, r + 1):
                        for dz in range(-r, r + 1):
                            if r > 0 and abs(dx) == r and abs(dz) == r:
                                continue
                            _put(
                                blocks, ax0, az0, wx0, wz0, rx + dx, yy, rz + dz, leaves, ids, False
                            )
            else:
                leaves = ids[OAK_LEAVES] if kind == 0 else ids[BIRCH_LEAVES]
                log = ids[OAK_LOG] if kind == 0 else ids[BIRCH_LOG]
                for yy in range(ytop - 3, ytop + 1):
                    layer = yy - ytop
                    r = 2 if layer <= -2 else 1
                    for dx in range(-r, r + 1):
                        for dz in range(-r, r + 1):
                            if abs(dx) == r and abs(dz) == r:
                                if layer == 0:
                                    continue
                                if hash3(hh, dx, dz, yy) & np.uint64(1):
                                    continue
                            _put(
                                blocks, ax0, az0, wx0, wz0, rx + dx, yy, rz + dz, leaves, ids, False
                            )
            for yy in range(y0, ytop):
                _put(blocks, ax0, az0, wx0, wz0, rx, yy, rz, log, ids, True)
            if wx0 <= rx < wx0 + CHUNK and wz0 <= rz < wz0 + CHUNK:
                blocks[ax0 + rx - wx0, az0 + rz - wz0, y0 - 1] = ids[DIRT]


@njit(cache=True, nogil=True)
def place_plants(blocks, ax0, az0, wx0, wz0, seed, ids, table, top, biome, margin):
    """Grass, ferns, flowers, dead bushes, cacti and sugar cane on this chunk's dry surface."""
    pseed = seed ^ _PLANT_SALT
    for lx in range(CHUNK):
        for lz in range(CHUNK):
            i = lx + margin
            j = lz + margin
            y = top[i, j]
            if y + 4 > 255 or y < SEA_LEVEL - 1:
                continue
            a = ax0 + lx
            c = az0 + lz
            ground = blocks[a, c, y]
            if blocks[a, c, y + 1] != 0:
                continue
            wx = wx0 + lx
            wz = wz0 + lz
            b = biome[i, j]
            h = hash3(pseed, wx, wz, 0)
            u = unit(h)
            # sugar cane: on grass/sand/dirt at water level, next to water
            if y == SEA_LEVEL - 1 and (
                ground == ids[GRASS_BLOCK] or ground == ids[SAND] or ground == ids[DIRT]
            ):
                wet = (
                    top[i - 1, j] < y or top[i + 1, j] < y or top[i, j - 1] < y or top[i, j + 1] < y
                )
                if wet and u < table[b, P_PLANT0 + 6]:
                    n = 1 + int((h >> np.uint64(40)) % np.uint64(3))
                    for k in range(n):
                        blocks[a, c, y + 1 + k] = ids[SUGAR_CANE]
                    continue
                u = unit(hash3(pseed, wx, wz, 1))
            if ground == ids[GRASS_BLOCK]:
                acc = 0.0
                for p in range(4):  # grass, fern, dandelion, poppy
                    acc += table[b, P_PLANT0 + p]
                    if u < acc:
                        blocks[a, c, y + 1] = ids[(GRASS, FERN, DANDELION, POPPY)[p]]
                        break
            elif ground == ids[SAND]:
                if u < table[b, P_PLANT0 + 4]:
                    blocks[a, c, y + 1] = ids[DEAD_BUSH]
                elif ((wx | wz) & 1) == 0 and u < table[b, P_PLANT0 + 4] + 4.0 * table[
                    b, P_PLANT0 + 5
                ]:
                    # cacti only on even-even columns, with no higher ground beside them
                    if (
                        top[i - 1, j] <= y
                        and top[i + 1, j] <= y
                        and top[i, j - 1] <= y
                        and top[i, j + 1] <= y
                    ):
                        n = 1 + int((h >> np.uint64(40)) % np.uint64(3))
                        for k in range(n):
                            blocks[a, c, y + 1 + k] = ids[CACTUS]
