"""The recipe graph's vocabulary: where blocks occur (`Where`), the ways of obtaining an item
(`Recipe`, `BlockDrop`, `MobDrop`), plan steps and plans, planning costs and tick estimates."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

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


def _n_steps(n: int) -> str:
    return f"{n} step" if n == 1 else f"{n} steps"


def _fuel_share(burn_ticks: int) -> float:
    """Fuel units charged per smelted item: whole units for small batches (a coal block is not
    worth 1/80 of itself when smelting two items)."""
    return max(SMELT_TICKS / burn_ticks, 0.5)
