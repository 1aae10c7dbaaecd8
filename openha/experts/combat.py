"""Fighting: approach a mob, keep it in the crosshair, hit it, back off from creepers.

Attacks are only pressed while the view ray really hits the mob (a stray click would start
breaking the ground). Mobs move, so the approach re-plans often and steers straight at the mob
once nothing is in the way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from envs.voxel import physics
from envs.voxel.game import ENTITY_REACH

from .control import Ctx, Skill, action, angles_to, turn_towards
from .movement import find_path, go_to, select, tool_ids
from .navigation import NoPath, block_tables, feet_cell, standable
from .perception import mobs_of

HIT_REACH = ENTITY_REACH - 0.15
CREEPER_NEAR, CREEPER_FAR = 3.08, 3.22  # feet-to-feet band: outside the fuse range, inside reach
SWORDS = ("netherite_sword", "diamond_sword", "iron_sword", "stone_sword", "golden_sword", "wooden_sword")
AXES = ("netherite_axe", "diamond_axe", "iron_axe", "stone_axe", "golden_axe", "wooden_axe")


def best_weapon(game) -> int:
    """The held-able item with the highest attack damage (0 = fist)."""
    best, dmg = 0, 1.0
    for it in {int(i) for i in game.inventory.item[:36] if i}:
        d = float(game.attack_damage[it])
        if d > dmg:
            best, dmg = it, d
    return best


def _mob_center(m) -> tuple[float, float, float]:
    return m.x, m.y + m.height * 0.55, m.z


def _crosshair_mob(game):
    reach = min(ENTITY_REACH, game.target_dist if game.target else ENTITY_REACH)
    hit, _ = game.mobs.raycast(game.eye(), physics.look_vector(game.pitch, game.yaw), reach)
    return hit


def _crosshair_on(game, mob) -> bool:
    return _crosshair_mob(game) is mob


def _creeper_feet_dist(game, mob) -> float:
    return math.dist(game.feet(), (mob.x, mob.y, mob.z))


def _block_in_the_way(game, mob) -> bool:
    """The view ray would hit the mob within reach, but a (non-floor) block comes first."""
    if game.target is None:
        return False
    hit, t = game.mobs.raycast(game.eye(), physics.look_vector(game.pitch, game.yaw), ENTITY_REACH)
    if hit is not mob or game.target_dist >= t:
        return False
    fx, fy, fz = feet_cell(game)
    if game.target[1] < fy:  # never dig the ground out from under us
        return False
    return not block_tables(game.gd)["keep"][game.world.get(*game.target)]


def _clear_line(game, mob) -> bool:
    """Can the player walk straight at the mob (standable cells along the line, ±1 height)?"""
    px, py, pz = game.feet()
    d = math.hypot(mob.x - px, mob.z - pz)
    if abs(mob.y - py) > 1.2:
        return False
    n = max(1, int(d / 0.5))
    y = math.floor(py + 0.01)
    for k in range(1, n + 1):
        x = math.floor(px + (mob.x - px) * k / n)
        z = math.floor(pz + (mob.z - pz) * k / n)
        if not (standable(game, x, y, z) or standable(game, x, y + 1, z) or standable(game, x, y - 1, z)):
            return False
    return True


def fight(ctx: Ctx, mob, max_ticks: int = 600) -> Skill:
    """Attack `mob` until it dies (True) or gets away / time runs out (False)."""
    game = ctx.game
    weapon = best_weapon(game)
    yield from select(ctx, weapon)
    replan_at = -1
    path_steps: list = []
    for t in range(max_ticks):
        if mob.health <= 0 or mob not in game.mobs.mobs:
            return True
        if game.dead:
            return False
        if mob.kind == "creeper":  # deal with the nearest creeper first: it is the danger
            first = mobs_of(game, ["creeper"])[0]
            if first is not mob:
                yield from fight(ctx, first, max_ticks=max_ticks - t)
                continue
        eye = game.eye()
        c = _mob_center(mob)
        dist = math.dist(eye, c)
        pitch, yaw = angles_to(eye, c)
        cam = turn_towards(game, pitch, yaw, limit=30.0)
        keys: dict = {}
        other = _crosshair_mob(game)
        if other is not None and other is not mob and other.hostile and other.hurt_time == 0:
            keys["attack"] = 1  # another monster in the way: hit it too
        elif _crosshair_on(game, mob):
            if mob.hurt_time == 0:
                keys["attack"] = 1
        elif _block_in_the_way(game, mob):
            keys["attack"] = 1  # leaves or a block between us: break it
        if mob.kind == "creeper" and _creeper_feet_dist(game, mob) < 6.0:
            # a creeper lights its fuse within 3 blocks (feet to feet) and, once lit, stands
            # still; the fist/sword reaches 3.3: keep 3.05-3.25 away and hit it from there
            d = min(_creeper_feet_dist(game, m) for m in mobs_of(game, ["creeper"]))
            here = _creeper_feet_dist(game, mob)
            if d < CREEPER_NEAR:
                keys["back"] = 1
            elif here > CREEPER_FAR and _clear_line(game, mob):
                keys["forward"] = 1
                keys["sneak"] = int(here < CREEPER_FAR + 0.8)
        elif dist > HIT_REACH - 0.6:
            if _clear_line(game, mob):
                keys["forward"] = 1
                if dist > 3.5:
                    keys["sprint"] = 1
                    if dist > 5 and abs(((yaw - game.yaw + 180) % 360) - 180) < 20:
                        keys["jump"] = 1  # sprint-jumping is the fastest way to run
                if game.player[physics.H_COLLIDED] > 0:
                    keys["jump"] = 1
            else:
                if t >= replan_at or not path_steps:
                    replan_at = t + 15
                    path_steps = _approach_path(game, mob)
                if path_steps:
                    step = path_steps[0]
                    x, y, z = game.feet()
                    dx, dz = step.cell[0] + 0.5 - x, step.cell[2] + 0.5 - z
                    if math.hypot(dx, dz) < 0.45 and abs(y - step.cell[1]) < 0.6:
                        path_steps.pop(0)
                    else:
                        cam = turn_towards(game, 10.0, math.degrees(math.atan2(-dx, dz)), limit=30.0)
                        keys = {"forward": 1}
                        if step.kind == "up" or game.player[physics.H_COLLIDED] > 0:
                            keys["jump"] = 1
                        if step.dig:  # something to dig: let the general path follower do it
                            yield from go_to(ctx, {step.cell}, tries=1, max_nodes=4000)
                            path_steps = []
                            continue
                else:
                    keys["forward"] = 1
                    keys["jump"] = 1
        elif game.player[physics.IN_WATER] > 0:
            keys["jump"] = 1
        yield action(cam, **keys)
    return mob.health <= 0


def _approach_path(game, mob) -> list:
    goal = (math.floor(mob.x), math.floor(mob.y + 0.01), math.floor(mob.z))
    goals = {(goal[0] + dx, goal[1] + dy, goal[2] + dz) for dx in (-1, 0, 1) for dz in (-1, 0, 1) for dy in (-1, 0, 1)}
    try:
        return list(find_path(game, feet_cell(game), goals, toward=[goal], tools=tool_ids(game),
                              max_nodes=3000, margin=6).steps)
    except NoPath:
        return []


def kill(ctx: Ctx, kinds: Iterable[str], done: Callable[[], bool], search: Callable | None = None) -> Skill:
    """Kill mobs of `kinds` (nearest first) until `done()`; `search` is called (a skill) when
    there are none around."""
    game = ctx.game
    kinds = list(kinds)
    misses = 0
    while not done():
        if ctx.ticks_left() <= 0 or game.dead:
            return False
        mobs = mobs_of(game, kinds)
        if not mobs:
            misses += 1
            if search is None or misses > 6 or not (yield from search()):
                yield action()
                if misses > 6:
                    return False
            continue
        yield from fight(ctx, mobs[0])
    return True


def threats(game, radius: float = 6.0) -> list:
    """Hostile mobs close enough to deal with now."""
    px, py, pz = game.feet()
    out = []
    for m in mobs_of(game, hostile=True):
        d = math.dist((m.x, m.y, m.z), (px, py, pz))
        if d < radius or (m.kind == "skeleton" and d < 12 and m.mode == 2):
            out.append(m)
    return out


def defend(ctx: Ctx, radius: float = 6.0) -> Skill:
    """Fight the nearest threats until none is left near."""
    for _ in range(6):
        near = threats(ctx.game, radius)
        if not near:
            return True
        yield from fight(ctx, near[0], max_ticks=300)
    return not threats(ctx.game, radius)
