"""Task feasibility on the recipe graph: can a task's success condition be met from its init
state in the generated world, with a lower bound on the ticks it takes (a `RecipeGraph` mixin)."""

from __future__ import annotations

import functools

from .recipe_types import (
    Unobtainable,
    _n_steps,
)
from .spec import InitState, TaskSpec


class FeasibilityChecks:
    """`RecipeGraph.feasible` and its per-condition checks."""

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
