"""Execute a plan on paper: apply each subgoal's recipe step to an inventory and the stat counters
(checking inputs, harvest tools, stations and fuel), then test the task's success condition.
This is how we measure whether a planner's plans *could* work, apart from low-level control.

    ok, why = reaches_goal(task, RecipePlanner().plan(task, obs0))
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from openha.tasks.recipe_graph import BlockDrop, MobDrop, default_graph

from .base import Plan
from .recipe import canonical_wood, wood_specific

__all__ = ["SymbolicError", "simulate", "reaches_goal"]


class SymbolicError(ValueError):
    """A subgoal whose preconditions do not hold on paper (names the subgoal and what is missing)."""


def _per_unit(graph, step) -> float:
    kind = BlockDrop if step.action == "mine" else MobDrop
    for s in graph.sources(step.item):
        if isinstance(s, kind) and getattr(s, "block", getattr(s, "mob", None)) == step.target:
            return s.per_block_planned if kind is BlockDrop else max(s.per_kill, s.min_count)
    raise SymbolicError(f"{step.target} does not give {step.item}")


def _take(inv: Counter, item: str, n: int, what: str) -> None:
    if inv[item] < n:
        raise SymbolicError(f"{what}: needs {n} {item}, has {inv[item]}")
    inv[item] -= n


def simulate(plan: Plan, inventory: dict[str, int], placed: dict[str, int] | None = None,
             graph=None, canonical: bool = True) -> tuple[Counter, Counter]:
    """(inventory, stats) after every subgoal of `plan` that carries a recipe step; raises
    SymbolicError at the first subgoal that cannot run. `canonical`: count every wood as oak,
    as the recipe planner does unless the task names a wood type."""
    g = graph or default_graph()
    inv = Counter(canonical_wood(inventory) if canonical else inventory)
    stats: Counter = Counter()
    placed = set(k for k, v in (placed or {}).items() if v > 0)
    for k, sub in enumerate(plan.subgoals):
        st = sub.step
        what = f"subgoal {k + 1} ({sub.text})"
        if st is None:
            continue
        if st.tool and inv[st.tool] < 1:
            raise SymbolicError(f"{what}: needs a {st.tool}")
        if st.action in ("mine", "kill"):
            got = int(st.count * _per_unit(g, st))
            inv[st.item] += got
            stats[f"{'mine_block' if st.action == 'mine' else 'kill_entity'}.{st.target}"] += st.count
            stats[f"pickup.{st.item}"] += got
            continue
        if st.action == "place" or (st.station and st.station not in placed):
            station = st.target if st.action == "place" else st.station
            if station not in placed:
                _take(inv, station, 1, f"{what}: place the {station}")
                placed.add(station)
                stats[f"use_item.{station}"] += 1
            if st.action == "place":
                continue
        for item, n in st.inputs:
            _take(inv, item, n, what)
        if st.fuel:
            _take(inv, st.fuel[0], st.fuel[1], f"{what}: fuel")
        inv[st.target] += st.count
        stats[f"{st.action}_item.{st.target}"] += st.count
    return inv, stats


def reaches_goal(task: Any, plan: Plan, graph=None) -> tuple[bool, str]:
    """(True, "") if executing `plan` from the task's init state meets its success condition
    symbolically, else (False, why)."""
    st = task.init_state()
    exact = wood_specific(task)
    try:
        inv, stats = simulate(plan, dict(st.inventory), dict(st.blocks), graph, canonical=not exact)
    except SymbolicError as e:
        return False, str(e)
    missing = task.success.missing(stats, inv)
    if missing:
        return False, f"plan ends short of the goal: missing {missing}"
    return True, ""
