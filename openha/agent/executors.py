"""Executors: run one subgoal of a plan as env actions, for `HierarchicalAgent`.

    ex = make_executor("skills")            # privileged scripted skills: an ORACLE, not a policy
    ex = make_executor("policy:checkpoints/goap-small")   # low-level policy, subgoal text as goal
    ex = make_executor("coa:checkpoints/coa-small")       # Chain-of-Action model
    ex.reset(task, obs, info); ex.start(subgoal, obs, info)
    action, extra = ex.act(obs, info)       # extra: text / parsed / notes / error, finished=True
                                            # when the executor has given up on the subgoal

Learned executors wrap the low-level agents `policy:PATH` (`policies.agent.policy_agent`) and
`coa:PATH` (`openha.coa.agent.coa_agent`): at each subgoal the inner agent is reset with a task
whose instruction is the subgoal text (`SubgoalTask`), and its network is served by the runner
(`model_spec()` / `attach()` pass through `HierarchicalAgent`).
"""

from __future__ import annotations

import importlib
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["Executor", "ExecutorError", "SkillsExecutor", "AgentExecutor", "SubgoalTask", "make_executor"]


class ExecutorError(ValueError):
    """An executor that cannot be built (unknown name, missing package, bad checkpoint)."""


class Executor(Protocol):
    name: str
    privileged: bool
    needs_pov: bool

    def reset(self, task: Any, obs: Mapping[str, Any], info: Mapping[str, Any]) -> None: ...

    def start(self, subgoal: Any, obs: Mapping[str, Any], info: Mapping[str, Any]) -> None: ...

    def act(self, obs: Mapping[str, Any], info: Mapping[str, Any]) -> tuple[dict, dict]: ...


class SkillsExecutor:
    """ORACLE executor: the scripted expert's skill controllers (`openha.experts`), which read the
    game state. Used to measure planners apart from low-level control; never a learned policy."""

    name = "skills"
    privileged = True
    needs_pov = False

    def __init__(self, env: Any = None, defend_radius: float = 4.5):
        self.env = None if env is None else getattr(env, "unwrapped", env)
        self.defend_radius = defend_radius
        self.ctx = self.expert = self._gen = self._interrupt = self._last_note = None

    def bind(self, env: Any) -> SkillsExecutor:
        self.env = getattr(env, "unwrapped", env)
        return self

    def reset(self, task, obs=None, info=None) -> None:
        if self.env is None:
            raise RuntimeError("the skills executor is privileged: call bind(env) before reset()")
        from openha.experts.control import Ctx
        from openha.experts.task_expert import TaskExpert
        from openha.planners.recipe import wood_specific

        self.ctx = Ctx(self.env, task, max_ticks=int(getattr(task, "max_steps", 0) or 10**9))
        self.expert = TaskExpert(self.ctx)
        self.expert.goal_items = {n for _, n, _ in task.success.targets()}
        self.expert.wood_specific = wood_specific(task)
        self._gen = self._interrupt = None
        self._fails: dict[str, int] = {}  # subgoal text -> failures in a row

    @property
    def busy(self) -> bool:
        """A skill is still running (it may be closing a GUI after its goal was reached)."""
        return self._gen is not None or self._interrupt is not None

    def start(self, subgoal, obs=None, info=None) -> None:
        self._gen = self._run(subgoal)
        self._interrupt = None

    def _run(self, sub):
        """The subgoal's skill; after it failed twice in a row, first walk somewhere else (a
        station that cannot be placed in a tunnel, a block out of reach)."""
        from openha.experts import skills
        from openha.experts.control import press
        from openha.experts.exploration import explore

        ctx = self.ctx
        if ctx.game.gui_open:  # the last subgoal's test may hold before its skill closed the GUI
            yield from press("ESC")
        fails = self._fails.get(sub.text, 0)
        if fails >= 2:
            ctx.note(f"failed {fails} times: exploring first")
            yield from (skills.dig_out(ctx) if fails % 2 else explore(ctx, [], None, ()))
        ok = yield from self._skill(sub)
        self._fails[sub.text] = 0 if ok else fails + 1
        return ok

    def _skill(self, sub):
        from openha.experts import gui_skills, skills

        ex, ctx = self.expert, self.ctx
        if sub.step is not None:
            return (yield from ex.run_step(sub.step))
        if sub.action == "goal":
            kind, _, name = sub.target.partition(".")
            return (yield from ex.achieve(kind, name, sub.count))
        if sub.action in ("mine", "kill"):
            yield from ex.collect_stations()  # carry the table/furnace along, as the expert does
            kind = "mine_block" if sub.action == "mine" else "kill_entity"
            held = all(c.held for c in sub.success)
            n = sub.count if held else ex.stat(f"{kind}.{sub.target}") + sub.count
            return (yield from ex.achieve(kind, sub.target, n))
        if sub.action == "craft":
            return (yield from gui_skills.craft(ctx, sub.target, sub.count))
        if sub.action == "smelt":
            return (yield from gui_skills.smelt(ctx, sub.target, sub.count))
        if sub.action == "place":
            return (yield from skills.use_station(ctx, sub.target)) is not None
        if sub.action == "eat":
            return (yield from skills.eat(ctx, [ctx.gd.item(sub.target)]))
        ctx.note(f"the skills executor has no controller for {sub.skill}")
        return False

    def act(self, obs=None, info=None) -> tuple[dict, dict]:
        from openha.experts.combat import defend, threats
        from openha.experts.control import action

        ctx, extra = self.ctx, {}
        if ctx is None:
            raise RuntimeError("call reset(task, obs, info) first")
        if self._interrupt is None and not ctx.game.gui_open and self.defend_radius > 0 \
                and ctx.task.family != "kill_entity" and threats(ctx.game, self.defend_radius):
            self._interrupt = defend(ctx, self.defend_radius + 1.5)
            ctx.note("defending")
        a = None
        for which in ("_interrupt", "_gen"):
            gen = getattr(self, which)
            if gen is None or a is not None:
                continue
            try:
                a = next(gen)
            except StopIteration:
                setattr(self, which, None)
                extra["finished"] = which == "_gen"
            except Exception:  # a bug in a skill must not crash an evaluation
                setattr(self, which, None)
                extra["error"] = traceback.format_exc(limit=6)
                extra["finished"] = which == "_gen"
        if a is None:
            a = action()
            extra.setdefault("finished", self._gen is None)
        ctx.ticks += 1
        if ctx.notes and ctx.notes[-1] is not self._last_note:
            self._last_note = extra["notes"] = ctx.notes[-1]
        return a, extra


