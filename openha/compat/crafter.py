"""Crafter's 22 achievements as `TaskSpec`s and its score, for `openha eval --env crafter` and
`openha report` (the env and the score formula live in `envs/crafter.py`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from envs.crafter import (
    ACHIEVEMENTS,
    PAPER_SCORES,
    crafter_score,
    score_ci,
    success_rates,
    task_dicts,
)
from openha.tasks.spec import TaskSpec

__all__ = ["ENV_ID", "ACHIEVEMENTS", "crafter_tasks", "crafter_report"]

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
