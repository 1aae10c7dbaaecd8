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
and the scripted experts.
"""

from __future__ import annotations

import functools
import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .spec import InitState, TaskSpec

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

SMELT_TICKS = 200  # one item per 10 s in a furnace
TOOL_TIERS = {"wooden": 0, "golden": 0, "stone": 1, "iron": 2, "diamond": 3, "netherite": 4}
MIN_DROP_RATE = 0.04  # drops rarer than this per block (apples from leaves) are not plan sources

# Planning costs (rough "effort" units, only used to choose between ways of getting an item).
CRAFT_OP, SMELT_OP, KILL_OP = 1.0, 2.0, 8.0
TOOL_WEIGHT, STATION_WEIGHT = 0.3, 0.3  # tools and stations are made once and reused
EXPLORE_COST = 15.0  # extra effort for blocks found in one biome only
PLACED_COST = 1.0  # a block or mob put next to the player by the task's init commands

# Rough tick costs for `Plan.estimated_ticks` (what a competent player needs, used for max_steps).
_TRAVEL = {"init": 20, "surface": 120, "plant": 160, "tree": 200, "underwater": 400}
_GUI_CRAFT, _GUI_OP, _PLACE, _KILL = 60, 8, 30, 160


class Unobtainable(ValueError):
    """An item a plan cannot obtain, with the chain of reasons (`item ← how ← why`)."""


@dataclass(frozen=True)
class Where:
    """Where world generation puts a block: `kind` surface | subsurface | tree | plant |
    underwater | underground | init (placed by the task), y range, biomes (() = every biome)."""

    kind: str
    y: tuple[int, int]
    biomes: tuple[str, ...] = ()
    weight: float = 0.0  # underground veins: tries x vein size per chunk (rarity)

    def describe(self) -> str:
        where = {"surface": "on the surface", "subsurface": "just below the surface",
                 "tree": "in trees", "plant": "growing on the surface",
                 "underwater": "under shallow water", "underground": "underground",
                 "init": "placed nearby by the task"}[self.kind]  # fmt: skip
        biomes = f" in {', '.join(self.biomes)}" if self.biomes else ""
        ys = f", y {self.y[0]}-{self.y[1]}" if self.kind != "init" else ""
        return f"{where}{biomes}{ys}"


@dataclass(frozen=True)
class Recipe:
    """A crafting (`kind="craft"`) or smelting (`kind="smelt"`) recipe: `inputs` are consumed per
    operation, producing `count` of `output`; `station` is crafting_table (3×3 grid), furnace, or
    None (the 2×2 grid of the player inventory). `shape` holds the crafting grid rows."""

    kind: str
    output: str
    count: int
    inputs: tuple[tuple[str, int], ...]
    station: str | None
    shape: tuple[tuple[str | None, ...], ...] | None = None

    def __str__(self) -> str:
        ins = " + ".join(f"{n} {i}" for i, n in self.inputs)
        at = f" at a {self.station}" if self.station else " in the inventory grid"
        return f"{self.kind} {self.count} {self.output} from {ins}{at}"


@dataclass(frozen=True)
class BlockDrop:
    """Breaking `block` drops `item`: `per_block` expected items, at least `min_count` when
    certain; `tools` are the harvest tools it needs (() = anything, the hand too); `where` lists
    where world generation puts the block (() = never: only tasks place it)."""

    block: str
    item: str
    per_block: float
    min_count: int
    tools: tuple[str, ...]
    where: tuple[Where, ...]
    kind: str = "mine"

    @property
    def per_block_planned(self) -> float:
        """Items counted on per block when planning: the guaranteed minimum when there is one."""
        return float(self.min_count) if self.min_count >= 1 else self.per_block


@dataclass(frozen=True)
class MobDrop:
    """Killing `mob` drops `item`, `per_kill` on average (VoxelWorld's loot tables)."""

    mob: str
    item: str
    per_kill: float
    min_count: int
    hostile: bool
    kind: str = "kill"


Source = Recipe | BlockDrop | MobDrop


@dataclass(frozen=True)
class Step:
    """One step of a plan. `action`: mine (break `count` blocks `target`, dropping `item`), kill
    (`count` mobs), craft / smelt (`ops` operations making `count` of `target`), or place (put a
    station block `target` down). `inputs` are consumed in total; `fuel` is (item, count)."""

    action: str
    target: str
    count: int
    item: str
    ops: int = 1
    inputs: tuple[tuple[str, int], ...] = ()
    tool: str | None = None
    station: str | None = None
    fuel: tuple[str, int] | None = None
    where: Where | None = None
    recipe: Recipe | None = None

    def __str__(self) -> str:
        if self.action == "mine":
            got = f" for {self.item}" if self.item != self.target else ""
            tool = f" with {_a(self.tool)}" if self.tool else " by hand"
            at = f" ({self.where.describe()})" if self.where else ""
            return f"mine {self.count} {self.target}{got}{tool}{at}"
        if self.action == "kill":
            tool = f" with {_a(self.tool)}" if self.tool else ""
            return f"kill {self.count} {self.target}{tool} for {self.item}"
        if self.action == "place":
            return f"place the {self.target}"
        ins = ", ".join(f"{n} {i}" for i, n in self.inputs)
        if self.action == "smelt":
            fuel = f" + fuel {self.fuel[1]} {self.fuel[0]}" if self.fuel else ""
            return f"smelt {self.count} {self.target} from {ins}{fuel} in the furnace"
        at = f" at the {self.station}" if self.station else ""
        return f"craft {self.count} {self.target} from {ins}{at}"


@dataclass
class Plan:
    """The ordered steps that obtain `count` `goal` from `inventory` (nothing when it is held)."""

    goal: str
    count: int
    steps: list[Step]
    inventory: dict[str, int]
    leftover: dict[str, int] = field(default_factory=dict)  # inventory after the plan (approx.)
    lower_bound_ticks: int = 0  # mining + smelting time alone: no faster way with these steps
    estimated_ticks: int = 0  # rough time a competent player needs (walking, GUI included)

    def raw(self) -> dict[str, int]:
        """Blocks mined and mobs killed, by name."""
        out: Counter = Counter()
        for s in self.steps:
            if s.action in ("mine", "kill"):
                out[s.target] += s.count
        return dict(out)

    def tools(self) -> list[str]:
        return sorted({s.tool for s in self.steps if s.tool})

    def actions(self) -> set[str]:
        return {s.action for s in self.steps}

    def __str__(self) -> str:
        head = f"{self.count} {self.goal}"
        if not self.steps:
            return f"{head}: already held"
        lines = [f"{head}: {_n_steps(len(self.steps))}, ~{self.estimated_ticks} ticks"]
        lines += [f"  {k + 1}. {s}" for k, s in enumerate(self.steps)]
        return "\n".join(lines)


def _a(name: str) -> str:
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _tool_parts(name: str) -> tuple[str, str] | None:
    if "_" not in name:
        return None
    material, kind = name.rsplit("_", 1)
    if material in TOOL_TIERS and kind in ("pickaxe", "axe", "shovel", "hoe", "sword"):
        return material, kind
    return None


class RecipeGraph:
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

    def feasible(self, task: TaskSpec) -> tuple[bool, str]:
        """(True, summary) if the task can be completed from its init state, else (False, why)."""
        st = task.init_state()
        worst = 0
        notes = []
        for kind, name, n in task.success.targets():
            try:
                ticks, note = self._check_target(kind, name, n, st)
            except Unobtainable as e:
                return False, f"success.{kind}.{name}: {e}"
            worst = max(worst, ticks)
            notes.append(note)
        if worst > task.max_steps:
            return False, (
                f"max_steps {task.max_steps} is less than the {worst} ticks the plan needs at "
                f"the very least (mining and smelting time alone); raise max_steps"
            )
        return True, "; ".join(notes)

    def _check_target(self, kind: str, name: str, n: int, st: InitState) -> tuple[int, str]:
        plan = functools.partial(self.requirements, inventory=st.inventory, placed=st.blocks, mobs=st.mobs)
        if kind in ("craft_item", "smelt_item"):
            p = plan(name, n, via=kind.split("_")[0])
            return p.lower_bound_ticks, f"{kind}.{name}: {_n_steps(len(p.steps))}"
        if kind == "mine_block":
            return self._check_mine(name, n, st)
        if kind == "kill_entity":
            if name not in self.mob_table:
                raise Unobtainable(
                    f"VoxelWorld does not simulate {name!r}; it simulates {', '.join(sorted(self.mob_table))}"
                )
            have = st.mobs.get(name, 0)
            if have < n and not (self.mob_table[name].get("hostile") and st.night):
                how = "hostile mobs spawn by themselves only at night; " if self.mob_table[name].get("hostile") else ""
                raise Unobtainable(
                    f"needs {n} {name} but init summons {have}; {how}add '/summon minecraft:{name} ~ ~ ~4' to init.commands"
                )
            return 0, f"kill {n} {name}"
        if kind == "pickup":
            if st.inventory.get(name, 0) >= n:
                return 0, f"drop and pick up {name}"
            p = plan(name, n, via="gather")
            return p.lower_bound_ticks, f"pickup.{name}: {_n_steps(len(p.steps))}"
        if kind in ("inventory", "drop", "break_item"):
            p = plan(name, n)
            return p.lower_bound_ticks, f"{kind}.{name}: {_n_steps(len(p.steps))}"
        if kind == "use_item":
            item_id = self.gd.item(name)
            need = 1 if self.gd.max_durability[item_id] > 0 else n
            p = plan(name, need)
            return p.lower_bound_ticks, f"use {name}: {_n_steps(len(p.steps))}"
        if kind == "interact_with":
            if st.blocks.get(name, 0) > 0:
                return 0, f"interact with the placed {name}"
            if name not in self.gd.item_id:
                raise Unobtainable(f"{name} is not placed by init.commands and has no item to place it")
            p = plan(name, 1)
            return p.lower_bound_ticks, f"place and use {name}: {_n_steps(len(p.steps) + 1)}"
        return 0, f"{kind}.{name} (not checked)"

    def _check_mine(self, block: str, n: int, st: InitState) -> tuple[int, str]:
        if not self.diggable(block):
            raise Unobtainable(f"{block} cannot be broken in survival")
        placed = st.blocks.get(block, 0)
        if placed < n and not self.world.get(block):
            raise Unobtainable(
                f"world generation never places {block} and init.commands place {placed} of the {n} "
                f"needed; add '/setblock ~ ~ ~2 minecraft:{block}' (or /fill) to init.commands"
            )
        tools = self.harvest_tools(block)
        held = self.best_tool_for(block, st.inventory)
        steps = 0
        if tools and held is None:  # breaking it without the tool drops nothing and is slow
            p = self.requirements(self.min_tool(block) or tools[0], 1, st.inventory, placed=st.blocks, mobs=st.mobs)
            held, steps = p.goal, len(p.steps)
            lower = p.lower_bound_ticks
        else:
            lower = 0
        ticks = self.break_ticks(block, held)
        return lower + max(ticks, 0) * n, f"mine {n} {block}" + (f" after {_n_steps(steps)}" if steps else "")


def _output(s: Source) -> str:
    return s.output if isinstance(s, Recipe) else s.item


def _where_cost(w: Where, common: bool) -> float:
    explore = 0.0 if common else EXPLORE_COST
    if w.kind == "init":
        return PLACED_COST
    if w.kind == "underground":
        depth = max(0.0, 60.0 - w.y[1]) / 4.0
        rarity = 150.0 / max(w.weight, 1.0) if w.weight else 0.0
        return 3.0 + depth + rarity + explore
    return {"surface": 2.0, "subsurface": 2.5, "plant": 2.5, "tree": 3.0, "underwater": 6.0}[w.kind] + explore


class _Planner:
    """One plan: choose a source per item (cheapest, preferring what is held), total the demand
    over the chosen graph in topological order, then emit steps depth-first (tools before use)."""

    def __init__(self, g: RecipeGraph, inventory, placed, mobs):
        self.g = g
        self.inv = Counter({k: int(v) for k, v in (inventory or {}).items() if v > 0})
        self.placed = Counter({k: int(v) for k, v in (placed or {}).items() if v > 0})
        self.mobs = Counter({k: int(v) for k, v in (mobs or {}).items() if v > 0})
        self.cost = g.costs_for(self.placed, self.mobs)
        self.choice: dict[str, Source | None] = {}
        self.why: dict[str, str] = {}
        self.tool: dict[str, str | None] = {}  # item -> tool used to mine / kill for it
        self.fuel: dict[str, str] = {}  # item -> fuel used to smelt it
        self.planned_tools: set[str] = set()
        self.expanded: set[str] = set()  # held items the plan must also make more of

    # phase 1: choose
    def _deps(self, item: str) -> list[str]:
        s = self.choice.get(item)
        if s is None:
            return []
        if isinstance(s, Recipe):
            deps = [i for i, _ in s.inputs]
            if s.station and not self.placed.get(s.station):
                deps.append(s.station)
            if s.kind == "smelt" and item in self.fuel:
                deps.append(self.fuel[item])
            return deps
        t = self.tool.get(item)
        return [t] if t else []

    def _held_cost(self, item: str, n: int = 1) -> float:
        return 0.0 if self.inv.get(item, 0) >= n else n * self.cost.get(item, math.inf)

    def _source_cost(self, s: Source) -> float:
        if isinstance(s, Recipe):
            total = sum(self._held_cost(i, k) for i, k in s.inputs)
            if s.station and not self.placed.get(s.station):
                total += STATION_WEIGHT * self._held_cost(s.station)
            if s.kind == "smelt":
                return SMELT_OP + total + min(
                    (self._held_cost(f) * _fuel_share(t) for f, t in self.g.fuels.items()), default=math.inf
                )
            return (CRAFT_OP + total) / s.count
        if isinstance(s, BlockDrop):
            base = self.g._where_cost(s, self.placed)
            tool = 0.0
            if s.tools and not any(self.inv.get(t) or t in self.planned_tools for t in s.tools):
                tool = TOOL_WEIGHT * min(self.cost.get(t, math.inf) for t in s.tools)
            return base / max(s.per_block_planned, 1e-9) + tool
        return self.g._mob_cost(s, self.mobs) / max(s.per_kill, 1e-9)

    def _choose(self, item: str, stack: tuple[str, ...], via: str | None = None) -> None:
        if item in self.choice:
            return
        if self.inv.get(item) and item not in self.expanded:
            self.choice[item] = None  # held: a leaf unless the plan needs more than held
            return
        best, best_cost = None, math.inf
        reasons = []
        for s in self.g.sources(item):
            kind = s.kind
            if via == "gather" and kind not in ("mine", "kill"):
                continue
            if via not in (None, "gather") and kind != via:
                continue
            if isinstance(s, Recipe):
                loop = [i for i, _ in s.inputs if i in stack or i == item]
                if loop:
                    continue
            c = self._source_cost(s)
            if not math.isfinite(c):
                reasons.append(_why_not(self, s))
                continue
            if c < best_cost - 1e-9:
                best, best_cost = s, c
        self.choice[item] = best
        if best is None:
            if via and via != "gather" and not any(s.kind == via for s in self.g.sources(item)):
                self.why[item] = f"{item} cannot be {_verb(via)} (no {via} recipe in Minecraft 1.16.5)"
            elif reasons:
                self.why[item] = f"{item}: " + "; ".join(dict.fromkeys(r for r in reasons if r))[:600]
            else:
                self.why[item] = f"{item} has no source in VoxelWorld (not craftable, smeltable, minable or dropped by a simulated mob)"
            return
        if isinstance(best, BlockDrop) and best.tools:
            held = [t for t in best.tools if self.inv.get(t) and t not in stack]
            planned = [t for t in best.tools if t in self.planned_tools and t not in stack]
            if held:
                tool = max(held, key=self.g._tool_sort)
            elif planned:
                tool = planned[0]
            else:
                pool = [t for t in best.tools if t in self.cost and t not in stack] or [
                    t for t in best.tools if t in self.cost
                ]
                tool = min(pool, key=lambda t: (self.cost[t], self.g._tool_sort(t)))
            self.tool[item] = tool
            self.planned_tools.add(tool)
        for d in self._deps(item):
            self._choose(d, (*stack, item))
        if isinstance(best, Recipe) and best.kind == "smelt":
            # fuel last, so fuels the plan already makes (planks for the tools) are preferred
            uses = dict(best.inputs)
            held = [f for f in self.g.fuels if self.inv.get(f, 0) > uses.get(f, 0) and f not in stack and f != item]
            pool = held or [f for f in self.g.fuels if f in self.cost and f not in stack and f != item]
            if not pool:
                self.choice[item] = None
                self.why[item] = f"{item}: no furnace fuel is obtainable"
                return
            fuel = min(
                pool,
                key=lambda f: (
                    self._held_cost(f) * _fuel_share(self.g.fuels[f]) * (0.5 if f in self.choice else 1.0),
                    -self.inv.get(f, 0),
                    f,
                ),
            )
            self.fuel[item] = fuel
            self._choose(fuel, (*stack, item))

    # phase 2: demand
    def _demand(self, goal: str, count: int, via: str | None) -> tuple[dict[str, int], Counter, list[str]]:
        """Net amount to make of every item (consumers before producers), what is left of the
        inventory, and held items that turn out to be too few (they need a source too)."""
        g = self.g
        demand: Counter = Counter({goal: count})
        avail = Counter(self.inv)
        net: dict[str, int] = {}
        short: list[str] = []
        stations_used: set[str] = set()
        for item in self._topo(goal):
            gross = demand[item]
            use = 0 if (item == goal and via) else min(avail[item], gross)
            avail[item] -= use
            need = gross - use
            net[item] = need
            if need <= 0:
                continue
            s = self.choice.get(item)
            if s is None:
                if item in self.inv and item not in self.expanded:
                    short.append(item)
                    continue
                raise Unobtainable(self._chain(goal, item))
            if isinstance(s, Recipe):
                ops = math.ceil(need / s.count)
                for i, k in s.inputs:
                    demand[i] += ops * k
                if s.station and not self.placed.get(s.station) and s.station not in stations_used:
                    stations_used.add(s.station)
                    demand[s.station] += 1
                if s.kind == "smelt":
                    f = self.fuel[item]
                    demand[f] += math.ceil(ops * SMELT_TICKS / g.fuels[f])
            elif isinstance(s, BlockDrop):
                blocks = math.ceil(need / s.per_block_planned - 1e-9)
                if not s.where and blocks > self.placed.get(s.block, 0):
                    raise Unobtainable(
                        f"{item}: needs {blocks} {s.block} but init places {self.placed.get(s.block, 0)} "
                        f"and world generation places none"
                    )
                t = self.tool.get(item)
                if t:
                    demand[t] = max(demand[t], 1)
            else:
                kills = math.ceil(need / max(s.per_kill, 1e-9) - 1e-9)
                if kills > self.mobs.get(s.mob, 0) and not s.hostile:
                    raise Unobtainable(
                        f"{item}: needs {kills} {s.mob} kills but init summons {self.mobs.get(s.mob, 0)}"
                    )
        return net, avail, short

    # phase 3: steps
    def plan(self, goal: str, count: int, via: str | None) -> Plan:
        g = self.g
        if goal not in g.gd.item_id:
            g.gd.item(goal)  # raises UnknownNameError with suggestions
        self.expanded.add(goal)
        self._choose(goal, (), via)
        if via and self.choice.get(goal) is None:
            raise Unobtainable(self.why.get(goal, f"{goal} cannot be obtained"))
        for _ in range(50):  # held items are leaves until the plan needs more of them
            net, avail, short = self._demand(goal, count, via)
            if not short:
                break
            for item in short:
                self.expanded.add(item)
                del self.choice[item]
                self._choose(item, tuple(sorted(self._ancestors(goal, item))))
        else:  # pragma: no cover - each round expands at least one more item
            raise Unobtainable(f"{goal}: plan did not converge")
        steps: list[Step] = []
        placed_now: set[str] = set()
        done: set[str] = set()

        def emit(item: str) -> None:
            if item in done:
                return
            done.add(item)
            for d in self._deps(item):
                emit(d)
            need = net.get(item, 0)
            if need <= 0:
                return
            s = self.choice[item]
            if isinstance(s, Recipe):
                if s.station and not self.placed.get(s.station) and s.station not in placed_now:
                    placed_now.add(s.station)
                    steps.append(Step("place", s.station, 1, s.station))
                ops = math.ceil(need / s.count)
                fuel = None
                if s.kind == "smelt":
                    f = self.fuel[item]
                    fuel = (f, math.ceil(ops * SMELT_TICKS / g.fuels[f]))
                steps.append(Step(
                    s.kind, item, ops * s.count, item, ops,
                    tuple((i, k * ops) for i, k in s.inputs), None, s.station, fuel, None, s,
                ))  # fmt: skip
            elif isinstance(s, BlockDrop):
                blocks = math.ceil(need / s.per_block_planned - 1e-9)
                if self.placed.get(s.block):
                    where = Where("init", (0, 0))
                else:
                    where = g.where_of(s.block)
                steps.append(Step("mine", s.block, blocks, item, blocks, (), self.tool.get(item), None, None, where))
            else:
                kills = math.ceil(need / max(s.per_kill, 1e-9) - 1e-9)
                steps.append(Step("kill", s.mob, kills, item, kills))

        emit(goal)
        # what is left afterwards: unused inventory + what the steps made beyond their use; tools
        # stay; placed stations leave the inventory
        leftover = Counter(avail)
        for st in steps:
            if st.action in ("craft", "smelt"):
                leftover[st.item] += st.count
            elif st.action in ("mine", "kill"):
                leftover[st.item] += int(st.count * self._per(st))
        for item, n in net.items():
            leftover[item] -= n
        for item in {goal, *(st.tool for st in steps if st.tool)}:
            leftover[item] += net.get(item, 0)
        lower, est = self._ticks(steps)
        return Plan(goal, count, steps, dict(self.inv), {k: v for k, v in leftover.items() if v > 0}, lower, est)

    def _per(self, st: Step) -> float:
        s = self.choice.get(st.item)
        if isinstance(s, BlockDrop):
            return s.per_block_planned
        return s.per_kill if isinstance(s, MobDrop) else 1.0

    def _topo(self, goal: str) -> list[str]:
        """Items reachable from the goal, every consumer before what it consumes."""
        post: list[str] = []
        state: dict[str, int] = {}

        def visit(item: str) -> None:
            stack = [(item, iter(self._deps(item)))]
            state[item] = 1
            while stack:
                node, it = stack[-1]
                nxt = next(it, None)
                if nxt is None:
                    stack.pop()
                    state[node] = 2
                    post.append(node)
                elif state.get(nxt) is None:
                    state[nxt] = 1
                    stack.append((nxt, iter(self._deps(nxt))))
                elif state[nxt] == 1:
                    raise Unobtainable(f"{goal}: circular recipe through {nxt}")

        visit(goal)
        return post[::-1]

    def _ancestors(self, goal: str, item: str) -> set[str]:
        """Items whose plan leads to `item` (they must not be used to make it)."""
        parents: dict[str, set[str]] = {}
        for x in self._topo(goal):
            for d in self._deps(x):
                parents.setdefault(d, set()).add(x)
        out, todo = set(), [item]
        while todo:
            for p in parents.get(todo.pop(), ()):
                if p not in out:
                    out.add(p)
                    todo.append(p)
        return out

    def _chain(self, goal: str, item: str) -> str:
        """`goal ← … ← item: why` for an item the plan needs but cannot get."""
        parents: dict[str, str] = {}
        todo = [goal]
        while todo:
            x = todo.pop()
            for d in self._deps(x):
                if d not in parents and d != goal:
                    parents[d] = x
                    todo.append(d)
        chain = [item]
        while chain[-1] in parents:
            chain.append(parents[chain[-1]])
        why = self.why.get(item, f"{item} has no usable source")
        path = " ← ".join(reversed(chain)) if len(chain) > 1 else item
        return f"{path}: {why}"

    def _ticks(self, steps: list[Step]) -> tuple[int, int]:
        lower = est = 0
        for s in steps:
            if s.action == "mine":
                lo, e = self.g.mine_ticks(s.target, s.count, s.tool, s.where)
                lower, est = lower + lo, est + e
            elif s.action == "kill":
                est += _KILL * s.count
            elif s.action == "smelt":
                lower += SMELT_TICKS * s.ops
                est += SMELT_TICKS * s.ops + _GUI_CRAFT
            elif s.action == "craft":
                est += _GUI_CRAFT + _GUI_OP * s.ops
            else:
                est += _PLACE
        return lower, est


def _n_steps(n: int) -> str:
    return f"{n} step" if n == 1 else f"{n} steps"


def _fuel_share(burn_ticks: int) -> float:
    """Fuel units charged per smelted item: whole units for small batches (a coal block is not
    worth 1/80 of itself when smelting two items)."""
    return max(SMELT_TICKS / burn_ticks, 0.5)


def _verb(via: str) -> str:
    return {"craft": "crafted", "smelt": "smelted", "mine": "mined", "kill": "dropped by a mob",
            "gather": "mined or dropped by a mob"}.get(via, via)  # fmt: skip


def _why_not(p: _Planner, s: Source) -> str:
    if isinstance(s, BlockDrop):
        if not s.where and not p.placed.get(s.block):
            return f"{s.block} is not generated and not placed"
        return f"mining {s.block} needs {' or '.join(s.tools[:2])}, which cannot be obtained"
    if isinstance(s, MobDrop):
        return f"{s.mob} is not summoned"
    missing = [i for i, k in s.inputs if not math.isfinite(p._held_cost(i, k))]
    if missing:
        verb = "crafting" if s.kind == "craft" else "smelting"
        return (f"{verb} it needs {', '.join(missing)}, which cannot be obtained here "
                f"(give {'it' if len(missing) == 1 else 'them'} in init.commands)")
    return ""


# -- world generation facts ------------------------------------------------------------------
def _world_blocks() -> dict[str, tuple[Where, ...]]:
    """Where VoxelWorld's generator places each block, read from `envs/voxel/worldgen`."""
    from envs.voxel.worldgen import biomes, features, terrain

    sea = int(features.SEA_LEVEL)
    spec = yaml.safe_load(Path(biomes.BIOMES_YAML).read_text())
    out: dict[str, list[Where]] = defaultdict(list)

    def add(block: str, w: Where) -> None:
        if w not in out[block]:
            out[block].append(w)

    land = {n: e for n, e in spec.items() if n not in ("ocean", "deep_ocean", "river")}
    surface_y = (sea - 1, 140)
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name in biomes.BIOME_NAMES:
        e = spec[name]
        groups[("surface", e["top"])].append(name)
        groups[("subsurface", e["filler"])].append(name)
        if e.get("subsoil") and e["subsoil"] != "stone":
            groups[("subsurface", e["subsoil"])].append(name)
        if name in land and e.get("trees", 0) > 0:
            for kind, weight in (e.get("tree_kinds") or {"oak": 1.0}).items():
                if weight > 0:
                    groups[("tree", f"{kind}_log")].append(name)
                    groups[("tree", f"{kind}_leaves")].append(name)
        for plant, dens in (e.get("plants") or {}).items():
            if dens > 0:
                groups[("plant", plant)].append(name)
    for (kind, block), names in sorted(groups.items()):
        y = (sea - 8, sea) if names and all(n in ("ocean", "deep_ocean", "river") for n in names) else surface_y
        add(block, Where(kind, y, tuple(names)))
    # the terrain under shallow water is sand, gravel or clay patches; mountain peaks get snow
    for block in ("sand", "gravel", "clay"):
        add(block, Where("underwater", (48, sea - 2)))
    add("snow", Where("surface", (118, 160), ("mountains",)))
    add("stone", Where("underground", (terrain.CAVE_FLOOR, sea + 60)))
    palette = biomes.PALETTE
    for row in features.ORES.tolist():
        block, tries, size, ylo, yhi, mode = row
        name = palette[block]
        biome = ("mountains",) if mode == 2 else ()
        add(name, Where("underground", (max(int(ylo), 1), int(yhi)), biome, float(tries * size)))
    # keep only blocks the generator's palette really uses
    return {b: tuple(ws) for b, ws in sorted(out.items()) if b in palette and b not in ("air", "water", "lava", "bedrock")}


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
