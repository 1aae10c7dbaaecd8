"""A* path finding over VoxelWorld's blocks for the scripted experts (privileged: reads the grid).

Nodes are the player's feet cells. Moves: walk to one of 8 neighbours (diagonals only past free
corners), jump up one block, drop down up to 3 blocks, swim, and — when allowed — dig through
blocks in the way (cost = break ticks with the best tool held), dig straight down, and pillar up
by placing a block under oneself. The search runs over a box of the world copied into flat
Python lists (fast lookups), with a weighted heuristic; it never enters lava or fire and never
lands where the fall would hurt.

    path = find_path(game, start, goals={(x, y, z), ...})           # or goal_fn=...
    for step in path: step.kind, step.cell, step.dig, step.place
"""

from __future__ import annotations

import functools
import heapq
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from envs.voxel.world import ORIGIN, SIZE_XZ, SIZE_Y

# move costs in ticks (walking 4.3 m/s ≈ 4.6 ticks per block)
WALK, DIAG, UP, DROP, SWIM = 5.0, 7.1, 9.0, 6.0, 28.0  # swimming: ~0.08 blocks/tick
DIG_OVERHEAD, PILLAR = 10.0, 18.0
MAX_DROP = 3
DANGER_BLOCKS = ("lava", "fire", "soul_fire", "magma_block", "cactus", "sweet_berry_bush", "cobweb",
                 "wither_rose", "campfire", "soul_campfire", "nether_portal", "end_portal")
WATER_BLOCKS = ("water", "bubble_column")
# blocks the path finder never digs through: interactive blocks a task may be about
KEEP_BLOCKS = ("crafting_table", "furnace", "chest", "trapped_chest", "barrel", "bedrock",
               "blast_furnace", "smoker", "jukebox", "note_block", "lever")
KEEP_SUFFIX = ("_bed", "_door", "_trapdoor", "_fence_gate", "_button", "shulker_box")


@dataclass(frozen=True)
class PathStep:
    """Go to feet cell `cell` by `kind` (walk | up | drop | swim | dig_down | pillar), after
    breaking `dig` (top first) and, for a pillar, placing a block at `place`."""

    kind: str
    cell: tuple[int, int, int]
    dig: tuple[tuple[int, int, int], ...] = ()
    place: tuple[int, int, int] | None = None


@dataclass
class Path:
    steps: list[PathStep] = field(default_factory=list)
    cost: float = 0.0
    expanded: int = 0

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self):
        return iter(self.steps)


class NoPath(RuntimeError):
    """No route within the search limits."""


@functools.cache
def block_tables(gd) -> dict[str, np.ndarray]:
    """Per-block-id masks: solid, danger (never enter / stand on), water, keep (never dig)."""
    n = gd.n_blocks
    danger = np.zeros(n, bool)
    water = np.zeros(n, bool)
    keep = np.zeros(n, bool)
    for b in gd.blocks:
        name = b["name"]
        if name in DANGER_BLOCKS:
            danger[b["id"]] = True
        if name in WATER_BLOCKS:
            water[b["id"]] = True
        if name in KEEP_BLOCKS or name.endswith(KEEP_SUFFIX):
            keep[b["id"]] = True
    return {"solid": np.asarray(gd.solid, bool), "danger": danger, "water": water, "keep": keep}


def dig_costs(gd, tools: Iterable[int], keep_extra: Iterable[int] = ()) -> np.ndarray:
    """Ticks to break every block id with the fastest of `tools` (or the hand); inf when the
    path finder must not dig it (unbreakable, fluids, kept blocks)."""
    t = block_tables(gd)
    tools = [-1, *sorted(set(tools))]
    cost = np.full(gd.n_blocks, np.inf)
    for b in range(1, gd.n_blocks):
        if t["keep"][b] or t["danger"][b]:
            continue
        best = min((x for x in (gd.break_ticks(b, i) for i in tools) if x >= 0), default=-1)
        if best >= 0:
            cost[b] = best + DIG_OVERHEAD
    cost[0] = 0.0
    for b in keep_extra:
        cost[b] = np.inf
    return cost


