"""How every item is obtained in VoxelWorld, and plans that obtain items from a given inventory.

Built once from game data (never typed by hand): crafting from minecraft-data 1.16.5 recipes
(with counts and whether the 3×3 crafting table is needed), smelting and fuels from
`envs/voxel/data/extra.yaml`, mining from block loot and harvest tools, where blocks occur from
VoxelWorld's world generator (`envs/voxel/worldgen`: surface blocks per biome, trees, plants, ore
depth ranges), and mob loot for the mobs VoxelWorld simulates.

`requirements(item, count, inventory)` resolves a `Plan`: the ordered steps (mine / kill / craft /
smelt / place) with counts, e.g. an iron pickaxe from nothing is logs → planks → sticks →
crafting table → wooden pickaxe → cobblestone → stone pickaxe → iron ore → furnace + fuel → iron
ingots → iron pickaxe. `feasible(task)` says whether a task can be completed from its init state,
the world and the recipe graph, and why not. Used by the loader, the task generator, planners
and the scripted experts. Split by part: `recipe_types` (sources, steps, plans, costs),
`world_sources`, `recipe_planner` and `feasibility`; every name stays importable from here.
"""

from __future__ import annotations

import functools
import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from .spec import InitState, TaskSpec  # noqa: F401  (InitState: re-exported)

__all__ = [
    "Where",
    "Recipe",
    "BlockDrop",
    "MobDrop",
    "Step",
    "Plan",
    "Unobtainable",
    "RecipeGraph",
    "default_graph",
    "requirements",
    "feasible",
    "TOOL_TIERS",
    "SMELT_TICKS",
]

from .feasibility import FeasibilityChecks
from .recipe_planner import _Planner, _verb, _why_not  # noqa: F401
from .recipe_types import (  # noqa: F401
    _GUI_CRAFT,
    _GUI_OP,
    _KILL,
    _PLACE,
    _TRAVEL,
    CRAFT_OP,
    EXPLORE_COST,
    KILL_OP,
    MIN_DROP_RATE,
    PLACED_COST,
    SMELT_OP,
    SMELT_TICKS,
    STATION_WEIGHT,
    TOOL_TIERS,
    TOOL_WEIGHT,
    BlockDrop,
    MobDrop,
    Plan,
    Recipe,
    Source,
    Step,
    Unobtainable,
    Where,
    _a,
    _fuel_share,
    _n_steps,
    _output,
    _tool_parts,
    _where_cost,
)
from .world_sources import _world_blocks  # noqa: F401


