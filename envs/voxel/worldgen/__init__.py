"""Procedural world generation for VoxelWorld (Minecraft 1.16-like terrain, biomes and features).

`make_generator(seed)` gives the callable `World` uses to fill chunks; generation is a pure
function of (seed, chunk), so chunks come out bit-identical in any order. `biome_at` and
`column_map` answer biome/height questions without generating blocks; `find_spawn` picks a dry
grass (else sand) spot near the world origin.
"""

from __future__ import annotations

import numpy as np

from ..world import CHUNK, ORIGIN, SIZE_XZ, SIZE_Y
from .biomes import BIOME_NAMES, GRASS_BLOCK, SAND, biome_table, block_ids
from .noise import seed64
from .terrain import columns, generate_chunk

__all__ = ["Generator", "make_generator", "biome_at", "column_map", "find_spawn", "BIOME_NAMES"]


class Generator:
    """Fills one chunk of a `World` (call with (world, cx, cz), array chunk indices)."""

    def __init__(self, seed: int):
        self.seed = int(seed)
        self._seed = seed64(seed)
        self._ids = block_ids()
        self._table = biome_table()

    def __call__(self, world, cx: int, cz: int) -> None:
        generate_chunk(
            world.blocks, self._seed, int(cx) * CHUNK, int(cz) * CHUNK, self._ids, self._table
        )

    def __repr__(self) -> str:
        return f"Generator(seed={self.seed})"


def make_generator(seed: int) -> Generator:
    """The chunk generator for `seed`: `World(seed, generator=make_generator(seed))`."""
    return Generator(seed)


def column_map(seed: int, x0: int, z0: int, nx: int, nz: int) -> tuple[np.ndarray, np.ndarray]:
    """Terrain top y (highest terrain block, before trees/plants) and biome index (into
    BIOME_NAMES) for world columns [x0, x0+nx) x [z0, z0+nz), without generating blocks."""
    top = np.empty((nx, nz), np.int64)
    biome = np.empty((nx, nz), np.int64)
    mouth = np.empty((nx, nz), np.bool_)
    columns(seed64(seed), int(x0), int(z0), int(nx), int(nz), top, biome, mouth)
    return top, biome


def biome_at(seed: int, x: int, z: int) -> str:
    """Minecraft biome name of world column (x, z), e.g. "plains", "taiga", "river"."""
    _, biome = column_map(seed, int(np.floor(x)), int(np.floor(z)), 1, 1)
    return BIOME_NAMES[int(biome[0, 0])]


def find_spawn(world, radius: int = 160) -> tuple[float, float, float]:
    """A dry, flat land spot near world (0, 0): the nearest open-sky grass block, else sand.

    Returns (x, y, z) with x, z at the block centre and y the player's feet (one above the
    ground); generates the chunks it inspects. Searches growing squares up to `radius` blocks
    and raises RuntimeError if there is no dry land in it.
    """
    seed = getattr(world.generator, "seed", world.seed)
    ids = block_ids()
    for r in sorted({min(32, radius), min(96, radius), radius}):
        for want in (ids[GRASS_BLOCK], ids[SAND]):
            spot = _search_spawn(world, seed, r, int(want))
            if spot is not None:
                return spot
    raise RuntimeError(
        f"find_spawn: no dry grass or sand within {radius} blocks of (0, 0) for seed {seed}; "
        "pass an explicit spawn position instead"
    )


def _search_spawn(world, seed: int, radius: int, want: int) -> tuple[float, float, float] | None:
    lo = max(-radius, -ORIGIN)
    hi = min(radius, SIZE_XZ - ORIGIN - 1)
    n = hi - lo + 1
    top, _ = column_map(seed, lo, lo, n, n)
    xs, zs = np.meshgrid(np.arange(lo, hi + 1), np.arange(lo, hi + 1), indexing="ij")
    dist = (xs.astype(np.float64) ** 2 + zs.astype(np.float64) ** 2).ravel()
    # flat ground: no column within 2 blocks more than 1 block higher or lower
    pad = np.pad(top, 2, mode="edge")
    rough = np.zeros_like(top)
    for dx in range(5):
        for dz in range(5):
            rough = np.maximum(rough, np.abs(pad[dx : dx + n, dz : dz + n] - top))
    dry = ((top >= 63) & (top + 3 < SIZE_Y) & (rough <= 1)).ravel()
    order = np.argsort(np.where(dry, dist, np.inf), kind="stable")
    for flat in order[: int(dry.sum())][:4096]:
        x, z, y = int(xs.flat[flat]), int(zs.flat[flat]), int(top.flat[flat])
        ax, az = x + ORIGIN, z + ORIGIN
        if not world.chunk_done[ax // CHUNK, az // CHUNK]:
            world.ensure_chunks(x, z, 0)
        col = world.blocks[ax, az]
        if col[y] == want and col[y + 1] == 0 and col[y + 2] == 0 and world.height[ax, az] == y + 1:
            return (x + 0.5, float(y + 1), z + 0.5)
    return None
