"""Right-click interactions for `interact_block`-style tasks: doors, trapdoors and fence gates,
beds, buckets, flint and steel, tilling / path-making / log stripping, planting, shearing sheep
and milking cows. Each bumps `use_item.<item>` and/or `interact_with.<block>`.

Open doors. The world stores one block id per cell and physics collides per id, so a door cannot
be "solid when closed, passable when open" through its id alone. An open door (trapdoor, gate)
is therefore stored as an *air* cell plus an entry in `Interactions.open` (position → the door's
block id and its other half); it is drawn as a thin panel on the hinge edge through
`game.mobs.decor` (the entity render boxes) and stays usable: `use` finds open doors along the
view ray, closes them (restoring the block) unless someone stands in the doorway. Placing a
block into an open doorway forgets the door.
"""

from __future__ import annotations

import numpy as np

from . import physics
from .game import BLOCK_REACH, ENTITY_REACH

PANEL = 3 / 16  # thickness of a door / trapdoor in Minecraft's model
WOOD_RGB = {"oak": (160, 130, 80), "spruce": (105, 80, 50), "birch": (215, 200, 145),
            "jungle": (160, 115, 80), "acacia": (170, 95, 55), "dark_oak": (70, 45, 22),
            "crimson": (110, 50, 75), "warped": (45, 110, 105), "iron": (200, 200, 200)}
SOIL = ("grass_block", "dirt", "coarse_dirt", "podzol", "farmland")
CROPS = {"wheat_seeds": "wheat", "beetroot_seeds": "beetroots", "carrot": "carrots",
         "potato": "potatoes", "melon_seeds": "melon_stem", "pumpkin_seeds": "pumpkin_stem"}
TILLABLE = {"grass_block": "farmland", "dirt": "farmland", "grass_path": "farmland",
            "coarse_dirt": "dirt"}
FIRE_LIFE = (40, 160)  # ticks a fire burns on a block that is not netherrack
NIGHT_SLEEP = (12542, 23460)  # day times at which a bed can be slept in (clear weather)
# Blocks whose right click does something of its own: item uses yield to them (unless sneaking).
_INTERACTIVE = {"crafting_table", "furnace", "blast_furnace", "smoker", "chest", "trapped_chest",
                "barrel", "ender_chest", "anvil", "enchanting_table", "brewing_stand", "lever",
                "loom", "stonecutter", "grindstone", "cartography_table", "smithing_table",
                "note_block", "jukebox", "beacon", "hopper", "dispenser", "dropper", "cake",
                "bell", "lectern", "composter", "repeater", "comparator", "daylight_detector"}
_INTERACTIVE_SUFFIX = ("_door", "_trapdoor", "_fence_gate", "_bed", "_button", "shulker_box")


def is_interactive(name: str) -> bool:
    """Does right-clicking this block do something (open a screen, toggle, sleep…)?"""
    return name in _INTERACTIVE or name.endswith(_INTERACTIVE_SUFFIX)


def _wood(name: str) -> tuple[int, int, int]:
    for prefix, rgb in WOOD_RGB.items():
        if name.startswith(prefix + "_"):
            return rgb
    return WOOD_RGB["oak"]


