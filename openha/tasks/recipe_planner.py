"""The planner behind `RecipeGraph.requirements`: choose a source per item, total the demand,
emit ordered steps with tools before use, and explain why an item cannot be obtained."""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING

from .recipe_types import (
    _GUI_CRAFT,
    _GUI_OP,
    _KILL,
    _PLACE,
    CRAFT_OP,
    SMELT_OP,
    SMELT_TICKS,
    STATION_WEIGHT,
    TOOL_WEIGHT,
    BlockDrop,
    MobDrop,
    Plan,
    Recipe,
    Source,
    Step,
    Unobtainable,
    Where,
    _fuel_share,
)

if TYPE_CHECKING:
    from .recipe_graph import RecipeGraph


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
