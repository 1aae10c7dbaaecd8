"""Crafter's 22 achievements as `TaskSpec`s and its score, and what `openha eval --env crafter`
needs besides: the env factory, task selection, the agents that speak Crafter's 17 discrete
actions (`random`: uniform, the paper's baseline; `noop`) and how an action reads in a trace.
The env and the score formula live in `envs/crafter.py`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from envs.crafter import (
    ACHIEVEMENTS,
    ACTIONS,
    PAPER_SCORES,
    crafter_score,
    score_ci,
    success_rates,
    task_dicts,
)
from openha.tasks.spec import TaskSpec

__all__ = ["ENV_ID", "ACHIEVEMENTS", "crafter_tasks", "crafter_report", "make_crafter_env",
           "select_crafter_tasks", "make_crafter_agent", "CrafterRandomAgent", "CrafterNoopAgent",
           "describe_action"]  # fmt: skip

ENV_ID = "openha/Crafter-v0"


def crafter_tasks(max_steps: int = 10000) -> list[TaskSpec]:
    """`crafter/<achievement>` tasks: success `achievement.<name>` >= 1 in `info["stats"]`."""
    return [TaskSpec.from_dict(d) for d in task_dicts(max_steps)]


def crafter_report(final_stats: Sequence[Mapping[str, int]]) -> dict:
    """Score summary of finished Crafter episodes, from each episode's last `info["stats"]`
    (any task: one episode measures all 22 achievements)."""
    score, lo, hi = score_ci(final_stats)
    rates = success_rates(final_stats)
    assert abs(crafter_score(rates) - score) < 1e-9
    return {"episodes": len(final_stats), "score": score, "ci95": [lo, hi],
            "success_rates": rates, "paper_random": PAPER_SCORES["random"]}  # fmt: skip


# -- `openha eval --env crafter` (see `openha.eval.environments`) ------------------------------
def make_crafter_env(width: int = 64, height: int = 64):
    """A `CrafterEnv` rendering a `width`×`height` view (Crafter's view is square)."""
    from envs.crafter import CrafterEnv

    if int(width) != int(height):
        raise ValueError(f"--width {width} --height {height}: Crafter renders a square view; "
                         f"give equal sizes (e.g. --width 64 --height 64)")
    return CrafterEnv(size=int(width))


def select_crafter_tasks(selection: str = "all", tasks_root: Path | str | None = None,
                         max_steps: int = 10000) -> list[TaskSpec]:
    """Crafter tasks by the benchmark's selection syntax (`all`, ids, globs, `tag:easy`), plus
    `crafter` for all of them; `tasks_root` (a VoxelWorld task folder) does not apply."""
    from openha.tasks import Suite

    if tasks_root is not None:
        raise ValueError(f"--tasks-root {tasks_root}: Crafter's tasks are its 22 achievements; "
                         "--tasks-root is for VoxelWorld task folders")
    parts = [p.strip() for p in str(selection).split(",") if p.strip()]
    parts = ["crafter/*" if p == "crafter" else p for p in parts]
    suite = Suite(tuple(crafter_tasks(max_steps)), name="crafter")
    return list(suite.select(",".join(parts) or "all"))


class CrafterRandomAgent:
    """Uniformly random Crafter actions (the paper's random baseline), reseeded from the episode
    seed at every reset so an episode is reproducible."""

    name = "random"
    needs_pov = False

    def __init__(self) -> None:
        self.rng = np.random.default_rng(0)

    def reset(self, task: Any, obs: Any = None, info: Any = None) -> None:
        seed = int(((info or {}).get("episode") or {}).get("seed", 0))
        self.rng = np.random.default_rng(seed)

    def act(self, obs: Any = None, info: Any = None) -> tuple[int, dict]:
        return int(self.rng.integers(len(ACTIONS))), {}


class CrafterNoopAgent:
    """Always Crafter's `noop`: the floor of the success rates."""

    name = "noop"
    needs_pov = False

    def reset(self, task: Any, obs: Any = None, info: Any = None) -> None:
        return None

    def act(self, obs: Any = None, info: Any = None) -> tuple[int, dict]:
        return 0, {}


CRAFTER_AGENTS = {"random": CrafterRandomAgent, "noop": CrafterNoopAgent}


def make_crafter_agent(spec: str):
    """An agent that acts in Crafter's `Discrete(17)` space. The agent registry's agents speak
    MineRL actions (VoxelWorld), so only these are accepted with `--env crafter`."""
    from openha.agent import AgentError

    if spec not in CRAFTER_AGENTS:
        raise AgentError(f"--agent {spec!r} does not act in Crafter (its agents speak MineRL "
                         f"actions); with --env crafter use one of {', '.join(sorted(CRAFTER_AGENTS))}")
    return CRAFTER_AGENTS[spec]()


def describe_action(action: Any) -> dict[str, int]:
    """A Crafter action as the trace's action mapping: `{"move_left": 1}` (trace: `move_left`)."""
    return {ACTIONS[int(action)]: 1}
