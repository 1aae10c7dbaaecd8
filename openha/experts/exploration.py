"""Exploring for blocks the generated area around the player does not hold.

The expert knows the world generator (privileged): it reads the biome map to head for the
nearest biome where a block grows, or walks outwards in a spiral of directions otherwise; the env
generates chunks around the player as it walks.
"""

from __future__ import annotations

import math

import numpy as np

from envs.voxel.world import ORIGIN, SIZE_XZ
from envs.voxel.worldgen import BIOME_NAMES, column_map

from .control import Ctx, Skill
from .movement import go_to
from .navigation import feet_cell

LEG = 40  # blocks walked per exploration leg
_DIRS = [(1, 0), (0, 1), (-1, 0), (0, -1), (1, 1), (-1, 1), (-1, -1), (1, -1)]


def nearest_biome(game, biomes: tuple[str, ...], radius: int = 240, stride: int = 4):
    """World (x, z) of the nearest column in one of `biomes` (None if there is none)."""
    want = [BIOME_NAMES.index(b) for b in biomes if b in BIOME_NAMES]
    if not want:
        return None
    px, _, pz = game.feet()
    lo = -ORIGIN + 8
    hi = SIZE_XZ - ORIGIN - 8
    x0, z0 = max(lo, int(px) - radius), max(lo, int(pz) - radius)
    x1, z1 = min(hi, int(px) + radius), min(hi, int(pz) + radius)
    seed = getattr(game.world.generator, "seed", game.world.seed)
    _, biome = column_map(seed, x0, z0, x1 - x0, z1 - z0)
    sub = biome[::stride, ::stride]
    hits = np.argwhere(np.isin(sub, want))
    if hits.size == 0:
        return None
    wx = hits[:, 0] * stride + x0
    wz = hits[:, 1] * stride + z0
    k = int(np.argmin((wx - px) ** 2 + (wz - pz) ** 2))
    return int(wx[k]), int(wz[k])


def explore(ctx: Ctx, ids, y_range=None, biomes: tuple[str, ...] = ()) -> Skill:
    """Walk one leg towards where the blocks may be; True if the player moved."""
    game = ctx.game
    px, py, pz = game.feet()
    target = nearest_biome(game, biomes) if biomes else None
    if target is not None:
        dx, dz = target[0] - px, target[1] - pz
        d = math.hypot(dx, dz)
        if d < 8:
            target = None
        else:
            step = min(LEG, d)
            tx, tz = px + dx / d * step, pz + dz / d * step
    if target is None:
        k = ctx.explore_legs
        ctx.explore_legs += 1
        dx, dz = _DIRS[k % len(_DIRS)]
        n = math.hypot(dx, dz)
        tx, tz = px + dx / n * LEG, pz + dz / n * LEG
    lim = SIZE_XZ - ORIGIN - 12
    tx, tz = int(max(-lim, min(lim, tx))), int(max(-lim, min(lim, tz)))
    ty = game.world.surface_y(tx, tz)
    start = feet_cell(game)

    def near(x: int, y: int, z: int) -> bool:
        return abs(x - tx) <= 3 and abs(z - tz) <= 3 and y >= 60

    ok = yield from go_to(ctx, goal_fn=near, toward=[(tx, ty, tz)], tries=3, max_nodes=60000, margin=8)
    return ok or feet_cell(game) != start
