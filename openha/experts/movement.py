"""Acting on the world through env actions: hold the right item, break a block, walk a path.

`go_to` plans with `navigation.find_path`, follows the path tick by tick (turning the camera,
pressing forward/jump, digging what is in the way, pillaring) and re-plans when the player gets
knocked off course or stuck.
"""

from __future__ import annotations

import math

from envs.voxel import physics

from .control import (
    Ctx,
    Skill,
    action,
    aim_error,
    angles_to,
    horizontal_speed,
    in_water,
    look,
    on_ground,
    turn_towards,
)
from .navigation import NoPath, Path, PathStep, block_tables, feet_cell, find_path

REACH = 4.3  # a little under the game's 4.5
HOTBAR = 9


# -- inventory ---------------------------------------------------------------------------------
def hotbar_slot_of(game, item: int) -> int:
    inv = game.inventory
    best, best_dmg = -1, 10**9
    for s in range(HOTBAR):
        if inv.item[s] == item and inv.damage[s] < best_dmg:
            best, best_dmg = s, int(inv.damage[s])
    return best


def _spare_hotbar_slot(game, keep: set[int]) -> int:
    """A hotbar slot to overwrite: empty first, else one holding a plain block or junk."""
    inv, gd = game.inventory, game.gd
    for s in range(HOTBAR):
        if inv.item[s] == 0:
            return s
    for s in range(HOTBAR - 1, -1, -1):
        if int(inv.item[s]) not in keep and gd.max_durability[int(inv.item[s])] == 0:
            return s
    return HOTBAR - 1


def select(ctx: Ctx, item: int | None, keep: set[int] = frozenset()) -> Skill:
    """Hold `item` (an item id; None or 0 = an empty or harmless hand). Moves it from the main
    inventory into the hotbar through the inventory screen when needed."""
    game = ctx.game
    inv = game.inventory
    if not item:
        if inv.held() == 0 or (game.gd.max_durability[inv.held()] == 0 and game.gd.item_to_block[inv.held()] < 0):
            return True
        for s in range(HOTBAR):
            it = int(inv.item[s])
            if it == 0 or (game.gd.max_durability[it] == 0 and game.gd.item_to_block[it] < 0):
                yield action(**{f"hotbar.{s + 1}": 1})
                return True
        return True  # nothing harmless to hold: any item mines at hand speed
    if inv.held() == item:
        return True
    s = hotbar_slot_of(game, item)
    if s < 0:
        if inv.total(item) == 0:
            return False
        s = _spare_hotbar_slot(game, keep | {item})
        yield from to_hotbar(ctx, item, s)
        if int(inv.item[s]) != item:
            return False
    yield action(**{f"hotbar.{s + 1}": 1})
    return inv.held() == item


def to_hotbar(ctx: Ctx, item: int, slot: int) -> Skill:
    """Open the inventory, hover the stack of `item` and press hotbar.N (Minecraft's swap key)."""
    from envs.voxel.gui.planner import _Emitter  # the GUI engineer's click simulator

    game = ctx.game
    em = _Emitter(game)
    if em.screen is not None:
        em.close()
    em.open("inventory")
    src = -1
    for k in em.screen.player_slots():
        it, n, _ = em.screen.content(k)
        if it == item and em.screen.slots[k].role == "main":
            src = k
            break
    if src < 0:
        return False
    em.move_to(src)
    em.press(f"hotbar.{slot + 1}")
    em.close()
    yield from em.actions
    return True


def best_tool(game, block: int) -> int:
    """The held-able item that breaks `block` fastest (0 = the hand), harvesting it if it needs
    a tool; ties go to the hand so tools are not worn for nothing."""
    gd, inv = game.gd, game.inventory
    best, best_t = 0, gd.break_ticks(block, -1)
    needs = gd.harvest_tools.get(block)
    if needs:
        best_t = 10**9
    for it in sorted({int(i) for i in inv.item[:36] if i}):
        if gd.max_durability[it] == 0 and not needs:
            continue
        if needs and it not in needs:
            continue
        t = gd.break_ticks(block, it)
        if 0 <= t < best_t:
            best, best_t = it, t
    return best