class _Region:
    """A box of the world as flat lists: index = ((x - x0) * nz + (z - z0)) * ny + (y - y0)."""

    def __init__(self, game, lo: tuple[int, int, int], hi: tuple[int, int, int], dig_cost: np.ndarray):
        x0, y0, z0 = max(lo[0], -ORIGIN), max(lo[1], 0), max(lo[2], -ORIGIN)
        x1, y1, z1 = min(hi[0], SIZE_XZ - ORIGIN - 1), min(hi[1], SIZE_Y - 3), min(hi[2], SIZE_XZ - ORIGIN - 1)
        self.x0, self.y0, self.z0 = x0, y0, z0
        self.nx, self.ny, self.nz = x1 - x0 + 1, y1 - y0 + 1, z1 - z0 + 1
        sub = game.world.blocks[x0 + ORIGIN : x1 + ORIGIN + 1, z0 + ORIGIN : z1 + ORIGIN + 1, y0 : y1 + 1]
        t = block_tables(game.gd)
        self.solid = t["solid"][sub].ravel().tolist()
        self.danger = t["danger"][sub].ravel().tolist()
        self.water = t["water"][sub].ravel().tolist()
        dc = dig_cost[sub]
        self.dig = np.where(t["solid"][sub], dc, 0.0).ravel().tolist()
        self.DX, self.DZ = self.nz * self.ny, self.ny

    def index(self, x: int, y: int, z: int) -> int:
        return ((x - self.x0) * self.nz + (z - self.z0)) * self.ny + (y - self.y0)

    def cell(self, i: int) -> tuple[int, int, int]:
        yy = i % self.ny
        rest = i // self.ny
        return rest // self.nz + self.x0, yy + self.y0, rest % self.nz + self.z0

    def inside(self, x: int, y: int, z: int) -> bool:
        return (0 <= x - self.x0 < self.nx and 2 <= y - self.y0 < self.ny - 4
                and 0 <= z - self.z0 < self.nz)


