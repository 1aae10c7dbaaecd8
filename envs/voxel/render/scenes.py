"""Small deterministic test scenes for renderer tests, benchmarks and visual checks.

`flat_generator` is a superflat world; `demo_generator` is rolling plains with ponds, an oak/birch
forest, tall grass and flowers: enough variety to judge the renderer without the real terrain
generator. Both are chunk generators for `World(seed, generator=...)`.
"""

from __future__ import annotations

import numpy as np

from ..gamedata import GameData
from ..world import CHUNK, ORIGIN, World


def flat_generator(gd: GameData, ground: int = 63):
    """Bedrock at y 0, stone up to ground - 4, dirt, grass block at `ground`."""
    ids = [gd.block(n) for n in ("bedrock", "stone", "dirt", "grass_block")]

    def gen(world: World, cx: int, cz: int) -> None:
        col = world.blocks[cx * CHUNK : (cx + 1) * CHUNK, cz * CHUNK : (cz + 1) * CHUNK]
        col[:, :, 0] = ids[0]
        col[:, :, 1 : ground - 3] = ids[1]
        col[:, :, ground - 3 : ground] = ids[2]
        col[:, :, ground] = ids[3]

    return gen


def _hash(a: np.ndarray, b: np.ndarray, seed: int) -> np.ndarray:
    """Deterministic uniform [0, 1) per integer pair."""
    h = (a.astype(np.int64) * 73856093) ^ (b.astype(np.int64) * 19349663) ^ (seed * 83492791)
    h = (h ^ (h >> 13)) * 1274126177
    h = h ^ (h >> 16)
    return (h & 0xFFFFFF).astype(np.float64) / float(0x1000000)