def can_harvest(game, block: int) -> bool:
    needs = game.gd.harvest_tools.get(block)
    return not needs or any(int(i) in needs for i in game.inventory.item[:36] if i)


def tool_ids(game) -> list[int]:
    gd = game.gd
    return sorted({int(i) for i in game.inventory.item[:36] if i and gd.max_durability[int(i)] > 0})


# -- breaking ----------------------------------------------------------------------------------
def aim_point(game, pos: tuple[int, int, int]) -> tuple[float, float, float]:
    """A point on `pos` the player can hit: the centre of the nearest exposed face whose ray from
    the eye reaches the block first; the block centre otherwise."""
    x, y, z = pos
    ex, ey, ez = game.eye()
    solid = game.solid
    best, best_d = (x + 0.5, y + 0.5, z + 0.5), 1e9
    for fx, fy, fz in ((1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1)):
        if solid[game.world.get(x + fx, y + fy, z + fz)]:
            continue
        p = (x + 0.5 + fx * 0.49, y + 0.5 + fy * 0.49, z + 0.5 + fz * 0.49)
        v = (p[0] - ex, p[1] - ey, p[2] - ez)
        d = math.sqrt(v[0] ** 2 + v[1] ** 2 + v[2] ** 2)
        if d < 1e-6 or d > 4.6:
            continue
        if (v[0] * fx + v[1] * fy + v[2] * fz) > 0:  # the face looks away from the eye
            continue
        hit, bx, by, bz, *_ = physics.raycast_block(game.world.blocks, game.targetable, ex, ey, ez,
                                                    v[0] / d, v[1] / d, v[2] / d, 4.5)
        if hit and (bx, by, bz) == (x, y, z) and d < best_d:
            best, best_d = p, d
    return best


def break_block(ctx: Ctx, pos: tuple[int, int, int], max_ticks: int | None = None) -> Skill:
    """Break the block at `pos` (and anything between it and the eye), with the best tool held."""
    game = ctx.game
    w = game.world
    block = w.get(*pos)
    if block == 0 or not game.targetable[block]:
        return True
    ticks = game.gd.break_ticks(block, best_tool(game, block))
    if ticks < 0:
        return False
    yield from select(ctx, best_tool(game, block))
    limit = max_ticks or (ticks * 3 + 80)
    feet = feet_cell(game)
    floor = (feet[0], feet[1] - 1, feet[2])
    for _ in range(limit):
        cur = w.get(*pos)
        if cur == 0 or not game.targetable[cur]:
            yield from _settle()
            return True
        if cur != block:  # something else now (a plant grew, a placed block): re-pick the tool
            block = cur
            yield from select(ctx, best_tool(game, block))
        ex, ey, ez = game.eye()
        if math.dist((ex, ey, ez), (pos[0] + 0.5, pos[1] + 0.5, pos[2] + 0.5)) > REACH + 0.9:
            return False
        pitch, yaw = angles_to(game.eye(), aim_point(game, pos))
        err = aim_error(game, pitch, yaw)
        cam = turn_towards(game, pitch, yaw)
        tgt = game.target
        ok = tgt is not None and err < 2.5 and (tgt == pos or (tgt != floor and _in_the_way(game, tgt)))
        if ok and tgt != pos and tgt != floor:
            b = w.get(*tgt)
            if game.gd.break_ticks(b, game.inventory.held()) < 0:
                ok = False
        yield action(cam, attack=int(ok))
    return w.get(*pos) == 0


def _in_the_way(game, tgt) -> bool:
    kept = block_tables(game.gd)["keep"]
    return not kept[game.world.get(*tgt)]


def _settle() -> Skill:
    yield action()


# -- walking -----------------------------------------------------------------------------------
def stop(ctx: Ctx, max_ticks: int = 20) -> Skill:
    """Let the player come to rest."""
    for _ in range(max_ticks):
        if horizontal_speed(ctx.game) < 0.01 and (on_ground(ctx.game) or in_water(ctx.game)):
            return True
        yield action()
    return True