def find_path(
    game,
    start: tuple[int, int, int],
    goals: Iterable[tuple[int, int, int]] = (),
    goal_fn: Callable[[int, int, int], bool] | None = None,
    toward: Iterable[tuple[float, float, float]] = (),
    *,
    tools: Iterable[int] = (),
    dig: bool = True,
    pillar_blocks: int = 0,
    max_nodes: int = 40000,
    weight: float = 1.6,
    margin: int = 10,
    keep: Iterable[int] = (),
    rock: float = 0.0,
) -> Path:
    """Cheapest route (weighted A*) from feet cell `start` to any cell in `goals` or satisfying
    `goal_fn`; the heuristic aims at `toward` points (default: the goals). `rock` > 0 (the cost
    of clearing one cell of stone) makes the heuristic expect digging: use it for goals inside
    the rock, where plain walking costs would make the search flood every open cave.
    Raises NoPath."""
    goal_set = set(goals)
    aims = list(toward) or [tuple(c) for c in goal_set]
    if not aims:
        raise ValueError("find_path needs goals or toward points for its heuristic")
    xs = [start[0], *(p[0] for p in aims)]
    ys = [start[1], *(p[1] for p in aims)]
    zs = [start[2], *(p[2] for p in aims)]
    lo = (math.floor(min(xs)) - margin, math.floor(min(ys)) - 20, math.floor(min(zs)) - margin)
    hi = (math.ceil(max(xs)) + margin, math.ceil(max(ys)) + 12, math.ceil(max(zs)) + margin)
    cost_table = dig_costs(game.gd, tools, keep) if dig else np.where(block_tables(game.gd)["solid"], np.inf, 0.0)
    R = _Region(game, lo, hi, cost_table)
    if not R.inside(*start):
        raise NoPath(f"start {start} is outside the searchable world")
    solid, danger, water, digc = R.solid, R.danger, R.water, R.dig
    DX, DZ = R.DX, R.DZ
    goal_idx = {R.index(*c) for c in goal_set if R.inside(*c)}
    aim_pts = [(p[0], p[1], p[2]) for p in aims]
    inf = math.inf
    c_h, c_down, c_up = WALK + 0.7 * rock, DROP + 0.8 * rock, UP + rock

    def h(i: int) -> float:
        x, y, z = R.cell(i)
        best = inf
        for ax, ay, az in aim_pts:
            dx, dz, dy = abs(x - ax), abs(z - az), y - ay
            horiz = max(dx, dz) + 0.414 * min(dx, dz)
            if dy > 0:  # going down also moves sideways: count the larger of the two
                d = max(horiz * c_h, dy * c_down) + 0.3 * min(horiz * c_h, dy * c_down)
            else:
                d = horiz * c_h - dy * c_up
            best = min(best, d)
        return best * weight

    def passable(i: int) -> bool:
        return not solid[i] and not danger[i]

    def clear_cost(i: int) -> float:
        """Cost to make cell i passable (0 when it is, inf when it cannot be)."""
        if danger[i]:
            return inf
        return digc[i] if solid[i] else 0.0

    def support(i: int) -> bool:
        # on solid ground or swimming at the surface; never with the head under water
        if water[i + 1]:
            return False
        return (solid[i - 1] and not danger[i - 1]) or (water[i] and not solid[i + 1])

    def is_goal(i: int) -> bool:
        if i in goal_idx:
            return True
        return goal_fn is not None and goal_fn(*R.cell(i))

    s = R.index(*start)
    g = {s: 0.0}
    came: dict[int, tuple[int, PathStep | None]] = {s: (-1, None)}
    heap = [(h(s), 0.0, s)]
    expanded = 0
    while heap:
        f, gc, i = heapq.heappop(heap)
        if gc > g.get(i, inf):
            continue
        if is_goal(i):
            steps = []
            while came[i][0] >= 0:
                prev, step = came[i]
                steps.append(step)
                i = prev
            return Path(steps[::-1], gc, expanded)
        expanded += 1
        if expanded > max_nodes:
            break
        x, y, z = R.cell(i)
        ly = y - R.y0
        if not (0 < x - R.x0 < R.nx - 1 and 2 <= ly < R.ny - 4 and 0 < z - R.z0 < R.nz - 1):
            continue
        swim = water[i] or water[i - 1]  # floating just above the water counts too

        def push(j: int, c: float, step: PathStep, i: int = i, gc: float = gc) -> None:
            nc = gc + c
            if nc < g.get(j, inf):
                g[j] = nc
                came[j] = (i, step)
                heapq.heappush(heap, (nc + h(j), nc, j))

        def cells_of(*js: int) -> tuple[tuple[int, int, int], ...]:
            return tuple(R.cell(j) for j in js if solid[j])

        for ddx, ddz in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            t = i + ddx * DX + ddz * DZ
            # same level (walk / swim / dig through)
            cc = clear_cost(t + 1) + clear_cost(t)
            if cc < inf and support(t) and (cc == 0 or dig):
                base = SWIM if water[t] or swim else WALK
                push(t, base + cc, PathStep("walk", R.cell(t), cells_of(t + 1, t)))
            # up one block
            u = t + 1
            if solid[t] and not danger[t]:
                cc = clear_cost(i + 2) + clear_cost(u + 1) + clear_cost(u)
                if cc < inf and (cc == 0 or dig):
                    push(u, UP + cc + (SWIM if swim else 0.0), PathStep("up", R.cell(u), cells_of(i + 2, u + 1, u)))
            # down: a staircase step (may dig) or a natural drop of 1-3 blocks
            if passable(t + 1) and passable(t):
                for k in range(1, min(MAX_DROP, ly - 2) + 1):
                    c = t - k
                    if solid[c] or danger[c]:
                        break
                    if support(c):
                        push(c, DROP + k, PathStep("drop", R.cell(c)))
                        break
            elif dig:
                c = t - 1
                cc = clear_cost(t + 1) + clear_cost(t) + clear_cost(c)
                if cc < inf and support(c) and not water[c]:
                    push(c, DROP + cc, PathStep("drop", R.cell(c), cells_of(t + 1, t, c)))
        # diagonals: walk only, both corners free
        for ddx in (1, -1):
            for ddz in (1, -1):
                t = i + ddx * DX + ddz * DZ
                a, b = i + ddx * DX, i + ddz * DZ
                if (passable(t) and passable(t + 1) and support(t) and passable(a) and passable(a + 1)
                        and passable(b) and passable(b + 1) and not water[t] and not swim):
                    push(t, DIAG, PathStep("walk", R.cell(t)))
        if dig and not swim:
            # dig straight down (land on the block below)
            d = i - 1
            cc = clear_cost(d)
            if ly >= 3 and 0 < cc < inf and solid[d - 1] and not danger[d - 1] and not water[d]:
                push(d, 4.0 + cc, PathStep("dig_down", R.cell(d), (R.cell(d),)))
        if pillar_blocks > 0 and not swim:
            u = i + 1
            cc = clear_cost(i + 2)
            if cc < inf and (cc == 0 or dig):
                push(u, PILLAR + cc, PathStep("pillar", R.cell(u), cells_of(i + 2), R.cell(i)))
    raise NoPath(f"no path from {start} within {expanded} nodes (goal {aims[0]}…)")


def feet_cell(game) -> tuple[int, int, int]:
    x, y, z = game.feet()
    return math.floor(x), math.floor(y + 0.01), math.floor(z)


def standable(game, x: int, y: int, z: int) -> bool:
    """Can the player stand with feet in cell (x, y, z) right now?"""
    t = block_tables(game.gd)
    w = game.world
    below, feet, head = w.get(x, y - 1, z), w.get(x, y, z), w.get(x, y + 1, z)
    ok_body = not t["solid"][feet] and not t["solid"][head] and not t["danger"][feet] and not t["danger"][head]
    return ok_body and ((t["solid"][below] and not t["danger"][below]) or t["water"][feet])
