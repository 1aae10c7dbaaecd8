"""Skills of the scripted expert: mine, collect, place, use stations, use items, eat, drop
(crafting and smelting through the GUI: `gui_skills`).

Each skill is a generator of env actions (see `control`) that returns True on success; they aim
the camera and press keys.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from envs.voxel import physics
from envs.voxel.interactions import is_interactive

from .control import Ctx, Skill, action, look, look_at, press
from .exploration import explore
from .movement import (
    REACH,
    break_block,
    center,
    go_to,
    select,
    stop,
)
from .navigation import block_tables, feet_cell
from .perception import drops_of, find_blocks, reach_cells

STATIONS = ("crafting_table", "furnace")


# -- mining ------------------------------------------------------------------------------------
def mine(ctx: Ctx, blocks: Iterable[int], done: Callable[[], bool], *, y_range=None, radius: int = 72,
         collect: bool = True, max_fail: int = 12, biomes: tuple[str, ...] = ()) -> Skill:
    """Break blocks of these ids (nearest first) until `done()`; collect their drops."""
    game = ctx.game
    ids = sorted(set(blocks))
    failed: set = set()
    fails = explored = 0
    while not done():
        if ctx.ticks_left() <= 0:
            return False
        cands = find_blocks(game, ids, radius=radius, limit=10, exclude=failed)
        if not cands:
            explored += 1
            if explored > 6 or not (yield from explore(ctx, ids, y_range, biomes)):
                return False
            continue
        goals: set = set()
        for c in cands[:6]:
            goals |= reach_cells(game, c)
        ok = yield from go_to(ctx, goals, toward=cands[:6], tries=2)
        here = feet_cell(game)
        target = next((c for c in cands if game.world.get(*c) in ids and here in reach_cells(game, c)), None)
        if not ok or target is None:
            fails += 1
            failed.update(cands[:2] if ok else cands[:6])
            if fails > max_fail:
                return False
            continue
        block = game.world.get(*target)
        if not (yield from break_block(ctx, target)):
            failed.add(target)
            fails += 1
            if fails > max_fail:
                return False
            continue
        if collect:
            yield from collect_drops(ctx, near=target)
        if block_tables(game.gd)["solid"][block] is False:
            pass
    return True


def collect_drops(ctx: Ctx, near=None, items: Iterable[int] | None = None, radius: float = 6.0,
                  max_ticks: int = 160) -> Skill:
    """Pick up dropped stacks around `near` (default: the player): wait a moment for those in
    pickup range, then walk to the others."""
    game = ctx.game
    yield from stop(ctx, 12)
    start = ctx.ticks
    center_pt = near if near is not None else feet_cell(game)
    c = (center_pt[0] + 0.5, center_pt[1] + 0.5, center_pt[2] + 0.5)
    skip: set = set()
    for _ in range(40):
        if ctx.ticks - start >= max_ticks:
            break
        wet = block_tables(game.gd)["water"]
        drops = [p for p in drops_of(game, items, radius=radius + 8)
                 if math.dist(p, c) <= radius and _cell_of(p) not in skip
                 and not wet[game.world.get(*_cell_of(p))]]  # sunk in water: out of reach
        if not drops:
            return True
        p = drops[0]
        cell = _cell_of(p)
        fx, fy, fz = game.feet()
        if abs(p[0] - fx) < 1.3 and abs(p[2] - fz) < 1.3 and fy - 1.0 < p[1] < fy + 2.2:
            yield action()  # in pickup range: it is still in its pickup delay
            continue
        goals = {(cell[0], cell[1] + dy, cell[2]) for dy in (-1, 0, 1)}
        goals |= {(cell[0] + dx, cell[1] + dy, cell[2] + dz) for dx in (-1, 0, 1) for dz in (-1, 0, 1)
                  for dy in (0, 1) if abs(p[0] - cell[0] - dx - 0.5) < 1.0 and abs(p[2] - cell[2] - dz - 0.5) < 1.0}
        t0 = ctx.ticks
        ok = yield from go_to(ctx, goals, toward=[cell], tries=1, max_nodes=6000, margin=6)
        if not ok or ctx.ticks == t0:  # unreachable, or standing there without picking it up
            skip.add(cell)
        yield action()
    return not drops_of(game, items, radius=radius)


def _cell_of(p) -> tuple[int, int, int]:
    return math.floor(p[0]), math.floor(p[1] + 0.2), math.floor(p[2])


# -- placing -----------------------------------------------------------------------------------
def place_spots(game, prefer: float = 2.0) -> list[tuple[int, int, int]]:
    """Cells next to the player at feet level (or one lower/higher) where a block can stand."""
    t = block_tables(game.gd)
    fx, fy, fz = feet_cell(game)
    px, _, pz = game.feet()
    w = game.world
    out = []
    for dx in range(-2, 3):
        for dz in range(-2, 3):
            for dy in (0, -1, 1):
                x, y, z = fx + dx, fy + dy, fz + dz
                if (dx, dz) == (0, 0):
                    continue
                below, cell, above = w.get(x, y - 1, z), w.get(x, y, z), w.get(x, y + 1, z)
                if not t["solid"][below] or t["danger"][below] or not game.replaceable[cell]:
                    continue
                if is_interactive(game.gd.block_name(below)):  # `use` would open / toggle it
                    continue
                if t["water"][cell] or (t["solid"][above] and max(abs(dx), abs(dz)) > 1):
                    continue
                # the player's box must not overlap the cell
                if x - 0.3 < px < x + 1.3 and z - 0.3 < pz < z + 1.3 and dy >= -1:
                    continue
                if not _can_click_top(game, (x, y - 1, z)):
                    continue
                d = math.hypot(x + 0.5 - px, z + 0.5 - pz)
                out.append((abs(d - prefer) + abs(dy) * 0.7, (x, y, z)))
    return [c for _, c in sorted(out)]


def _can_click_top(game, pos) -> bool:
    """Does the ray from the eye to the top face of `pos` hit that face first?"""
    ex, ey, ez = game.eye()
    tx, ty, tz = pos[0] + 0.5, pos[1] + 0.98, pos[2] + 0.5
    v = (tx - ex, ty - ey, tz - ez)
    d = math.sqrt(v[0] ** 2 + v[1] ** 2 + v[2] ** 2)
    if d > 4.4 or d < 1e-6:
        return False
    hit, bx, by, bz, fx, fy, fz, _ = physics.raycast_block(
        game.world.blocks, game.targetable, ex, ey, ez, v[0] / d, v[1] / d, v[2] / d, 4.5)
    if not hit:
        return False
    got = (int(bx), int(by), int(bz))
    above = (pos[0], pos[1] + 1, pos[2])
    return (got == tuple(pos) and int(fy) == 1) or (got == above and bool(game.replaceable[game.world.get(*above)]))


def place_block(ctx: Ctx, item: int, spots: list[tuple[int, int, int]] | None = None) -> Skill:
    """Place one `item` on one of `spots` (default: next to the player); returns the cell or None."""
    game = ctx.game
    if game.inventory.total(item) == 0:
        return None
    if game.gui_open:
        yield from press("ESC")
    yield from stop(ctx)
    if spots is None and not place_spots(game):
        yield from _make_room(ctx)
    for cell in (spots if spots is not None else place_spots(game))[:6]:
        x, y, z = cell
        if not game.replaceable[game.world.get(x, y, z)]:
            continue
        if not (yield from select(ctx, item)):
            return None
        before = game.world.get(x, y, z)
        # aim at the top face of the block below the cell
        pt = (x + 0.5, y - 0.02, z + 0.5)
        if game.targetable[before]:  # a plant in the cell: clicking it replaces it
            pt = (x + 0.5, y + 0.3, z + 0.5)
        if not (yield from look_at(ctx, pt, tol=1.5)):
            continue
        below = (x, y - 1, z)
        if game.target not in (below, cell):
            continue
        yield from press("use")
        if game.world.get(x, y, z) != before:
            return cell
    return None


def _make_room(ctx: Ctx) -> Skill:
    """Dig out a feet-level cell next to the player (in a shaft or tunnel) to place a block in."""
    game = ctx.game
    t = block_tables(game.gd)
    x, y, z = feet_cell(game)
    for dx, dz in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        p = (x + dx, y, z + dz)
        b, below = game.world.get(*p), game.world.get(x + dx, y - 1, z + dz)
        if t["solid"][below] and not t["danger"][below] and not t["keep"][b] and not t["danger"][b]:
            if (yield from break_block(ctx, p)):
                yield from collect_drops(ctx, near=p, max_ticks=40)
                return True
    return False


# -- stations: crafting table, furnace -----------------------------------------------------------
def nearby_station(game, name: str, radius: int = 24) -> tuple[int, int, int] | None:
    got = find_blocks(game, [game.gd.block(name)], radius=radius, limit=1,
                      y_range=(int(game.feet()[1]) - 12, int(game.feet()[1]) + 12))
    return got[0] if got else None


def use_station(ctx: Ctx, name: str) -> Skill:
    """Stand within reach of a `name` block and look at it (placing one from the inventory if
    none is near). Returns its position or None."""
    game = ctx.game
    pos = nearby_station(game, name)
    if pos is None:
        item = game.gd.item(name)
        if game.inventory.total(item) == 0:
            return None
        pos = yield from place_block(ctx, item)
        if pos is None:
            return None
        ctx.placed.append(pos)
    here = feet_cell(game)
    cells = reach_cells(game, pos, reach=3.8)
    if here not in cells:
        if not (yield from go_to(ctx, cells, toward=[pos], tries=3)):
            return None
    yield from stop(ctx)
    ok = yield from aim_at_block(ctx, pos)
    return pos if ok else None


def _face_point(game, pos):
    from .movement import aim_point

    return aim_point(game, pos)


def _clearable(game, tgt, pos) -> bool:
    """A plant or leaves between the eye and `pos`, fine to break out of the way."""
    if tgt is None or tgt == pos:
        return False
    b = game.world.get(*tgt)
    t = block_tables(game.gd)
    name = game.gd.block_name(b)
    soft = (not t["solid"][b] and game.gd.hardness[b] == 0) or name.endswith("_leaves")
    return soft and not t["keep"][b] and tgt[1] >= feet_cell(game)[1]


def aim_at_block(ctx: Ctx, pos, point=None) -> Skill:
    """Look at `pos` until it is the targeted block, breaking plants or leaves in the way."""
    game = ctx.game
    for k in range(4):
        pt = point or (_face_point(game, pos) if k % 2 == 0 else (pos[0] + .5, pos[1] + .5, pos[2] + .5))
        yield from look_at(ctx, pt, tol=1.0)
        if game.target == pos:
            return True
        if _clearable(game, game.target, pos):
            yield from break_block(ctx, game.target)
    return game.target == pos


def pick_up_station(ctx: Ctx, pos: tuple[int, int, int]) -> Skill:
    """Break a station we placed and collect it, to carry it along."""
    game = ctx.game
    if game.world.get(*pos) == 0:
        return True
    cells = reach_cells(game, pos)
    if feet_cell(game) not in cells and not (yield from go_to(ctx, cells, toward=[pos], tries=2)):
        return False
    ok = yield from break_block(ctx, pos)
    if ok:
        yield from collect_drops(ctx, near=pos)
    return ok


# -- using items -------------------------------------------------------------------------------
def use_on(ctx: Ctx, pos: tuple[int, int, int], item: int | None, done: Callable[[], bool],
           point=None, sneak: bool = False, tries: int = 4) -> Skill:
    """Stand near `pos`, hold `item` (None: keep the hand as is, 0: empty-ish hand), look at it
    (or at `point`) and right-click until `done()`."""
    game = ctx.game
    for _ in range(tries):
        if done():
            return True
        cells = reach_cells(game, pos, reach=3.6)
        if feet_cell(game) not in cells and not (yield from go_to(ctx, cells, toward=[pos], tries=2)):
            return False
        yield from stop(ctx)
        if item is not None and not (yield from select(ctx, item)):
            return False
        pt = point or _face_point(game, pos)
        yield from look_at(ctx, pt, tol=1.0, sneak=int(sneak))
        if _clearable(game, game.target, pos):
            yield from break_block(ctx, game.target)
            if item is not None:
                yield from select(ctx, item)
            yield from look_at(ctx, pt, tol=1.0, sneak=int(sneak))
        yield action(sneak=int(sneak))
        yield action(use=1, sneak=int(sneak))
        for _ in range(6):
            if done():
                return True
            yield action(sneak=int(sneak))
    return done()


def eat(ctx: Ctx, foods: Iterable[int] | None = None) -> Skill:
    """Eat one food item from the inventory (holding `use` until it is consumed)."""
    game = ctx.game
    surv = game.systems.get("survival")
    cands = [f for f in (foods if foods is not None else (surv.foods if surv else ())) if game.inventory.total(f)]
    if not cands:
        return False
    food = max(cands, key=lambda f: (surv.foods[f]["points"] if surv else 0))
    if not (yield from select(ctx, food)):
        return False
    yield from look(ctx, -60.0, None, tol=5.0)  # at the sky: no block to use instead
    n = game.inventory.total(food)
    for _ in range(60):
        if game.inventory.total(food) < n:
            yield action()
            return True
        yield action(use=1)
    yield action()
    return False


def drop_items(ctx: Ctx, item: int, n: int = 1) -> Skill:
    for _ in range(n):
        if not (yield from select(ctx, item)):
            return False
        yield from press("drop")
    return True


def dig_out(ctx: Ctx) -> Skill:
    """Break the block right in front at eye level (frees a stuck player)."""
    game = ctx.game
    x, y, z = feet_cell(game)
    for dx, dz in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        p = (x + dx, y + 1, z + dz)
        if game.solid[game.world.get(*p)] and math.dist(game.eye(), (p[0] + .5, p[1] + .5, p[2] + .5)) < REACH:
            return (yield from break_block(ctx, p))
    return (yield from center(ctx))
