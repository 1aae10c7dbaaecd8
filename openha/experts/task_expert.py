"""The task-level expert: turns a task's success condition into skills, using the recipe graph.

For every target of `task.success` (`mine_block.X`, `craft_item.X`, `kill_entity.X`, `pickup.X`,
`use_item.X`, `interact_with.X`, `drop.X`, `inventory.X` …) it runs the matching skill; items are
obtained by re-planning with `recipe_graph.requirements` from the current inventory after every
step (logs → planks → sticks → table → wooden pickaxe → cobblestone → stone pickaxe → iron ore →
furnace → ingots → pickaxe), so extra drops, broken tools and detours never derail it.
"""

from __future__ import annotations

from collections import Counter

from openha.tasks.recipe_graph import Unobtainable, default_graph

from . import combat, gui_skills, skills
from .control import Ctx, Skill, action
from .exploration import explore
from .interact import interact_with, use_item
from .movement import can_harvest
from .perception import drops_of, mobs_of

# Minecraft's custom statistics that count using a block (minecraft:custom / <name>)
CUSTOM_BLOCKS = {"open_chest": "chest", "open_barrel": "barrel", "trigger_trapped_chest": "trapped_chest",
                 "sleep_in_bed": "bed", "play_noteblock": "note_block", "play_record": "jukebox"}
LOGS = ("oak_log", "birch_log", "spruce_log", "jungle_log", "acacia_log", "dark_oak_log")
WOOD_PREFIXES = ("oak", "birch", "spruce", "jungle", "acacia", "dark_oak")
OTHER_WOODS = ("dark_oak_", "birch_", "spruce_", "jungle_", "acacia_")  # dark_oak before oak


def canonical_wood(inv: dict[str, int], item_ids) -> dict[str, int]:
    """The inventory with every wood variant counted as oak (`spruce_log` → `oak_log`): the
    recipe graph plans with oak, and any planks make sticks, tables and tools."""
    out: dict[str, int] = {}
    for name, n in inv.items():
        for w in OTHER_WOODS:
            if name.startswith(w) and "oak_" + name[len(w):] in item_ids:
                name = "oak_" + name[len(w):]
                break
        out[name] = out.get(name, 0) + n
    return out


def wood_variants(name: str) -> list[str]:
    """`oak_planks` → [oak_planks, birch_planks, spruce_planks, …] (the name alone otherwise)."""
    if not name.startswith("oak_"):
        return [name]
    rest = name[len("oak_"):]
    return [name] + [w + rest for w in OTHER_WOODS]