def center(ctx: Ctx, tol: float = 0.18, max_ticks: int = 60) -> Skill:
    """Sneak-walk to the centre of the current feet cell (for digging down, pillaring)."""
    game = ctx.game
    cx, _, cz = feet_cell(game)
    for _ in range(max_ticks):
        x, _, z = game.feet()
        dx, dz = cx + 0.5 - x, cz + 0.5 - z
        if math.hypot(dx, dz) < tol and horizontal_speed(game) < 0.02:
            return True
        yield action(**_keys_towards(game, dx, dz, tol), sneak=1)
    return False


def _keys_towards(game, dx: float, dz: float, tol: float) -> dict:
    """Movement keys (relative to the current yaw) that push towards world offset (dx, dz)."""
    yaw = math.radians(game.yaw)
    fwd = -dx * math.sin(yaw) + dz * math.cos(yaw)  # along the view
    left = dx * math.cos(yaw) + dz * math.sin(yaw)  # Minecraft's strafe-left axis
    keys = {}
    if fwd > tol * 0.5:
        keys["forward"] = 1
    elif fwd < -tol * 0.5:
        keys["back"] = 1
    if left > tol * 0.5:
        keys["left"] = 1
    elif left < -tol * 0.5:
        keys["right"] = 1
    return keys


def walk_step(ctx: Ctx, step: PathStep, tol: float = 0.45, precise: bool = False) -> Skill:
    """Move the player's feet into `step.cell` (after its blocks were dug)."""
    game = ctx.game
    cx, cy, cz = step.cell
    tx, tz = cx + 0.5, cz + 0.5
    best, stuck = 1e9, 0
    for _ in range(200):
        x, y, z = game.feet()
        dx, dz = tx - x, tz - z
        dist = math.hypot(dx, dz)
        level = abs(y - cy) < 0.55 or (in_water(game) and y > cy - 1.2 and y < cy + 0.9)
        settled = on_ground(game) or in_water(game)
        wet = in_water(game)
        if wet:
            precise = False  # nobody stands still in water: pass through the cell
        if dist < (0.2 if precise else (0.6 if wet else tol)) and level and settled:
            return True
        if dist + abs(y - cy) < best - 0.05:
            best, stuck = dist + abs(y - cy), 0
        else:
            stuck += 1
            if stuck > 40:
                return False
        yaw = math.degrees(math.atan2(-dx, dz)) if dist > 0.25 else None
        cam = turn_towards(game, 12.0, yaw)
        err = abs(((yaw - game.yaw + 180) % 360) - 180) if yaw is not None else 0.0
        keys: dict = {}
        if dist > 0.25 and err < 50:
            keys["forward"] = 1
        elif dist <= 0.25 or (precise and dist < 0.6):
            keys = _keys_towards(game, dx, dz, 0.1)
            keys["sneak"] = 1
        if (step.kind == "up" and dist < 1.4) or (in_water(game) and (cy >= y - 0.3 or game.eye_in_water())):
            keys["jump"] = 1
        if precise and dist < 0.8:
            keys["sneak"] = 1
        yield action(cam, **keys)
    return False


def pillar_step(ctx: Ctx, step: PathStep, blocks: list[int]) -> Skill:
    """Jump and place a block under the feet: rise one block."""
    game = ctx.game
    item = next((b for b in blocks if game.inventory.total(b) > 0), 0)
    if not item:
        return False
    if not (yield from center(ctx)):
        return False
    yield from select(ctx, item)
    if not (yield from look(ctx, 90.0, None, tol=2.0)):
        return False
    x, y, z = step.place
    for _ in range(40):
        if game.world.get(x, y, z) != 0 and game.solid[game.world.get(x, y, z)]:
            break
        fy = game.feet()[1]
        place = fy > y + 1.02 and game.target == (x, y - 1, z)
        yield action(jump=1, use=int(place))
    else:
        return False
    for _ in range(20):
        if on_ground(game):
            return True
        yield action()
    return True


