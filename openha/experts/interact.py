"""Right-click goals: place blocks, plant, till, fill/empty buckets, light fires, shear sheep,
open doors and containers, sleep in beds (`use_item.X` and `interact_with.X` targets)."""

from __future__ import annotations

import math

from envs.voxel import physics

from . import skills
from .control import Ctx, Skill, action, angles_to, press, turn_towards
from .movement import go_to, select
from .navigation import block_tables, feet_cell
from .perception import find_blocks, mobs_of

SOIL = ("grass_block", "dirt", "coarse_dirt", "podzol")
TILLABLE = ("grass_block", "dirt")


def _top_point(pos):
    return pos[0] + 0.5, pos[1] + 0.98, pos[2] + 0.5


def _air_above(game, pos) -> bool:
    return game.world.get(pos[0], pos[1] + 1, pos[2]) == 0


def _blocks_near(game, names, radius=16, pred=None):
    gd = game.gd
    ids = [gd.block(n) for n in names if n in gd.block_id]
    y = int(game.feet()[1])
    got = find_blocks(game, ids, radius=radius, y_range=(y - 8, y + 8), limit=40)
    return [p for p in got if pred is None or pred(p)]


def use_item(ctx: Ctx, expert, name: str, n: int, done) -> Skill:
    """Reach `use_item.<name>` ≥ n: place, plant, till, fill, pour, ignite, shear or eat."""
    game, gd = ctx.game, ctx.gd
    item = gd.item(name)
    if game.inventory.total(item) == 0:
        yield from expert.obtain(name, 1, None, lambda: game.inventory.total(item) >= 1)
    for _ in range(4 * n + 6):
        if done():
            return True
        if ctx.ticks_left() <= 0 or game.inventory.total(item) == 0:
            return done()
        ok = yield from _use_once(ctx, name, item)
        if not ok:
            yield from _wander(ctx)
    return done()


def _use_once(ctx: Ctx, name: str, item: int) -> Skill:
    game, gd = ctx.game, ctx.gd
    count = game.stats.get(f"use_item.{name}", 0)

    def used() -> bool:
        return game.stats.get(f"use_item.{name}", 0) > count

    if name == "bucket" and not _blocks_near(game, ["water"]) and mobs_of(game, ["cow"]):
        return (yield from use_on_mob(ctx, "cow", item, used))
    if name == "bucket":
        water = _blocks_near(game, ["water"], pred=lambda p: _air_above(game, p))
        if not water:
            return False
        return (yield from skills.use_on(ctx, water[0], item, used, point=_top_point(water[0]), tries=2))
    if name == "shears":
        return (yield from use_on_mob(ctx, "sheep", item, used))
    if name.endswith("_hoe"):
        soil = _blocks_near(game, TILLABLE, radius=8, pred=lambda p: _air_above(game, p))
        if not soil:
            return False
        return (yield from skills.use_on(ctx, soil[0], item, used, point=_top_point(soil[0]), tries=2))
    if name == "flint_and_steel":
        spots = _blocks_near(game, ["netherrack"], radius=8, pred=lambda p: _air_above(game, p))
        spots = spots or _ground_spots(game)
        if not spots:
            return False
        return (yield from skills.use_on(ctx, spots[0], item, used, point=_top_point(spots[0]), tries=2))
    if name in ("wheat_seeds", "beetroot_seeds", "carrot", "potato", "melon_seeds", "pumpkin_seeds"):
        farm = _blocks_near(game, ["farmland"], radius=10, pred=lambda p: _air_above(game, p))
        if not farm:
            hoe = next((i for i in game.inventory.item[:36] if i and gd.item_name(int(i)).endswith("_hoe")), 0)
            soil = _blocks_near(game, TILLABLE, radius=8, pred=lambda p: _air_above(game, p))
            if not hoe or not soil:
                return False
            yield from skills.use_on(ctx, soil[0], int(hoe), lambda: game.world.get(*soil[0]) == gd.block("farmland"),
                                     point=_top_point(soil[0]), tries=2)
            return False
        return (yield from skills.use_on(ctx, farm[0], item, used, point=_top_point(farm[0]), tries=2))
    if name.endswith("_sapling") or name in ("sweet_berries",):
        soil = _blocks_near(game, SOIL, radius=8, pred=lambda p: _air_above(game, p) and p[1] < feet_cell(game)[1])
        soil = [p for p in soil if math.dist(p, feet_cell(game)) > 1.2]
        if not soil:
            return False
        return (yield from skills.use_on(ctx, soil[0], item, used, point=_top_point(soil[0]), tries=2))
    if name == "water_bucket" or name == "lava_bucket":
        spots = _ground_spots(game)
        if not spots:
            return False
        return (yield from skills.use_on(ctx, spots[0], item, used, point=_top_point(spots[0]), tries=2))
    surv = game.systems.get("survival")
    if surv is not None and item in surv.foods:
        return (yield from skills.eat(ctx, [item]))
    if gd.item_to_block[item] > 0:
        cell = yield from skills.place_block(ctx, item)
        return cell is not None and used()
    # anything else: right-click the ground in front
    spots = _ground_spots(game)
    if not spots:
        return False
    return (yield from skills.use_on(ctx, spots[0], item, used, point=_top_point(spots[0]), tries=1))


