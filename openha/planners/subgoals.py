"""Subgoals from recipe-graph steps, `Skill:` actions and task targets, with success tests on
stats/inventory and step budgets. Shared by every planner so they all mean the same by
`craft 4 oak_planks`.

Wood: the recipe graph plans with oak; unless a task names a wood type, a subgoal on an oak item
(`oak_log`, `oak_planks`) counts every wood variant (birch logs make planks just as well).
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import Condition, Subgoal

__all__ = ["BudgetConfig", "wood_family", "from_step", "from_skill", "for_target"]

WOODS = ("oak", "birch", "spruce", "jungle", "acacia", "dark_oak")


@dataclass(frozen=True)
class BudgetConfig:
    """Env steps a subgoal may take before it counts as failed: `base[action] + per_unit[action]
    × count`, times `scale`. Underground mining gets `underground` per block instead."""

    scale: float = 1.0
    base_mine: int = 600
    per_block: int = 150
    underground: int = 400
    base_craft: int = 400
    base_smelt: int = 500
    per_smelt: int = 220
    base_kill: int = 600
    per_kill: int = 400
    base_goal: int = 2400

    def steps(self, action: str, count: int, underground: bool = False) -> int:
        if action == "mine":
            n = self.base_mine + (self.underground if underground else self.per_block) * count
        elif action == "smelt":
            n = self.base_smelt + self.per_smelt * count
        elif action == "kill":
            n = self.base_kill + self.per_kill * count
        elif action in ("craft", "place", "equip", "eat"):
            n = self.base_craft
        else:
            n = self.base_goal
        return max(1, int(n * self.scale))


def wood_family(name: str, exact: bool = False) -> tuple[str, ...]:
    """`oak_planks` → every `<wood>_planks`; anything else (or `exact`) → just the name."""
    if exact or not name.startswith("oak_"):
        return (name,)
    rest = name[len("oak_"):]
    return tuple(f"{w}_{rest}" for w in WOODS)


def _conds(action: str, target: str, item: str, count: int, exact: bool) -> tuple[Condition, ...]:
    if action == "mine":
        return (Condition("stat", tuple(f"mine_block.{b}" for b in wood_family(target, exact)), count),
                Condition("inventory", wood_family(item, exact), count))
    if action in ("craft", "smelt"):
        return (Condition("stat", tuple(f"{action}_item.{i}" for i in wood_family(target, exact)), count),)
    if action == "kill":
        return (Condition("stat", (f"kill_entity.{target}",), count),)
    if action == "place":
        return (Condition("stat", (f"use_item.{target}",), 1),)
    if action == "eat":
        return (Condition("stat", (f"use_item.{target}",), count),)
    return (Condition("inventory", (target,), 1, held=True),)  # equip: hold it


def from_step(step, budgets: BudgetConfig = BudgetConfig(), exact_wood: bool = False) -> Subgoal:
    """A recipe-graph `Step` (mine / kill / craft / smelt / place) as a subgoal."""
    a = step.action
    if a == "mine":
        got = f" for {step.item}" if step.item != step.target else ""
        tool = f" with {step.tool}" if step.tool else ""
        text = f"mine {step.count} {step.target}{got}{tool}"
    elif a == "kill":
        text = f"kill {step.count} {step.target} for {step.item}"
    elif a == "place":
        text = f"place the {step.target}"
    else:
        at = f" at the {step.station}" if step.station else ""
        fuel = f" with {step.fuel[1]} {step.fuel[0]} as fuel" if step.fuel else ""
        text = f"{a} {step.count} {step.target}{at}{fuel}"
    under = getattr(step.where, "kind", None) == "underground"
    return Subgoal(text, a, step.target, int(step.count), _conds(a, step.target, step.item, int(step.count), exact_wood),
                   budgets.steps(a, int(step.count), under), step)


def from_skill(skill, budgets: BudgetConfig = BudgetConfig(), drop: str | None = None) -> Subgoal:
    """A parsed `Skill:` action (`openha.actions.skill.SkillAction`) as a subgoal; `drop` is the
    item mining the block gives (defaults to the block's name). Names are taken as written."""
    v, t, n = skill.verb, skill.target, int(skill.count)
    text = f"{v} {n} {t}" if v not in ("place", "equip") else f"{v} the {t}"
    return Subgoal(text, v, t, n, _conds(v, t, drop or t, n, exact=True), budgets.steps(v, n))


def for_target(kind: str, name: str, count: int, budgets: BudgetConfig = BudgetConfig()) -> Subgoal:
    """A task success target with no recipe steps (`use_item.X`, `interact_with.X`, `pickup.X`
    …): reach the counter itself. `inventory` targets test the count held."""
    if kind == "inventory":
        cond = Condition("inventory", (name,), count, held=True)
        text = f"have {count} {name}"
    else:
        cond = Condition("stat", (f"{kind}.{name}",), count, held=True)  # env stats start at 0
        text = f"{kind.replace('_', ' ')} {name}" + (f" x{count}" if count != 1 else "")
    action = {"mine_block": "mine", "kill_entity": "kill"}.get(kind, "goal")
    target = name if action != "goal" else f"{kind}.{name}"
    return Subgoal(text, action, target, count, (cond,), budgets.steps(action, count))
