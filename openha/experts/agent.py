"""`ExpertAgent`: the privileged scripted expert behind the Agent protocol.

    agent = ExpertAgent(env)              # or ExpertAgent() then agent.bind(env)
    agent.reset(task, obs, info)
    action, trace = agent.act(obs, info)  # one MineRL action per env step

It reads the env's game state (privileged) and acts only through env action dicts. Hostile mobs
that come close interrupt the plan: the expert fights them, then carries on.
"""

from __future__ import annotations

import traceback
from typing import Any

from .combat import defend, threats
from .control import Ctx, action
from .task_expert import TaskExpert


class ExpertAgent:
    """Privileged scripted expert (registered as `expert`)."""

    name = "expert"
    privileged = True  # needs `bind(env)`: it reads the game state
    needs_pov = False  # acts on the game state: the runner may skip 3-D rendering

    def __init__(self, env: Any = None, defend_radius: float = 4.5):
        self.env = None if env is None else getattr(env, "unwrapped", env)
        self.defend_radius = defend_radius
        self.ctx: Ctx | None = None
        self._main = None
        self._interrupt = None
        self.error: str | None = None

    def bind(self, env: Any) -> ExpertAgent:
        self.env = getattr(env, "unwrapped", env)
        return self

    def reset(self, task, obs=None, info=None) -> None:
        if self.env is None:
            raise RuntimeError("ExpertAgent is privileged: call agent.bind(env) before reset()")
        max_ticks = int(getattr(task, "max_steps", 10**9) or 10**9)
        self.ctx = Ctx(self.env, task, max_ticks=max_ticks)
        self._main = TaskExpert(self.ctx).run()
        self._interrupt = None
        self.error = None

    def act(self, obs=None, info=None) -> tuple[dict, dict]:
        ctx = self.ctx
        if ctx is None:
            raise RuntimeError("call reset(task, obs, info) first")
        game = ctx.game
        a = None
        if self._interrupt is None and not game.gui_open and self.defend_radius > 0:
            family = getattr(ctx.task, "family", "")
            if family != "kill_entity" and threats(game, self.defend_radius):
                self._interrupt = defend(ctx, self.defend_radius + 1.5)
                ctx.note("defending")
        if self._interrupt is not None:
            a = self._next(self._interrupt, "interrupt")
            if a is None:
                self._interrupt = None
        if a is None:
            a = self._next(self._main, "main")
        if a is None:
            a = action()
        ctx.ticks += 1
        trace = {"agent": self.name, "note": ctx.notes[-1] if ctx.notes else ""}
        if self.error:
            trace["error"] = self.error
        return a, trace

    def _next(self, gen, which: str):
        if gen is None:
            return None
        try:
            return next(gen)
        except StopIteration:
            if which == "main":
                self._main = None
            return None
        except Exception:  # a bug in a skill must not crash a whole evaluation
            self.error = traceback.format_exc(limit=8)
            self.ctx.note(f"error in {which}: {self.error.splitlines()[-1]}")
            if which == "main":
                self._main = None
            return None
