"""Privileged scripted experts for VoxelWorld: they read the game state and act only through env
action dicts (MineRL 1.0 `HumanSurvival`).

    from openha.experts import ExpertAgent, run_episode, make_env, record, replay
    env = make_env(128, 128)
    result = run_episode(env, task, seed=0)                 # {success, steps, reason, ...}
    meta = record(env, task, seed=0, out_dir="demos/")      # mp4 + VPT-style jsonl + metadata
    same, stats = replay("demos/<name>.jsonl")

Layers: `control` (actions, camera) ← `navigation` (A*) ← `movement` (walk, dig, pillar) ←
`skills` / `gui_skills` / `combat` / `interact` / `exploration` ← `task_expert` (success condition → skills via
the recipe graph) ← `agent` (the Agent protocol, registered as `expert`) ← `runner`, `recorder`.
"""

from .agent import ExpertAgent
from .navigation import NoPath, Path, PathStep, find_path
from .runner import make_env, run_episode


def __getattr__(name: str):
    """`record` / `replay` load the recorder on first use, so `python -m openha.experts.recorder`
    runs it as a fresh module."""
    if name in ("record", "replay"):
        from . import recorder

        return getattr(recorder, name)
    raise AttributeError(f"module 'openha.experts' has no attribute {name!r}")

__all__ = ["ExpertAgent", "NoPath", "Path", "PathStep", "find_path", "make_env", "record", "replay", "run_episode"]
