"""What every planner returns: a `Plan` of ordered `Subgoal`s, each with goal text, a count, a step
budget and a success test read from observations only (inventory and `info["stats"]` counters).

    plan = planner.plan(task, obs, info)         # start of an episode
    plan = planner.replan(obs, "budget spent on 'mine 3 iron_ore'", info)
    sub = plan.subgoals[0]
    base = sub.baseline(obs, info)               # counters when the subgoal started
    sub.done(base, obs, info)                    # True once its success test holds
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

__all__ = ["Condition", "Subgoal", "Plan", "Planner", "PlannerError", "observed"]

ACTIONS = ("mine", "craft", "smelt", "kill", "place", "equip", "eat", "goal")


class PlannerError(ValueError):
    """A planner that cannot be built or cannot plan (bad name, missing model, unreachable URL)."""


def observed(obs: Mapping[str, Any] | None, info: Mapping[str, Any] | None) -> tuple[dict, dict]:
    """(stats, inventory) from an observation and its info; missing parts read as empty."""
    stats = dict((info or {}).get("stats") or {})
    inv = dict((obs or {}).get("inventory") or {})
    return stats, inv


@dataclass(frozen=True)
class Condition:
    """Holds when the summed counter over `keys` grew by `count` since the subgoal started
    (`held=True`: when it is at least `count`). `source` is "stat" (keys like
    `craft_item.stick`) or "inventory" (item names)."""

    source: str
    keys: tuple[str, ...]
    count: int
    held: bool = False

    def __post_init__(self) -> None:
        if self.source not in ("stat", "inventory"):
            raise ValueError(f"Condition.source {self.source!r}: use 'stat' or 'inventory'")
        if not self.keys or self.count < 1:
            raise ValueError(f"Condition {self.keys!r} x{self.count}: needs keys and count >= 1")

    def value(self, stats: Mapping[str, Any], inventory: Mapping[str, Any]) -> int:
        table = stats if self.source == "stat" else inventory
        return int(sum(table.get(k, 0) for k in self.keys))

    def holds(self, base: Mapping[str, int], stats: Mapping[str, Any], inventory: Mapping[str, Any]) -> bool:
        now = self.value(stats, inventory)
        return now >= self.count if self.held else now - base.get(self.label, 0) >= self.count

    @property
    def label(self) -> str:
        prefix = "" if self.source == "stat" else "inventory."
        return prefix + "|".join(self.keys)

    def __str__(self) -> str:
        return f"{self.label} {'>=' if self.held else '+'}{self.count}"


@dataclass(frozen=True)
class Subgoal:
    """One step of a plan. `text` is the goal handed to a low-level policy (`craft 4 oak_planks`),
    `skill` the same as a `Skill:` line; the subgoal is done when ANY of `success` holds.
    `step` is the recipe-graph step behind it, when there is one (used by the skill executor)."""

    text: str
    action: str
    target: str
    count: int
    success: tuple[Condition, ...]
    budget: int
    step: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"Subgoal.action {self.action!r}: use one of {', '.join(ACTIONS)}")
        if not self.success:
            raise ValueError(f"Subgoal {self.text!r}: needs at least one success condition")

    @property
    def skill(self) -> str:
        if self.action == "goal":
            return f"Goal: {self.text}"
        count = f", {self.count}" if self.count != 1 else ""
        return f"Skill: {self.action}({self.target}{count})"

    def baseline(self, obs: Mapping[str, Any] | None, info: Mapping[str, Any] | None) -> dict[str, int]:
        stats, inv = observed(obs, info)
        return {c.label: c.value(stats, inv) for c in self.success}

    def done(self, base: Mapping[str, int], obs: Mapping[str, Any] | None, info: Mapping[str, Any] | None) -> bool:
        stats, inv = observed(obs, info)
        return any(c.holds(base, stats, inv) for c in self.success)


@dataclass
class Plan:
    """Ordered subgoals from `planner`; `text` is the raw model output (None for symbolic
    planners), `errors` what went wrong while planning (parse errors, fallbacks), `reason` why
    this plan was made (`start` or the replan reason), `parsed` the steps read from `text`."""

    subgoals: list[Subgoal]
    planner: str
    reason: str = "start"
    text: str | None = None
    errors: list[str] = field(default_factory=list)
    parsed: list[str] = field(default_factory=list)  # every step parsed from `text`

    def describe(self, current: int = 0) -> str:
        """One line: `2/5 craft 4 oak_planks → craft 1 crafting_table → …` (from `current` on)."""
        if not self.subgoals:
            return "(nothing left to do)"
        rest = [s.text for s in self.subgoals[current:]]
        return f"{current + 1}/{len(self.subgoals)} " + " → ".join(rest)


@runtime_checkable
class Planner(Protocol):
    """Makes plans for one episode at a time: `plan` at reset, `replan` when a subgoal failed."""

    name: str

    def plan(self, task: Any, obs: Mapping[str, Any], info: Mapping[str, Any] | None = None) -> Plan: ...

    def replan(self, obs: Mapping[str, Any], reason: str, info: Mapping[str, Any] | None = None) -> Plan: ...
