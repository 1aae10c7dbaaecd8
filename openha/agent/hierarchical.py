"""`HierarchicalAgent(planner, executor)`: plan → run the current subgoal with the executor until
its success test holds (from observations only: inventory and stats) or its step budget runs
out → on failure replan with the reason → … until the task succeeds or the runner's max_steps.

    agent = HierarchicalAgent(make_planner("recipe"), make_executor("skills"), name="oracle")
    agent.bind(env)                              # only when the executor is privileged
    agent.reset(task, obs, info)
    action, trace = agent.act(obs, info)         # trace: plan, subgoal, text, parsed, error, event

A plan with no usable subgoal (a model's malformed answer) never crashes the episode: it is
recorded, the planner is asked again (`retries`), then the agent falls back to the `recipe`
planner (`on_bad_plan="fallback"`) or idles and keeps asking (`"retry"`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openha.planners.base import Plan

__all__ = ["HierarchicalAgent", "HierarchicalConfig"]


@dataclass(frozen=True)
class HierarchicalConfig:
    """`retries`: fresh asks after an unusable plan before `on_bad_plan` ("fallback" to
    `fallback`, or "retry" forever); `max_replans`: replans per episode before the agent gives
    up and idles (bounds model calls)."""

    retries: int = 2
    on_bad_plan: str = "fallback"
    fallback: str = "recipe"
    max_replans: int = 200
    grace_steps: int = 100  # after a subgoal's test holds, let a busy executor finish (close GUIs)

    def __post_init__(self) -> None:
        if self.on_bad_plan not in ("fallback", "retry"):
            raise ValueError(f"HierarchicalConfig.on_bad_plan {self.on_bad_plan!r}: use 'fallback' or 'retry'")


class HierarchicalAgent:
    """A planner on top of an executor (see the module docstring)."""

    def __init__(self, planner: Any, executor: Any, config: HierarchicalConfig | None = None,
                 name: str | None = None):
        self.planner = planner
        self.executor = executor
        self.config = config or HierarchicalConfig()
        self.name = name or f"{planner.name}+{executor.name}"
        self.privileged = bool(getattr(executor, "privileged", False))
        self.needs_pov = bool(getattr(executor, "needs_pov", True) or getattr(planner, "needs_pov", False))
        self._active = planner
        self.plan: Plan | None = None
        if hasattr(executor, "model_spec") and hasattr(executor, "attach"):
            self.model_spec = executor.model_spec  # the runner serves the executor's network
            self.attach = executor.attach

    def bind(self, env: Any) -> HierarchicalAgent:
        if hasattr(self.executor, "bind"):
            self.executor.bind(env)
        return self

    # -- episode ----------------------------------------------------------------------------
    def reset(self, task: Any, obs, info) -> None:
        self.task = task
        self.executor.reset(task, obs, info)
        self._active = self.planner
        self._fallback = None
        self.replans = 0
        self.index = 0
        self._events: list[str] = []
        self._errors: list[str] = []
        self._text: str | None = None
        self._parsed: str | None = None
        self._shown: str | None = None
        self._install(self._ask(lambda p: p.plan(task, obs, info), obs, info), obs, info)

    def act(self, obs, info) -> tuple[dict, dict]:
        replanned = False
        for _ in range(8):  # advance past finished subgoals; at most one replan per step
            sub = self._current()
            if sub is None:
                if replanned or not self._replan(obs, info, "the plan ran out but the task is not done"):
                    break
                replanned = True
                continue
            if sub.done(self._base, obs, info):
                if getattr(self.executor, "busy", False) and self._grace < self.config.grace_steps:
                    self._grace += 1  # the test holds; the skill is still tidying up
                    break
                self._events.append(f"done: {sub.text} ({self._used} steps)")
                self._next(obs, info)
                continue
            if self._used >= sub.budget or self._gave_up:
                why = "the executor gave up on" if self._gave_up else f"budget of {sub.budget} steps spent on"
                if replanned or not self._replan(obs, info, f"{why} '{sub.text}'"):
                    break
                replanned = True
                continue
            break
        sub = self._current()
        extra: dict = {}
        if sub is not None and self.replans <= self.config.max_replans:
            action, extra = self.executor.act(obs, info)
            self._used += 1
            self._gave_up = bool(extra.pop("finished", False))
        else:
            from openha.actions.env import noop

            action = noop()
            if self.replans > self.config.max_replans:
                self._errors.append(f"gave up after {self.config.max_replans} replans")
        return action, self._trace(sub, extra)

    # -- planning ---------------------------------------------------------------------------
    def _ask(self, call, obs, info) -> Plan:
        """A plan with subgoals from the active planner; retries, then falls back (recorded)."""
        plan = call(self._active)
        self._record(plan)
        tries = 0
        while not plan.subgoals and plan.errors and tries < self.config.retries:
            tries += 1
            plan = self._active.replan(obs, f"your last answer was unusable: {plan.errors[-1]}", info)
            self._record(plan)
        if not plan.subgoals and plan.errors and self.config.on_bad_plan == "fallback" \
                and self._active is self.planner and self.planner.name != self.config.fallback:
            from openha.planners import make_planner

            self._events.append(f"fallback to the {self.config.fallback} planner")
            self._active = self._fallback = make_planner(self.config.fallback)
            plan = self._fallback.plan(self.task, obs, info)
            self._record(plan)
        return plan

    def _record(self, plan: Plan) -> None:
        self._events.append(f"plan by {plan.planner} ({plan.reason}): {len(plan.subgoals)} subgoals")
        self._errors += [f"{plan.planner}: {e}" for e in plan.errors]
        if plan.text is not None:
            self._text = plan.text
            self._parsed = " ; ".join(plan.parsed) or None

    def _replan(self, obs, info, reason: str) -> bool:
        self.replans += 1
        if self.replans > self.config.max_replans:
            return False
        self._events.append(f"replan: {reason}")
        self._install(self._ask(lambda p: p.replan(obs, reason, info), obs, info), obs, info)
        return True

    def _install(self, plan: Plan, obs, info) -> None:
        self.plan, self.index = plan, -1
        self._next(obs, info)

    def _next(self, obs, info) -> None:
        self.index += 1
        self._used, self._gave_up, self._grace = 0, False, 0
        sub = self._current()
        if sub is not None:
            self._base = sub.baseline(obs, info)
            self.executor.start(sub, obs, info)
            self._events.append(f"start: {sub.text}")

    def _current(self):
        if self.plan is None or not 0 <= self.index < len(self.plan.subgoals):
            return None
        return self.plan.subgoals[self.index]

    def _trace(self, sub, extra: dict) -> dict:
        text = self._text or extra.pop("text", None)
        parsed = self._parsed or extra.pop("parsed", None)
        self._text = self._parsed = None
        errors = self._errors + ([str(extra.pop("error"))] if extra.get("error") else [])
        plan = self.plan.describe(max(self.index, 0))[:400] if self.plan else None
        if plan == self._shown:  # the plan line is written when it changes (traces stay small)
            plan = None
        else:
            self._shown = plan
        trace = {
            "agent": self.name,
            "plan": plan,
            "subgoal": sub.text if sub is not None else None,
            "skill": sub.skill if sub is not None else None,
            "text": text,
            "parsed": parsed,
            "error": " | ".join(errors) if errors else None,
            "event": " ; ".join(self._events) if self._events else None,
            "planner": self._active.name,
        }
        trace.update({k: v for k, v in extra.items() if k not in trace})
        self._events, self._errors = [], []
        return trace
