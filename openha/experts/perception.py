"""Privileged queries for the experts: where blocks, mobs and dropped items are.

The expert reads the world grid directly (a policy would have to look); these helpers search the
generated area around the player with numpy and rank what they find by a rough travel cost.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from envs.voxel import physics
from envs.voxel.world import ORIGIN, SIZE_XZ

from .navigation import block_tables

EYE = physics.EYE_HEIGHT


def find_blocks(game, block_ids: Iterable[int], radius: int = 72, y_range: tuple[int, int] | None = None,
                limit: int = 64, exclude: set | None = None) -> list[tuple[int, int, int]]:
    """Positions of blocks with these ids within `radius` (horizontal) of the player, cheapest
    first (horizontal distance + 2× depth below the feet + 6× height above reach, + 4 when
    buried). Searches 32 blocks around first, the whole radius only when that finds nothing."""
    if radius > 32:
        near = find_blocks(game, block_ids, 32, y_range, limit, exclude)
        if len(near) >= min(limit, 4):
            return near
    ids = np.asarray(sorted(set(block_ids)), np.int64)
    if ids.size == 0:
        return []
    px, py, pz = game.feet()
    ax0 = max(0, int(px) + ORIGIN - radius)
    ax1 = min(SIZE_XZ, int(px) + ORIGIN + radius + 1)
    az0 = max(0, int(pz) + ORIGIN - radius)
    az1 = min(SIZE_XZ, int(pz) + ORIGIN + radius + 1)
    y0, y1 = (0, 256) if y_range is None else (max(0, y_range[0]), min(256, y_range[1] + 1))
    sub = game.world.blocks[ax0:ax1, az0:az1, y0:y1]
    if ids.size == 1:
        hits = np.argwhere(sub == ids[0])
    else:
        lut = np.zeros(game.gd.n_blocks, bool)
        lut[ids] = True
        hits = np.argwhere(lut[sub])
    if hits.size == 0:
        return []
    wx = hits[:, 0] + ax0 - ORIGIN
    wz = hits[:, 1] + az0 - ORIGIN
    wy = hits[:, 2] + y0
    horiz = np.hypot(wx + 0.5 - px, wz + 0.5 - pz)
    dy = wy - py
    cost = horiz + np.where(dy < 0, -dy * 2.0, np.maximum(dy - 3, 0) * 6.0)
    cost = cost + 4.0 * _buried(game, wx, wy, wz) + 60.0 * _under_water(game, wx, wy, wz)
    order = np.argsort(cost, kind="stable")
    out = []
    for k in order:
        p = (int(wx[k]), int(wy[k]), int(wz[k]))
        if exclude and p in exclude:
            continue
        out.append(p)
        if len(out) >= limit:
            break
    return out


def _under_water(game, wx, wy, wz) -> np.ndarray:
    """1 for blocks with water or lava just above or beside them (lake beds: hard to dig)."""
    b = game.world.blocks
    t = block_tables(game.gd)
    wet = t["water"] | t["danger"]
    out = np.zeros(len(wx), bool)
    ax = np.clip(wx + ORIGIN, 0, SIZE_XZ - 1)
    az = np.clip(wz + ORIGIN, 0, SIZE_XZ - 1)
    for dy in range(1, 7):
        out |= wet[b[ax, az, np.clip(wy + dy, 0, 255)]]
    for dx, dz in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        out |= wet[b[np.clip(ax + dx, 0, SIZE_XZ - 1), np.clip(az + dz, 0, SIZE_XZ - 1), wy]]
    return out.astype(np.float64)


def _buried(game, wx, wy, wz) -> np.ndarray:
    """1 for blocks with no air (or water) neighbour, else 0."""
    b = game.world.blocks
    solid = block_tables(game.gd)["solid"]
    open_ = np.zeros(len(wx), bool)
    for dx, dy, dz in ((1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1)):
        ax = np.clip(wx + dx + ORIGIN, 0, SIZE_XZ - 1)
        az = np.clip(wz + dz + ORIGIN, 0, SIZE_XZ - 1)
        ay = np.clip(wy + dy, 0, 255)
        open_ |= ~solid[b[ax, az, ay]]
    return (~open_).astype(np.float64)


def reach_cells(game, pos: tuple[int, int, int], reach: float = 4.2) -> set[tuple[int, int, int]]:
    """Feet cells from which the block at `pos` is within reach: every cell whose eye is close
    enough and either sees it now or touches it (feet/head next to it, or right above/below)."""
    x, y, z = pos
    t = block_tables(game.gd)
    cells = set()
    for dx in range(-4, 5):
        for dz in range(-4, 5):
            for dy in range(-5, 4):
                fx, fy, fz = x + dx, y + dy, z + dz
                ex, ey, ez = fx + 0.5, fy + EYE, fz + 0.5
                if math.dist((ex, ey, ez), (x + 0.5, y + 0.5, z + 0.5)) > reach:
                    continue
                if (fx, fy, fz) == pos or (fx, fy + 1, fz) == pos:
                    continue
                touching = (abs(dx) + abs(dz) == 1 and dy in (0, -1)) or (dx == dz == 0 and dy in (1, -2))
                if touching:
                    cells.add((fx, fy, fz))
                    continue
                if _sees(game, (ex, ey, ez), pos, t):
                    cells.add((fx, fy, fz))
    return cells


def _sees(game, eye, pos, t) -> bool:
    w = game.world
    fx, fy, fz = math.floor(eye[0]), math.floor(eye[1] - EYE + 0.01), math.floor(eye[2])
    if t["solid"][w.get(fx, fy, fz)] or t["solid"][w.get(fx, fy + 1, fz)]:
        return False
    v = (pos[0] + 0.5 - eye[0], pos[1] + 0.5 - eye[1], pos[2] + 0.5 - eye[2])
    d = math.sqrt(v[0] ** 2 + v[1] ** 2 + v[2] ** 2)
    hit, bx, by, bz, *_ = physics.raycast_block(w.blocks, game.targetable, eye[0], eye[1], eye[2],
                                                v[0] / d, v[1] / d, v[2] / d, 4.5)
    return bool(hit) and (int(bx), int(by), int(bz)) == tuple(pos)


def mobs_of(game, kinds: Iterable[str] | None = None, hostile: bool | None = None) -> list:
    """Live mobs (of these kinds / hostility), nearest first."""
    px, py, pz = game.feet()
    want = set(kinds) if kinds is not None else None
    out = [m for m in game.mobs.mobs if m.health > 0 and (want is None or m.kind in want)
           and (hostile is None or m.hostile == hostile)]
    return sorted(out, key=lambda m: math.dist((m.x, m.y, m.z), (px, py, pz)))


def drops_of(game, items: Iterable[int] | None = None, radius: float = 24.0) -> list[tuple[float, float, float]]:
    """Positions of dropped item stacks (of these item ids) within `radius`, nearest first."""
    d = game.drops
    alive = np.flatnonzero(d.alive)
    if alive.size == 0:
        return []
    want = None if items is None else set(items)
    px, py, pz = game.feet()
    out = []
    for i in alive:
        if want is not None and int(d.item[i]) not in want:
            continue
        p = tuple(float(v) for v in d.pos[i])
        if math.dist(p, (px, py, pz)) <= radius:
            out.append(p)
    return sorted(out, key=lambda p: math.dist(p, (px, py, pz)))


def nearest_block_of(game, name: str, radius: int = 8) -> tuple[int, int, int] | None:
    got = find_blocks(game, [game.gd.block(name)], radius=radius, limit=1)
    return got[0] if got else None