def dig_down_step(ctx: Ctx, step: PathStep) -> Skill:
    game = ctx.game
    if not (yield from center(ctx)):
        return False
    if not (yield from break_block(ctx, step.dig[0])):
        return False
    for _ in range(30):
        if on_ground(ctx.game) and feet_cell(game)[1] <= step.cell[1]:
            return True
        yield action()
    return feet_cell(game) == step.cell


def follow(ctx: Ctx, path: Path, precise_end: bool = False, blocks: list[int] = ()) -> Skill:
    """Walk `path`; False as soon as a step fails (the caller re-plans)."""
    game = ctx.game
    n = len(path.steps)
    for k, step in enumerate(path.steps):
        for c in sorted(step.dig, key=lambda c: -c[1]):
            if step.kind != "dig_down" and not (yield from break_block(ctx, c)):
                return False
        if step.kind == "pillar":
            ok = yield from pillar_step(ctx, step, list(blocks))
        elif step.kind == "dig_down":
            ok = yield from dig_down_step(ctx, step)
        else:
            nxt = path.steps[k + 1] if k + 1 < n else None
            precise = (precise_end and k == n - 1) or (nxt is not None and nxt.kind in ("dig_down", "pillar"))
            ok = yield from walk_step(ctx, step, precise=precise)
        if not ok:
            return False
        if feet_cell(game) != step.cell and math.dist(game.feet(), (step.cell[0] + .5, step.cell[1], step.cell[2] + .5)) > 1.2:
            return False
    return True


def placeable_blocks(game) -> list[int]:
    """Cheap full blocks in the inventory to pillar or bridge with."""
    gd = game.gd
    names = ("dirt", "cobblestone", "netherrack", "stone", "andesite", "diorite", "granite", "sand",
             "gravel", "coarse_dirt", "oak_planks", "spruce_planks", "birch_planks")
    return [gd.item(n) for n in names if game.inventory.total(gd.item(n)) > 0]


def go_to(ctx: Ctx, goals=(), goal_fn=None, toward=(), *, precise_end: bool = False,
          tries: int = 4, max_nodes: int = 40000, dig: bool = True, margin: int = 10,
          rock: float | None = None) -> Skill:
    """Plan and walk to any goal cell (re-planning up to `tries` times). True on arrival."""
    game = ctx.game
    goals = set(goals)
    for _attempt in range(tries):
        here = feet_cell(game)
        if here in goals or (goal_fn is not None and goal_fn(*here)):
            if precise_end:
                yield from center(ctx)
            return True
        blocks = placeable_blocks(game)
        if rock is None:
            rock_cost = rock_cost_for(game, here, toward or goals)
        else:
            rock_cost = rock
        try:
            path = find_path(game, here, goals, goal_fn, toward, tools=tool_ids(game), dig=dig,
                             pillar_blocks=sum(game.inventory.total(b) for b in blocks),
                             max_nodes=max_nodes, margin=margin, rock=rock_cost)
        except NoPath as e:
            ctx.note(f"no path: {e}")
            if not (yield from _unstick(ctx)):
                return False
            continue
        ok = yield from follow(ctx, path, precise_end, blocks)
        if ok:
            return True
        yield from stop(ctx, 10)
    return False


def rock_cost_for(game, here, targets) -> float:
    """Expected cost of clearing one cell when the targets lie deep below the surface (0 when
    they are at or near the surface: walking dominates there)."""
    pts = list(targets)[:8]
    if not pts:
        return 0.0
    deep = False
    for p in pts:
        x, y, z = (math.floor(v) for v in p)
        if game.world.surface_y(x, z) - y > 4 and here[1] - y > 3:
            deep = True
            break
    if not deep:
        return 0.0
    stone = game.gd.block("stone")
    t = game.gd.break_ticks(stone, best_tool(game, stone))
    return float(t + 10)


def _unstick(ctx: Ctx) -> Skill:
    """Jump in place a little (out of a hole, off a ledge) before re-planning."""
    for _ in range(6):
        yield action(jump=1)
    return True