def _ground_spots(game):
    """Solid blocks next to the player with air above (to use an item on their top face)."""
    t = block_tables(game.gd)
    fx, fy, fz = feet_cell(game)
    out = []
    for dx in (-2, -1, 0, 1, 2):
        for dz in (-2, -1, 0, 1, 2):
            if abs(dx) + abs(dz) < 2:
                continue
            p = (fx + dx, fy - 1, fz + dz)
            b = game.world.get(*p)
            if t["solid"][b] and _air_above(game, p) and game.world.get(p[0], p[1] + 2, p[2]) == 0:
                out.append(p)
    return sorted(out, key=lambda p: abs(math.dist(p, (fx, fy - 1, fz)) - 2.0))


def _wander(ctx: Ctx) -> Skill:
    """Walk a few blocks to find fresh spots."""
    game = ctx.game
    fx, fy, fz = feet_cell(game)
    k = ctx.explore_legs
    ctx.explore_legs += 1
    dx, dz = ((3, 0), (0, 3), (-3, 0), (0, -3))[k % 4]
    yield from go_to(ctx, goal_fn=lambda x, y, z: abs(x - fx - dx) <= 1 and abs(z - fz - dz) <= 1,
                     toward=[(fx + dx, fy, fz + dz)], tries=1, max_nodes=3000, margin=6)
    return True


def use_on_mob(ctx: Ctx, kind: str, item: int, done, max_ticks: int = 600) -> Skill:
    """Walk up to the nearest `kind` and right-click it holding `item`."""
    game = ctx.game
    yield from select(ctx, item)
    for _ in range(max_ticks // 20):
        if done():
            return True
        mobs = mobs_of(game, [kind])
        if not mobs:
            return False
        m = mobs[0]
        cell = (math.floor(m.x), math.floor(m.y + 0.01), math.floor(m.z))
        eye = game.eye()
        center = (m.x, m.y + m.height * 0.5, m.z)
        if math.dist(eye, center) > 2.6:
            goals = {(cell[0] + dx, cell[1] + dy, cell[2] + dz) for dx in (-2, -1, 0, 1, 2)
                     for dz in (-2, -1, 0, 1, 2) for dy in (-1, 0, 1) if abs(dx) + abs(dz) >= 1}
            yield from go_to(ctx, goals, toward=[cell], tries=1, max_nodes=4000, margin=6)
            continue
        for _ in range(20):
            center = (m.x, m.y + m.height * 0.5, m.z)
            pitch, yaw = angles_to(game.eye(), center)
            hit, _ = game.mobs.raycast(game.eye(), physics.look_vector(game.pitch, game.yaw), 3.0)
            yield action(turn_towards(game, pitch, yaw, 30.0), use=int(hit is m))
            if done():
                yield action()
                return True
        yield action()
    return done()


def interact_with(ctx: Ctx, expert, names: list[str], done) -> Skill:
    """Right-click the nearest block of one of `names` (placing one first if none is near)."""
    game, gd = ctx.game, ctx.gd
    name = names[0]
    for _ in range(4):
        if done():
            return True
        found = _blocks_near(game, names, radius=24)
        if not found:
            if name in gd.item_id:
                item = gd.item(name)
                if game.inventory.total(item) == 0:
                    yield from expert.obtain(name, 1, None, lambda item=item: game.inventory.total(item) >= 1)
                yield from skills.place_block(ctx, item)
                continue
            return False
        pos = found[0]
        ok = yield from skills.use_on(ctx, pos, 0, done, tries=3)
        if game.gui_open:
            yield from press("ESC")
        if ok:
            return True
    return done()