class TaskExpert:
    """Solves one task in one env (privileged); `run()` is the skill to step through."""

    def __init__(self, ctx: Ctx):
        self.ctx = ctx
        self.game = ctx.game
        self.gd = ctx.gd
        self.graph = default_graph()
        self.goal_items: set[str] = set()
        self.wood_specific = False  # the goal names a wood type: plan with exact names

    # -- helpers -------------------------------------------------------------------------------
    def stat(self, key: str) -> int:
        return int(self.game.stats.get(key, 0))

    def inv(self) -> dict[str, int]:
        return self.game.inventory.as_dict()

    def have(self, item: str) -> int:
        return self.game.inventory.total(self.gd.item(item)) if item in self.gd.item_id else 0

    def run(self) -> Skill:
        task = self.ctx.task
        targets = task.success.targets()
        self.goal_items = {name for _, name, _ in targets}
        self.wood_specific = any(g.startswith(WOOD_PREFIXES) for g in self.goal_items)
        for _attempt in range(12):
            for kind, name, n in targets:
                ok = yield from self.achieve(kind, name, n)
                if not ok:
                    self.ctx.note(f"failed: {kind}.{name} x{n}")
            if task.success.check(self.game.stats, self.inv()) or self.ctx.ticks_left() <= 0:
                break
            yield from explore(self.ctx, [], None, ())  # somewhere else may work better
        while True:  # done (or given up): stand still
            yield action()

    def achieve(self, kind: str, name: str, n: int) -> Skill:
        ctx = self.ctx
        ctx.note(f"goal {kind}.{name} x{n}")
        if kind == "inventory":
            return (yield from self.obtain(name, n, None, lambda: self.have(name) >= n))
        key = f"{kind}.{name}"

        def done() -> bool:
            return self.stat(key) >= n

        if done():
            return True
        if kind == "mine_block":
            return (yield from self.mine_target(name, done))
        if kind in ("craft_item", "smelt_item"):
            return (yield from self.obtain(name, n, kind.split("_")[0], done))
        if kind == "kill_entity":
            return (yield from self.kill_target(name, done))
        if kind == "pickup":
            if self.have(name) and not self.graph.sources(name):
                yield from skills.drop_items(ctx, self.gd.item(name), 1)
                return (yield from skills.collect_drops(ctx))
            return (yield from self.obtain(name, n, "gather", done))
        if kind == "use_item":
            return (yield from use_item(ctx, self, name, n, done))
        if kind == "interact_with":
            return (yield from interact_with(ctx, self, [name], done))
        if kind == "drop":
            item = self.gd.item(name)
            if not self.have(name):
                yield from self.obtain(name, n, None, lambda: self.have(name) >= n)
            return (yield from skills.drop_items(ctx, item, n - self.stat(key)))
        if kind == "custom":
            block = CUSTOM_BLOCKS.get(name) or (name[len("interact_with_"):] if name.startswith("interact_with_") else None)
            if block == "bed":
                beds = [b["name"] for b in self.gd.blocks if b["name"].endswith("_bed")]
                return (yield from interact_with(ctx, self, beds, done))
            if block is not None:
                return (yield from interact_with(ctx, self, [block], done))
        ctx.note(f"don't know how to reach {key}")
        return False

    # -- mining a named block ------------------------------------------------------------------
    def mine_target(self, block: str, done) -> Skill:
        bid = self.gd.block(block)
        where = self.graph.where_of(block)
        tool = self.graph.min_tool(block)
        if tool and not can_harvest(self.game, bid) and self.graph.harvest_tools(block):
            # mining counts without the tool, but this needs one to break in time
            slow = self.gd.break_ticks(bid, -1)
            if slow < 0 or slow > 400:
                yield from self.obtain(tool, 1, None, lambda: self.have(tool) >= 1)
        y_range = where.y if where is not None and where.kind == "underground" else None
        biomes = where.biomes if where is not None else ()
        return (yield from skills.mine(self.ctx, [bid], done, y_range=y_range, biomes=biomes))

    def kill_target(self, kind: str, done) -> Skill:
        weapon = combat.best_weapon(self.game)
        if weapon == 0 and self.ctx.task is not None and self.ctx.task.family == "long_horizon":
            pass  # fists are fine for a chicken; tasks hand out weapons where needed

        def search() -> Skill:
            return (yield from explore(self.ctx, [], None, ()))

        ok = yield from combat.kill(self.ctx, [kind], done, search=search)
        yield from skills.collect_drops(self.ctx, radius=5.0)
        return ok

    # -- obtaining items through the recipe graph ----------------------------------------------
    def placed_stations(self) -> dict[str, int]:
        out = {}
        for name in skills.STATIONS:
            if skills.nearby_station(self.game, name, radius=20) is not None:
                out[name] = 1
        return out

    def obtain(self, item: str, n: int, via: str | None, done) -> Skill:
        """Re-plan from the current inventory and run the plan's first step until `done()`."""
        ctx = self.ctx
        base = {"craft": f"craft_item.{item}", "smelt": f"smelt_item.{item}", "gather": f"pickup.{item}"}.get(via or "")
        start = self.stat(base) if base else 0
        failures = Counter()
        for _ in range(80):
            if done():
                return True
            if ctx.ticks_left() <= 0 or self.game.dead:
                return False
            if base:
                left = n - (self.stat(base) - start) if via != "gather" else n - self.stat(base)
            else:
                left = n - self.have(item)
            left = max(left, 1)
            if drops_of(self.game, radius=6):
                yield from skills.collect_drops(ctx, radius=6, max_ticks=120)
                if done():
                    return True
            mobs = Counter(m.kind for m in mobs_of(self.game) if m.health > 0)
            try:
                inv = self.inv() if self.wood_specific else canonical_wood(self.inv(), self.gd.item_id)
                plan = self.graph.requirements(item, left, inv, placed=self.placed_stations(),
                                               mobs=mobs, via=via)
            except Unobtainable as e:
                ctx.note(f"unobtainable {item}: {e}")
                return False
            if not plan.steps:
                return done()
            step = plan.steps[0]
            ctx.note(f"step: {step}")
            ok = yield from self.run_step(step)
            if not ok:
                failures[str(step)] += 1
                if failures[str(step)] >= 3:
                    return False
        return done()

    def craft_any_wood(self, target: str, count: int) -> Skill:
        """Craft `count` of an oak item as any mix of wood variants the inventory allows (the
        plan counted every log as oak)."""
        game = self.game
        whole = gui_skills.craftable_variant(game, wood_variants(target), count)
        if whole is not None:
            return (yield from gui_skills.craft(self.ctx, whole, count))
        left = count
        for name in wood_variants(target):
            n = next((k for k in range(left, 0, -1) if gui_skills.craftable_variant(game, [name], k)), 0)
            if n and (yield from gui_skills.craft(self.ctx, name, n)):
                left -= n
            if left <= 0:
                return True
        return False

    def collect_stations(self) -> Skill:
        """Pick up the stations we placed (crafting table, furnace) before walking away, so a
        later craft does not spend planks or cobblestone on a new one."""
        ctx = self.ctx
        for pos in list(ctx.placed):
            if self.game.world.get(*pos) != 0:
                yield from skills.pick_up_station(ctx, pos)
            ctx.placed.remove(pos)

    def run_step(self, step) -> Skill:
        ctx, gd = self.ctx, self.gd
        if step.action in ("mine", "kill"):
            yield from self.collect_stations()
        if step.action == "mine":
            targets = [step.target]
            if step.target in LOGS and not self.wood_specific:
                targets = list(LOGS)
            keys = [f"mine_block.{t}" for t in targets]
            before = sum(self.stat(k) for k in keys)
            item = step.item
            have0 = self.have(item)

            def done() -> bool:
                mined = sum(self.stat(k) for k in keys) - before
                return mined >= step.count or self.have(item) - have0 >= step.count

            where = step.where
            y_range = where.y if where is not None and where.kind == "underground" else None
            biomes = where.biomes if where is not None and where.kind != "underground" else ()
            return (yield from skills.mine(ctx, [gd.block(t) for t in targets], done, y_range=y_range,
                                           biomes=biomes))
        if step.action == "kill":
            key = f"kill_entity.{step.target}"
            goal = self.stat(key) + step.count
            return (yield from self.kill_target(step.target, lambda: self.stat(key) >= goal))
        if step.action == "craft":
            target = step.target
            if not self.wood_specific and target not in self.goal_items and len(wood_variants(target)) > 1:
                return (yield from self.craft_any_wood(target, step.count))
            return (yield from gui_skills.craft(ctx, target, step.count))
        if step.action == "smelt":
            fuel = step.fuel[0] if step.fuel else None
            return (yield from gui_skills.smelt(ctx, step.target, step.count, fuel))
        if step.action == "place":
            pos = yield from skills.use_station(ctx, step.target)
            return pos is not None
        return False