class Interactions:
    """Open doors, burning fires and the `use` handler of one game."""

    def __init__(self, game):
        gd = game.gd
        self.gd = gd
        names = [b["name"] for b in gd.blocks]
        self.toggles = {i for i, n in enumerate(names)
                        if n.endswith(("_door", "_trapdoor", "_fence_gate")) and not n.startswith("iron_")}
        self.doors = {i for i in self.toggles if names[i].endswith("_door")}
        self.beds = {i for i, n in enumerate(names) if n.endswith("_bed")}
        self.soil = {gd.block(n) for n in SOIL}
        self.farmland = gd.block("farmland")
        self.water, self.lava = gd.block("water"), gd.block("lava")
        self.fire, self.netherrack, self.tnt = gd.block("fire"), gd.block("netherrack"), gd.block("tnt")
        self.fluid_mask = game.targetable.copy()
        self.fluid_mask[[self.water, self.lava]] = True
        self.open: dict[tuple[int, int, int], tuple[int, tuple]] = {}  # pos → (block, group)
        self.fires: dict[tuple[int, int, int], int] = {}  # pos → world_age when it goes out
        self.primed: list[tuple[int, tuple[float, float, float]]] = []  # (explode at, position)

    # -- helpers -------------------------------------------------------------------------------
    @staticmethod
    def _count(game, item: str, block: str | None = None) -> None:
        game.stats[f"use_item.{item}"] += 1
        game.events.append(("use_item", item))
        if block:
            game.stats[f"interact_with.{block}"] += 1
            game.events.append(("interact", block))

    def _swap_held(self, game, new_item: str) -> None:
        """Turn one held item into `new_item` (a bucket filling or emptying), as Minecraft does
        for a stack: one comes off, the new item goes to the inventory or drops."""
        inv, gd = game.inventory, self.gd
        s = inv.selected
        if inv.count[s] <= 1:
            inv.item[s], inv.count[s], inv.damage[s] = gd.item(new_item), 1, 0
            return
        inv.take_from_slot(s, 1)
        if inv.add(gd.item(new_item), 1):
            x, y, z = game.feet()
            game.drops.spawn(x, y + 0.5, z, gd.item(new_item), 1, game.rng)

    def _wear(self, game, amount: int = 1) -> None:
        held = game.inventory.held()
        if held and game.inventory.damage_held(amount):
            game.stats[f"break_item.{self.gd.item_name(held)}"] += 1

    def _place_pos(self, game):
        """Where a block would go: the targeted cell if replaceable, else the face's neighbour."""
        if game.target is None:
            return None
        tx, ty, tz = game.target
        if game.replaceable[game.world.get(tx, ty, tz)]:
            return tx, ty, tz
        fx, fy, fz = game.target_face
        return tx + fx, ty + fy, tz + fz

    def _free(self, game, x: int, y: int, z: int, solid: bool = True) -> bool:
        w = game.world
        return (w.in_bounds(x, y, z) and bool(game.replaceable[w.get(x, y, z)])
                and not (solid and game.box_blocked(x, y, z)))

    def _look(self, game):
        return physics.look_vector(game.pitch, game.yaw)

    def _facing(self, game) -> tuple[int, int]:
        """The horizontal axis direction the player faces: (±1, 0) or (0, ±1)."""
        dx, _, dz = self._look(game)
        return ((1 if dx > 0 else -1), 0) if abs(dx) > abs(dz) else (0, (1 if dz > 0 else -1))

    # -- the use handler ---------------------------------------------------------------------
    def use(self, game) -> bool:
        gd, w = self.gd, game.world
        held = game.inventory.held()
        name = gd.item_name(held) if held else ""
        if name in ("shears", "bucket") and self._use_on_mob(game, name):
            return True
        if self.open and self._close_open_door(game):
            return True
        target_name = gd.block_name(w.get(*game.target)) if game.target else ""
        sneaking = game.sneaking and held > 0
        if game.target is not None and not sneaking:
            block = w.get(*game.target)
            if block in self.toggles:
                self._open_door(game, game.target, block)
                return True
            if block in self.beds:
                self._sleep(game, game.target, target_name)
                return True
            if target_name == "lever" or target_name.endswith("_button"):
                # flipped / pressed (redstone power is not simulated); counted like MC's `use`
                game.stats[f"interact_with.{target_name}"] += 1
                return True
        if name in ("bucket", "water_bucket", "lava_bucket"):
            return self._bucket(game, name)
        if game.target is None or (is_interactive(target_name) and not sneaking):
            return False
        if name == "flint_and_steel":
            return self._ignite(game)
        if name.endswith("_hoe"):
            return self._till(game, name, target_name)
        if name.endswith("_shovel") and target_name == "grass_block" and game.target_face[1] >= 0:
            return self._convert(game, name, "grass_path")
        if name.endswith("_axe") and f"stripped_{target_name}" in gd.block_id and (
                target_name.endswith(("_log", "_wood", "_stem", "_hyphae"))):
            return self._convert(game, name, f"stripped_{target_name}")
        if name in CROPS or name.endswith("_sapling") or name == "sweet_berries":
            return self._plant(game, name)
        if name.endswith(("_door", "_bed")) and held and gd.item_to_block[held] > 0:
            return self._place_tall(game, name, int(gd.item_to_block[held]))
        return False

    # doors
    def _open_door(self, game, pos, block) -> None:
        x, y, z = pos
        group = [pos]
        if block in self.doors:  # a door is two blocks tall: take the other half with it
            for dy in (1, -1):
                if game.world.get(x, y + dy, z) == block:
                    group.append((x, y + dy, z))
                    break
        fx, fz = self._facing(game)
        rgb = _wood(self.gd.block_name(block))
        for cx, cy, cz in group:
            game.world.set(cx, cy, cz, 0)
            self.open[(cx, cy, cz)] = (block, tuple(group))
            if fx:  # facing along x: the closed door spanned z; it swings to lie along x
                box = (cx, cy, cz, cx + 1, cy + 1, cz + PANEL)
            else:
                box = (cx, cy, cz, cx + PANEL, cy + 1, cz + 1)
            game.mobs.decor[("door", cx, cy, cz)] = np.array([*box, *rgb], np.float32)
        name = self.gd.block_name(block)
        game.stats[f"interact_with.{name}"] += 1
        game.events.append(("interact", name, "open"))

    def _close_open_door(self, game) -> bool:
        """Close the nearest open door along the view ray, if closer than the targeted block."""
        ex, ey, ez = game.eye()
        d = self._look(game)
        best, best_t = None, (game.target_dist if game.target else BLOCK_REACH)
        for pos in list(self.open):
            t = _ray_cell(ex, ey, ez, d, pos)
            if t is not None and t < best_t:
                best, best_t = pos, t
        if best is None:
            return False
        block, group = self.open[best]
        if any(game.world.get(*p) != 0 or game.box_blocked(*p) for p in group):
            return True  # someone stands in the doorway (or it was built over): nothing happens
        for p in group:
            game.world.set(*p, block)
            self.open.pop(p, None)
            game.mobs.decor.pop(("door", *p), None)
        name = self.gd.block_name(block)
        game.stats[f"interact_with.{name}"] += 1
        game.events.append(("interact", name, "close"))
        return True

    # beds
    def _sleep(self, game, pos, name: str) -> None:
        x, y, z = pos
        game.spawnpoint = (x + 0.5, y + 1.0, z + 0.5)
        game.stats[f"interact_with.{name}"] += 1
        night = NIGHT_SLEEP[0] <= game.day_time < NIGHT_SLEEP[1] or game.weather == "thunder"
        if not night:
            game.events.append(("bed", "respawn_point_set"))
            return
        if any(m.hostile and abs(m.x - x - 0.5) < 8 and abs(m.z - z - 0.5) < 8 and abs(m.y - y) < 5
               for m in game.mobs.mobs):
            game.events.append(("bed", "monsters_nearby"))
            return
        game.day_time = 0  # everyone slept: the next morning (Minecraft wakes at time 0)
        game.weather = "clear"
        game.stats["custom.sleep_in_bed"] += 1
        game.events.append(("sleep", name))

    # two-block placements: doors (upright), beds (along the view)
    def _place_tall(self, game, name: str, block: int) -> bool:
        p = self._place_pos(game)
        if p is None:
            return True
        x, y, z = p
        if name.endswith("_door"):
            other = (x, y + 1, z)
        else:
            fx, fz = self._facing(game)
            other = (x + fx, y, z + fz)
        if not (self._free(game, x, y, z) and self._free(game, *other)):
            return True
        game.world.set(x, y, z, block)
        game.world.set(*other, block)
        game.inventory.take_from_slot(game.inventory.selected, 1)
        self._count(game, name)
        return True

    # entities
    def _use_on_mob(self, game, name: str) -> bool:
        reach = min(ENTITY_REACH, game.target_dist if game.target else ENTITY_REACH)
        mob, _ = game.mobs.raycast(game.eye(), self._look(game), reach)
        if mob is None:
            return False
        if name == "shears" and mob.kind == "sheep" and not mob.sheared:
            from .mobs import WOOL

            mob.sheared = True
            wool = self.gd.item(f"{WOOL[mob.color]}_wool")
            for _ in range(int(game.rng.integers(1, 4))):
                game.drops.spawn(mob.x, mob.y + 1.0, mob.z, wool, 1, game.rng,
                                 vel=(game.rng.uniform(-0.1, 0.1), 0.2, game.rng.uniform(-0.1, 0.1)))
            self._wear(game)
            self._count(game, "shears")
            game.events.append(("shear", mob.kind))
            return True
        if name == "bucket" and mob.kind == "cow":
            self._swap_held(game, "milk_bucket")
            self._count(game, "bucket")
            game.events.append(("milk", mob.kind))
            return True
        return False

    # buckets
    def _bucket(self, game, name: str) -> bool:
        w = game.world
        ex, ey, ez = game.eye()
        dx, dy, dz = self._look(game)
        if name == "bucket":
            hit, bx, by, bz, *_ = physics.raycast_block(w.blocks, self.fluid_mask, ex, ey, ez,
                                                        dx, dy, dz, BLOCK_REACH)
            if not hit:
                return True
            b = w.get(int(bx), int(by), int(bz))
            if b not in (self.water, self.lava):
                return not is_interactive(self.gd.block_name(b))
            w.set(int(bx), int(by), int(bz), 0)
            self._swap_held(game, "water_bucket" if b == self.water else "lava_bucket")
            self._count(game, "bucket")
            return True
        if game.target is not None and is_interactive(self.gd.block_name(w.get(*game.target))) \
                and not game.sneaking:
            return False
        p = self._place_pos(game)
        if p is None or not self._free(game, *p, solid=False):
            return True
        w.set(*p, self.water if name == "water_bucket" else self.lava)
        self._swap_held(game, "bucket")
        self._count(game, name)
        return True

    # fire
    def _ignite(self, game) -> bool:
        w = game.world
        if w.get(*game.target) == self.tnt:
            w.set(*game.target, 0)
            x, y, z = game.target
            self.primed.append((game.world_age + 80, (x + 0.5, y, z + 0.5)))
        else:
            fx, fy, fz = game.target_face
            tx, ty, tz = game.target
            p = (tx + fx, ty + fy, tz + fz)
            if not w.in_bounds(*p) or w.get(*p) != 0:
                return True
            w.set(*p, self.fire)
            if w.get(p[0], p[1] - 1, p[2]) != self.netherrack:
                lo, hi = FIRE_LIFE
                self.fires[p] = game.world_age + int(game.rng.integers(lo, hi))
        self._wear(game)
        self._count(game, "flint_and_steel")
        return True

    # farming
    def _till(self, game, name: str, target_name: str) -> bool:
        if target_name not in TILLABLE or game.target_face[1] < 0:
            return False
        x, y, z = game.target
        if game.world.get(x, y + 1, z) != 0:
            return False
        return self._convert(game, name, TILLABLE[target_name])

    def _convert(self, game, tool: str, new_block: str) -> bool:
        game.world.set(*game.target, self.gd.block(new_block))
        self._wear(game)
        self._count(game, tool)
        return True

    def _plant(self, game, name: str) -> bool:
        gd = self.gd
        p = self._place_pos(game)
        block = gd.block(CROPS.get(name, "sweet_berry_bush" if name == "sweet_berries" else name))
        ok = p is not None and self._free(game, *p, solid=False)
        if ok:
            below = game.world.get(p[0], p[1] - 1, p[2])
            ok = below == self.farmland if name in CROPS else below in self.soil
        if not ok:  # not plantable here: food (carrot, potato, berries) may still be eaten
            return name not in gd.foods
        game.world.set(*p, block)
        game.inventory.take_from_slot(game.inventory.selected, 1)
        self._count(game, name)
        return True

    # -- per tick: forget built-over doorways, put out fires, light primed TNT ------------------
    def tick(self, game) -> None:
        t = game.world_age
        if self.primed and self.primed[0][0] <= t:
            from .mob_ai import explode

            while self.primed and self.primed[0][0] <= t:
                _, (x, y, z) = self.primed.pop(0)
                explode(game, x, y, z, 4.0, "tnt")
        if t % 10:
            return
        w = game.world
        for pos in [p for p in self.open if w.get(*p) != 0]:
            self.open.pop(pos)
            game.mobs.decor.pop(("door", *pos), None)
        for pos in [p for p, end in self.fires.items() if end <= t]:
            if w.get(*pos) == self.fire:
                w.set(*pos, 0)
            self.fires.pop(pos)


def _ray_cell(ex, ey, ez, d, pos) -> float | None:
    """Distance along the ray to the unit cell at `pos` (slab test), None if missed."""
    t0, t1 = 0.0, BLOCK_REACH
    for o, v, c in zip((ex, ey, ez), d, pos, strict=True):
        if abs(v) < 1e-12:
            if not c <= o <= c + 1:
                return None
            continue
        a, b = (c - o) / v, (c + 1 - o) / v
        t0, t1 = max(t0, min(a, b)), min(t1, max(a, b))
    return t0 if t0 <= t1 else None


def install(game) -> None:
    it = Interactions(game)
    game.systems["interactions"] = it
    game.use_handlers.append(it.use)
    game.tick_systems.append(it.tick)