def demo_generator(gd: GameData, seed: int = 0, forest: float = 0.5):
    """Rolling grassland around y 64 with ponds, trees (denser where `forest` noise is high)."""
    B = {
        n: gd.block(n)
        for n in (
            "bedrock",
            "stone",
            "dirt",
            "grass_block",
            "sand",
            "water",
            "oak_log",
            "oak_leaves",
            "birch_log",
            "birch_leaves",
            "grass",
            "dandelion",
            "poppy",
            "cornflower",
            "coal_ore",
            "iron_ore",
            "gravel",
            "tall_grass",
            "oak_sapling",
        )
    }
    rng = np.random.default_rng(seed)
    ph = rng.uniform(0, 2 * np.pi, 8)

    def terrain(x: np.ndarray, z: np.ndarray) -> np.ndarray:
        h = (
            64
            + 3.0 * np.sin(x / 23.0 + ph[0])
            + 2.5 * np.cos(z / 19.0 + ph[1])
            + 1.5 * np.sin((x + z) / 11.0 + ph[2])
            + 0.8 * np.cos((x - 2 * z) / 7.0 + ph[3])
        )
        return np.floor(h).astype(np.int64)

    def forestness(x, z):
        return np.sin(x / 41.0 + ph[4]) + np.cos(z / 37.0 + ph[5]) + forest - 0.5

    def gen(world: World, cx: int, cz: int) -> None:
        x0, z0 = cx * CHUNK - ORIGIN, cz * CHUNK - ORIGIN
        xs = np.arange(x0, x0 + CHUNK)[:, None] * np.ones((1, CHUNK), np.int64)
        zs = np.ones((CHUNK, 1), np.int64) * np.arange(z0, z0 + CHUNK)[None, :]
        h = terrain(xs, zs)
        col = world.blocks[cx * CHUNK : (cx + 1) * CHUNK, cz * CHUNK : (cz + 1) * CHUNK]
        y = np.arange(world.blocks.shape[2])[None, None, :]
        hh = h[:, :, None]
        col[:] = 0
        col[(y < hh - 3)] = B["stone"]
        col[(y >= hh - 3) & (y < hh)] = B["dirt"]
        wet = hh < 63
        col[(y == hh) & ~wet] = B["grass_block"]
        col[(y == hh) & wet] = B["sand"]
        col[(y > hh) & (y <= 62)] = B["water"]
        col[:, :, 0] = B["bedrock"]
        ore = _hash(xs * 7 + 3, zs * 5 + 1, seed)
        for k in range(4):
            yy = (ore * 40 + k * 11).astype(np.int64) % 50 + 5
            sel = _hash(xs + k, zs - k, seed + 9) < 0.08
            col[sel, yy[sel]] = B["coal_ore"] if k % 2 == 0 else B["iron_ore"]
        # plants on dry grass
        r = _hash(xs, zs, seed + 1)
        top = h + 1
        dry = h >= 63
        for name, lo, hi in (
            ("grass", 0.0, 0.22),
            ("tall_grass", 0.22, 0.24),
            ("dandelion", 0.24, 0.255),
            ("poppy", 0.255, 0.27),
            ("cornflower", 0.27, 0.28),
            ("oak_sapling", 0.28, 0.285),
        ):
            sel = dry & (r >= lo) & (r < hi)
            col[sel, top[sel]] = B[name]
        # trees on a jittered 6x6 grid, written where they overlap this chunk
        g = 6
        gx0, gx1 = (x0 - 3) // g, (x0 + CHUNK + 3) // g
        gz0, gz1 = (z0 - 3) // g, (z0 + CHUNK + 3) // g
        for gx in range(gx0, gx1 + 1):
            for gz in range(gz0, gz1 + 1):
                a, b = np.array([gx]), np.array([gz])
                p = float(_hash(a, b, seed + 2)[0])
                fr = float(forestness(gx * g, gz * g))
                if p > 0.08 + 0.55 * max(0.0, fr):
                    continue
                tx = gx * g + int(_hash(a, b, seed + 3)[0] * (g - 2)) + 1
                tz = gz * g + int(_hash(a, b, seed + 4)[0] * (g - 2)) + 1
                th = int(terrain(np.array([tx]), np.array([tz]))[0])
                if th < 63:
                    continue
                birch = _hash(a, b, seed + 5)[0] < 0.3
                log = B["birch_log"] if birch else B["oak_log"]
                leaves = B["birch_leaves"] if birch else B["oak_leaves"]
                trunk = 4 + int(_hash(a, b, seed + 6)[0] * 3)
                top_y = th + trunk
                for ly in range(top_y - 2, top_y + 2):
                    rad = 2 if ly < top_y else 1
                    for dx in range(-rad, rad + 1):
                        for dz in range(-rad, rad + 1):
                            if rad == 2 and abs(dx) == 2 and abs(dz) == 2:
                                continue
                            lx, lz = tx + dx - x0, tz + dz - z0
                            if 0 <= lx < CHUNK and 0 <= lz < CHUNK and col[lx, lz, ly] == 0:
                                col[lx, lz, ly] = leaves
                            elif (
                                0 <= lx < CHUNK
                                and 0 <= lz < CHUNK
                                and col[lx, lz, ly] in (B["grass"], B["tall_grass"])
                            ):
                                col[lx, lz, ly] = leaves
                lx, lz = tx - x0, tz - z0
                if 0 <= lx < CHUNK and 0 <= lz < CHUNK:
                    col[lx, lz, th + 1 : top_y + 1] = log
                    col[lx, lz, th] = B["dirt"]

    return gen


def demo_world(gd: GameData, seed: int = 0, radius: int = 96, forest: float = 0.5) -> World:
    """A generated demo world with chunks ready within `radius` of the origin."""
    world = World(seed, generator=demo_generator(gd, seed, forest))
    world.ensure_chunks(0, 0, radius)
    return world


def flat_world(gd: GameData, radius: int = 96, ground: int = 63) -> World:
    world = World(0, generator=flat_generator(gd, ground))
    world.ensure_chunks(0, 0, radius)
    return world
