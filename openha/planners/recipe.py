"""`recipe` planner: the task's success condition + the current inventory → subgoals, by walking
the recipe graph (`openha.tasks.recipe_graph`: minecraft-data 1.16.5 recipes, smelting, harvest
tools, which blocks and mobs give each item). No model; deterministic; well under 5 ms a plan.

    planner = RecipePlanner()
    plan = planner.plan(task, obs, info)   # iron pickaxe from nothing: mine 4 oak_log → craft 16
                                           # oak_planks → … → craft 1 iron_pickaxe at the crafting_table
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from openha.tasks.recipe_graph import Unobtainable, default_graph

from .base import Plan, Subgoal, observed
from .subgoals import WOODS, BudgetConfig, for_target, from_step

__all__ = ["RecipePlanner", "RecipePlannerConfig", "canonical_wood", "wood_specific"]

VIA = {"craft_item": "craft", "smelt_item": "smelt", "pickup": "gather"}


@dataclass(frozen=True)
class RecipePlannerConfig:
    """`keep_place`: emit `place the crafting_table` subgoals (off: craft/smelt subgoals place
    their station themselves, which keeps success tests unambiguous). `budgets`: step budgets."""

    keep_place: bool = False
    budgets: BudgetConfig = field(default_factory=BudgetConfig)


def canonical_wood(inventory: Mapping[str, int]) -> dict[str, int]:
    """Every wood variant counted as oak (`birch_planks` → `oak_planks`): the graph plans with oak."""
    out: Counter = Counter()
    for name, n in inventory.items():
        wood = next((w for w in sorted(WOODS, key=len, reverse=True) if name.startswith(w + "_")), None)
        out["oak" + name[len(wood):] if wood else name] += int(n)
    return dict(out)


def wood_specific(task: Any) -> bool:
    """Does the task name a wood type (`birch_planks`)? Then plans use exact names."""
    return any(n.startswith(tuple(w + "_" for w in WOODS)) for _, n, _ in task.success.targets())


class RecipePlanner:
    """Symbolic planner over the recipe graph (registered as `recipe`)."""

    name = "recipe"

    def __init__(self, config: RecipePlannerConfig | None = None, graph=None):
        self.config = config or RecipePlannerConfig()
        self.graph = graph or default_graph()
        self.task = None

    def plan(self, task: Any, obs: Mapping[str, Any], info: Mapping[str, Any] | None = None) -> Plan:
        self.task = task
        st = task.init_state()
        self._placed = {k: v for k, v in st.blocks.items() if v > 0}
        self._mobs = Counter({k: v for k, v in st.mobs.items() if v > 0})
        self._lost: set[str] = set()  # stations placed earlier that a failed subgoal could not use
        return self._make(obs, info, "start")

    def replan(self, obs: Mapping[str, Any], reason: str, info: Mapping[str, Any] | None = None) -> Plan:
        if self.task is None:
            raise RuntimeError("RecipePlanner.replan before plan(task, obs)")
        for station in ("crafting_table", "furnace"):  # a failed craft there: carry a new one
            if station in reason:
                self._lost.add(station)
        return self._make(obs, info, reason)

    # -- internals -----------------------------------------------------------------------------
    def _make(self, obs, info, reason: str) -> Plan:
        stats, inv = observed(obs, info)
        missing = self.task.success.missing(stats, inv)
        exact = wood_specific(self.task)
        inventory = dict(inv) if exact else canonical_wood(inv)
        mobs = Counter(self._mobs)
        for key, n in stats.items():
            if key.startswith("kill_entity."):
                mobs[key.split(".", 1)[1]] -= int(n)
        mobs = {k: v for k, v in mobs.items() if v > 0}
        placed = dict(self._placed)
        for station in ("crafting_table", "furnace"):  # placed by the agent (use_item counts it)
            if stats.get(f"use_item.{station}", 0) > 0 and station not in self._lost:
                placed.setdefault(station, 1)
        subgoals: list[Subgoal] = []
        errors: list[str] = []
        for kind, name, n in self.task.success.targets():
            key = f"inventory.{name}" if kind == "inventory" else f"{kind}.{name}"
            if key not in missing:
                continue
            try:
                steps, inventory = self._steps(kind, name, missing[key], inventory, placed, mobs)
            except Unobtainable as e:
                errors.append(f"{key}: {e}")
                steps = []
            subgoals += [from_step(s, self.config.budgets, exact) for s in steps
                         if s.action != "place" or self.config.keep_place]
            if kind not in ("craft_item", "smelt_item", "inventory") or not steps:
                subgoals.append(for_target(kind, name, n, self.config.budgets))
            else:  # the last step makes the target: test it against the task's own counter
                last = subgoals[-1]
                cond = for_target(kind, name, n).success
                subgoals[-1] = Subgoal(last.text, last.action, last.target, last.count,
                                       last.success + cond, last.budget, last.step)
        return Plan(subgoals, self.name, reason, None, errors)

    def _steps(self, kind: str, name: str, left: int, inventory: dict, placed: dict, mobs: dict):
        g = self.graph
        plan = None
        if kind in VIA or kind == "inventory":
            plan = g.requirements(name, left, inventory, placed=placed, mobs=mobs, via=VIA.get(kind))
        elif kind == "mine_block":
            tools = g.harvest_tools(name)
            if tools and g.best_tool_for(name, inventory) is None:
                plan = g.requirements(g.min_tool(name) or tools[0], 1, inventory, placed=placed, mobs=mobs)
        elif kind in ("use_item", "drop") and inventory.get(name, 0) < (1 if kind == "use_item" else left):
            plan = g.requirements(name, 1 if kind == "use_item" else left, inventory, placed=placed, mobs=mobs)
        elif kind == "interact_with" and not placed.get(name) and name in g.gd.item_id \
                and inventory.get(name, 0) < 1:
            plan = g.requirements(name, 1, inventory, placed=placed, mobs=mobs)
        if plan is None:
            return [], inventory
        for s in plan.steps:  # stations placed by this plan stay placed for the next target
            if s.action == "place":
                placed.setdefault(s.target, 1)
        return list(plan.steps), dict(plan.leftover)
