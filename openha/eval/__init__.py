"""Evaluation (`openha eval`, `openha report`): episodes of an agent on benchmark tasks, in-process
or on Ray (env-worker actors + one batched inference actor), a crash-safe results store with
resume, fault tolerance, reports and videos, on VoxelWorld or Crafter (`environments`, the
`--env` registry). Only `ray_runner` imports ray.

    from openha.eval import EvalConfig, run_eval, read_results
    summary = run_eval(EvalConfig(out=Path("runs/demo"), tasks="craft_item", agent="random"))
    run_eval(EvalConfig(out=Path("runs/crafter"), env="crafter", agent="random", seeds=[0, 1]))
"""

from .environments import ENVS, EvalEnv, get_env
from .runner import EpisodeJob, EpisodeWorker, plan_jobs, run_episode, run_local
from .session import EvalConfig, EvalSummary, parse_seeds, run_eval
from .store import ResultStore, StoreError, read_meta, read_results

__all__ = [
    "ENVS",
    "EpisodeJob",
    "EpisodeWorker",
    "EvalConfig",
    "EvalEnv",
    "EvalSummary",
    "ResultStore",
    "StoreError",
    "get_env",
    "parse_seeds",
    "plan_jobs",
    "read_meta",
    "read_results",
    "run_episode",
    "run_eval",
    "run_local",
]