class RecipeGraph(FeasibilityChecks):
    """Every way of obtaining every item in VoxelWorld (see the module docstring)."""

    def __init__(self, gd=None, world: dict[str, tuple[Where, ...]] | None = None):
        if gd is None:
            from envs.voxel import gamedata

            gd = gamedata.load()
        self.gd = gd
        self.world = dict(world if world is not None else _world_blocks())
        self.fuels: dict[str, int] = {str(k): int(v) for k, v in gd.extra.get("fuel", {}).items()}
        self.mob_table: dict[str, dict] = dict(gd.extra.get("mobs", {}))
        self.recipes: dict[str, list[Recipe]] = defaultdict(list)
        self.block_drops: dict[str, list[BlockDrop]] = defaultdict(list)  # by item
        self.drops_of_block: dict[str, list[BlockDrop]] = defaultdict(list)  # by block
        self.mob_drops: dict[str, list[MobDrop]] = defaultdict(list)  # by item
        self._build_crafting()
        self._build_smelting()
        self._build_mining()
        self._build_mobs()
        self._index()
        self.cost = self._costs(placed={}, mobs={})

    # -- building ---------------------------------------------------------------------------
    def _build_crafting(self) -> None:
        gd = self.gd
        for key in sorted(gd.recipes, key=int):
            seen = set()
            for v in gd.recipes[key]:
                out = gd.item_name(int(v["result"]["id"]))
                count = int(v["result"]["count"])
                if "inShape" in v:
                    rows = [[gd.item_name(x) if x is not None else None for x in r] for r in v["inShape"]]
                    flat = [x for r in rows for x in r if x is not None]
                    width = max(len(r) for r in rows)
                    station = None if len(rows) <= 2 and width <= 2 else "crafting_table"
                    shape = tuple(tuple(r) for r in rows)
                else:
                    flat = [gd.item_name(x) for x in v["ingredients"]]
                    station = None if len(flat) <= 4 else "crafting_table"
                    shape = None
                inputs = tuple(Counter(flat).items())  # first-appearance order
                sig = (inputs, station, shape)
                if sig in seen:
                    continue
                seen.add(sig)
                self.recipes[out].append(Recipe("craft", out, count, inputs, station, shape))

    def _build_smelting(self) -> None:
        for src, (out, _xp) in self.gd.extra.get("smelting", {}).items():
            self.gd.item(src), self.gd.item(out)  # names must exist
            self.recipes[out].append(Recipe("smelt", out, 1, ((src, 1),), "furnace"))

    def _build_mining(self) -> None:
        gd = self.gd
        for b in gd.blocks:
            bid, name = b["id"], b["name"]
            if not gd.diggable[bid] or gd.hardness[bid] < 0 or bid == 0:
                continue
            tools = gd.harvest_tools.get(bid)
            tool_names = tuple(sorted((gd.item_name(t) for t in tools), key=self._tool_sort)) if tools else ()
            probe = gd.item(tool_names[0]) if tool_names else -1
            for e in gd.loot(bid, probe):
                per = e["chance"] * (e["min"] + e["max"]) / 2.0
                if per < MIN_DROP_RATE:
                    continue
                certain = e["chance"] >= 1.0 and e["min"] >= 1
                drop = BlockDrop(name, gd.item_name(e["item"]), per, e["min"] if certain else 0,
                                 tool_names, self.world.get(name, ()))
                self.block_drops[drop.item].append(drop)
                self.drops_of_block[name].append(drop)

    def _build_mobs(self) -> None:
        for mob, spec in sorted(self.mob_table.items()):
            for e in spec.get("loot", []):
                counts = list(e.get("count", [1, 1]))
                lo, hi = int(counts[0]), int(counts[-1])
                chance = float(e.get("chance", 1.0))
                per = chance * (lo + hi) / 2.0
                certain = chance >= 1.0 and lo >= 1
                self.mob_drops[e["item"]].append(
                    MobDrop(mob, e["item"], per, lo if certain else 0, bool(spec.get("hostile")))
                )

    @staticmethod
    def _tool_sort(name: str) -> tuple:
        parts = _tool_parts(name)
        tier = TOOL_TIERS[parts[0]] if parts else 9
        return (tier, parts[0] == "golden" if parts else True, name)

    # -- facts -----------------------------------------------------------------------------
    def sources(self, item: str) -> list[Source]:
        """Every way to get `item`: recipes (craft, smelt), block drops, mob drops."""
        return [*self.recipes.get(item, ()), *self.block_drops.get(item, ()), *self.mob_drops.get(item, ())]

    def world_blocks(self) -> dict[str, tuple[Where, ...]]:
        """Blocks world generation places (minable ones), with where."""
        return {b: w for b, w in self.world.items() if b in self.drops_of_block or self.diggable(b)}

    def diggable(self, block: str) -> bool:
        """Can a survival player break `block` at all (not air, fluids, bedrock)?"""
        bid = self.gd.block_id.get(block)
        return bid is not None and bool(self.gd.diggable[bid]) and self.gd.hardness[bid] >= 0 and bid != 0

    def harvest_tools(self, block: str) -> tuple[str, ...]:
        """Items that harvest `block` (drops need one), cheapest tier first; () = hand works."""
        bid = self.gd.block(block)
        tools = self.gd.harvest_tools.get(bid)
        return tuple(sorted((self.gd.item_name(t) for t in tools), key=self._tool_sort)) if tools else ()

    def min_tool(self, block: str) -> str | None:
        """The cheapest harvest tool of a block (None when the hand harvests it)."""
        tools = [t for t in self.harvest_tools(block) if math.isfinite(self.cost.get(t, math.inf))]
        return min(tools, key=lambda t: (self.cost[t], self._tool_sort(t))) if tools else None

    def break_ticks(self, block: str, tool: str | None = None) -> int:
        """Ticks to break `block` holding `tool` (None = hand); -1 if unbreakable."""
        return int(self.gd.break_ticks(self.gd.block(block), self.gd.item(tool) if tool else -1))

    def best_tool_for(self, block: str, have: Iterable[str] = ()) -> str | None:
        """Among held items, the one that breaks `block` fastest and still harvests it."""
        best, best_t = None, self.break_ticks(block, None)
        need = self.harvest_tools(block)
        if need:
            best_t = 10**9
        for t in sorted(set(have)):
            if t not in self.gd.item_id or (need and t not in need):
                continue
            ticks = self.break_ticks(block, t)
            if 0 <= ticks < best_t:
                best, best_t = t, ticks
        return best

    def where_of(self, block: str) -> Where | None:
        """The easiest place world generation puts `block` (None: it never does)."""
        ws = self.world.get(block, ())
        return min(ws, key=lambda w: _where_cost(w, True)) if ws else None

    def mine_ticks(self, block: str, count: int, tool: str | None, where: Where | None) -> tuple[int, int]:
        """(lower bound, rough estimate) of ticks to break `count` `block` with `tool`, found
        `where` (None or kind init = next to the player): break time alone, and with walking,
        digging down and searching for it."""
        t = max(self.break_ticks(block, tool), 0)
        if where is None or where.kind == "init":
            travel, each = _TRAVEL["init"], 10
        elif where.kind == "underground":
            depth = max(0, 64 - (where.y[0] + where.y[1]) // 2)
            travel = 200 + depth * 25 + (int(6000 / where.weight) if where.weight else 0)
            each = 40
        else:
            travel = _TRAVEL.get(where.kind, 150) + (0 if self.common(block) else 1500)
            each = 30
        return t * count, travel + count * (t + each)

    def station_of(self, item: str) -> str | None:
        """crafting_table if every crafting recipe of `item` needs the 3×3 grid, else None."""
        crafts = [r for r in self.recipes.get(item, ()) if r.kind == "craft"]
        if not crafts:
            return None
        return None if any(r.station is None for r in crafts) else "crafting_table"

    def how(self, item: str) -> list[str]:
        """Human-readable ways to obtain `item` (for `openha tasks show` and debugging)."""
        out = []
        for s in self.sources(item):
            if isinstance(s, Recipe):
                out.append(str(s))
            elif isinstance(s, BlockDrop):
                tool = f" with {s.tools[0]} or better" if s.tools else ""
                where = "; ".join(w.describe() for w in s.where) or "not generated (tasks place it)"
                out.append(f"mine {s.block}{tool} ({s.per_block:g} per block): {where}")
            else:
                out.append(f"kill {s.mob} ({s.per_kill:g} per kill)")
        return out

    # -- costs -----------------------------------------------------------------------------
    def _where_cost(self, drop: BlockDrop, placed: Mapping[str, int]) -> float:
        best = PLACED_COST if placed.get(drop.block, 0) > 0 else math.inf
        for w in drop.where:
            best = min(best, _where_cost(w, self.common(drop.block)))
        return best

    @functools.cache  # noqa: B019 - graphs live for the whole process
    def common(self, block: str) -> bool:
        """Found without exploring: underground everywhere, or on land in two biomes or more."""
        ws = [w for w in self.world.get(block, ()) if w.kind != "underwater"]  # patches to search for
        if any(not w.biomes for w in ws):
            return True
        return len({b for w in ws for b in w.biomes}) >= 2

    def _mob_cost(self, drop: MobDrop, mobs: Mapping[str, int]) -> float:
        if mobs.get(drop.mob, 0) > 0:
            return PLACED_COST + KILL_OP
        if drop.hostile:  # hostile mobs spawn in the dark: wait for night or go underground
            return KILL_OP + 40.0
        return math.inf  # passive mobs exist only where a task summons them

    def _index(self) -> None:
        """Which sources to re-cost when an item's cost drops (fuels are handled as one pool)."""
        self._consumers: dict[str, list[Source]] = defaultdict(list)
        self._all_sources: list[Source] = []
        self._smelts: list[Recipe] = []
        for recipes in self.recipes.values():
            for r in recipes:
                self._all_sources.append(r)
                for i, _ in r.inputs:
                    self._consumers[i].append(r)
                if r.station:
                    self._consumers[r.station].append(r)
                if r.kind == "smelt":
                    self._smelts.append(r)
        for drops in self.block_drops.values():
            for d in drops:
                self._all_sources.append(d)
                for t in d.tools:
                    self._consumers[t].append(d)
        for drops in self.mob_drops.values():
            self._all_sources.extend(drops)

    def _costs(self, placed: Mapping[str, int], mobs: Mapping[str, int]) -> dict[str, float]:
        """Effort to obtain one of each item from nothing (knuth-style shortest hyperpaths)."""
        cost: dict[str, float] = defaultdict(lambda: math.inf)
        fuel = [math.inf]  # cheapest fuel per smelted item so far

        def evaluate(s: Source) -> float:
            if isinstance(s, BlockDrop):
                base = self._where_cost(s, placed)
                if not math.isfinite(base):
                    return math.inf
                tool = min((cost[t] for t in s.tools), default=0.0)
                return base / max(s.per_block_planned, 1e-9) + TOOL_WEIGHT * tool
            if isinstance(s, MobDrop):
                return self._mob_cost(s, mobs) / max(s.per_kill, 1e-9)
            total = sum(n * cost[i] for i, n in s.inputs)
            if s.station:
                total += STATION_WEIGHT * cost[s.station]
            if s.kind == "smelt":
                return SMELT_OP + total + fuel[0]
            return (CRAFT_OP + total) / s.count

        heap: list[tuple[float, str]] = []

        def update(sources: Iterable[Source]) -> None:
            for s in sources:
                c = evaluate(s)
                out = _output(s)
                if c < cost[out] - 1e-9:
                    cost[out] = c
                    heapq.heappush(heap, (c, out))

        update(self._all_sources)
        while heap:
            c, item = heapq.heappop(heap)
            if c > cost[item]:
                continue
            update(self._consumers.get(item, ()))
            if item in self.fuels and c * _fuel_share(self.fuels[item]) < fuel[0] - 1e-9:
                fuel[0] = c * _fuel_share(self.fuels[item])
                update(self._smelts)
        return {k: v for k, v in cost.items() if math.isfinite(v)}

    def costs_for(self, placed: Mapping[str, int] = (), mobs: Mapping[str, int] = ()) -> dict[str, float]:
        """`cost` with the blocks and mobs a task puts nearby (cached per set-up)."""
        placed, mobs = dict(placed or {}), dict(mobs or {})
        relevant = any(
            self.cost.get(d.item, math.inf) > PLACED_COST
            for b in placed
            for d in self.drops_of_block.get(b, ())
        ) or any(
            self.cost.get(d.item, math.inf) > PLACED_COST + KILL_OP
            for drops in self.mob_drops.values()
            for d in drops
            if d.mob in mobs
        )
        if not relevant:
            return self.cost
        return self._costs_cached(tuple(sorted(placed.items())), tuple(sorted(mobs.items())))

    @functools.lru_cache(maxsize=512)  # noqa: B019
    def _costs_cached(self, placed: tuple, mobs: tuple) -> dict[str, float]:
        return self._costs(dict(placed), dict(mobs))

    def obtainable(self, item: str) -> bool:
        """Can `item` be obtained from an empty inventory in the generated world?"""
        return item in self.cost

    # -- planning --------------------------------------------------------------------------
    def requirements(
        self,
        item: str,
        count: int = 1,
        inventory: Mapping[str, int] | None = None,
        *,
        placed: Mapping[str, int] | None = None,
        mobs: Mapping[str, int] | None = None,
        via: str | None = None,
    ) -> Plan:
        """Plan to end up with `count` more `item` (`via` craft | smelt | mine | kill: the last
        step must be that action and make all `count`, as craft/smelt statistics need); otherwise
        items already held count. `placed` blocks (e.g. a crafting table) and `mobs` are what
        the task's init put in the world. Raises `Unobtainable` with the reason."""
        return _Planner(self, inventory, placed, mobs).plan(item, count, via)


@functools.lru_cache(maxsize=1)
def default_graph() -> RecipeGraph:
    """The recipe graph of VoxelWorld (built once per process, ~0.3 s)."""
    return RecipeGraph()


def requirements(item: str, count: int = 1, inventory: Mapping[str, int] | None = None, **kw) -> Plan:
    """`default_graph().requirements(...)`."""
    return default_graph().requirements(item, count, inventory, **kw)


def feasible(task: TaskSpec, graph: RecipeGraph | None = None) -> tuple[bool, str]:
    """Can `task` be completed from its init state in the generated world? (ok, reason)."""
    return (graph or default_graph()).feasible(task)