@dataclass(frozen=True)
class SubgoalTask:
    """What a learned executor's inner agent sees as its task: the subgoal text as the
    instruction (its goal), the rest from the episode's task."""

    instruction: str
    id: str
    family: str
    max_steps: int
    success: Any = None


class AgentExecutor:
    """A learned low-level agent as an executor: `policy:PATH` (GOAP / VPT-style policy,
    `policies.agent`) or `coa:PATH` (Chain-of-Action model, `openha.coa.agent`). Each subgoal
    restarts the inner agent with the subgoal text as its instruction; its network is served by
    the eval runner through `model_spec()` / `attach()` like any ModelAgent."""

    privileged = False
    needs_pov = True

    def __init__(self, inner: Any, name: str):
        self.inner, self.name = inner, name
        self.task = None
        if hasattr(inner, "model_spec"):
            self.model_spec = inner.model_spec
        if hasattr(inner, "attach"):
            self.attach = inner.attach

    def reset(self, task, obs=None, info=None) -> None:
        self.task = task

    def start(self, subgoal, obs=None, info=None) -> None:
        t = self.task
        goal = SubgoalTask(subgoal.text, f"{getattr(t, 'id', 'task')}#{subgoal.text}",
                           getattr(t, "family", ""), subgoal.budget, getattr(t, "success", None))
        self.inner.reset(goal, obs, info)

    def act(self, obs, info=None) -> tuple[dict, dict]:
        action, trace = self.inner.act(obs, info)
        extra = dict(trace or {})
        if extra.get("plan") is not None:  # the inner model's abstract step (Grounding: …)
            extra["parsed"] = str(extra.pop("plan"))
        return action, extra


LEARNED = {"policy": ("policies.agent", "policy_agent"), "coa": ("openha.coa.agent", "coa_agent")}


def make_executor(spec: str, env: Any = None) -> Any:
    """`skills` | `policy:PATH` | `coa:PATH`."""
    spec = spec.strip()
    if spec in ("skills", "oracle-skills"):
        return SkillsExecutor(env)
    kind, sep, path = spec.partition(":")
    if sep and path and kind in LEARNED:
        module, factory = LEARNED[kind]
        try:
            make = getattr(importlib.import_module(module), factory)
        except (ImportError, AttributeError) as e:
            raise ExecutorError(f"executor {spec!r} needs {module}.{factory} ({e}); install that "
                                "part of openha or use the `skills` executor") from e
        try:
            return AgentExecutor(make(path), spec)
        except (OSError, ValueError) as e:
            raise ExecutorError(f"executor {spec!r}: {e}") from e
    raise ExecutorError(f"unknown executor {spec!r}; use skills, policy:PATH or coa:PATH")
