"""Run the expert on tasks in-process: one episode → one result dict (what the benchmark and the
tests use; `openha eval --agent expert` does the same on Ray)."""

from __future__ import annotations

import time
from typing import Any

import gymnasium as gym

from .agent import ExpertAgent


def make_env(width: int = 64, height: int = 64, headless: bool = False, **kwargs) -> gym.Env:
    """A VoxelWorld env for expert runs. `headless=True` skips rendering the 3-D view (the game,
    and so success, is unchanged; `pov` stays black) — rendering is ~90% of a step's cost."""
    import envs  # noqa: F401  (registers openha/VoxelWorld-v0)

    env = gym.make("openha/VoxelWorld-v0", width=width, height=height, **kwargs)
    if headless:  # TODO(env): use the env's own switch once it has one
        env.unwrapped.renderer.render = _no_render
    return env


def _no_render(*args, **kwargs) -> None:
    return None


def run_episode(env: gym.Env, task, seed: int, agent: ExpertAgent | None = None,
                max_steps: int | None = None, on_step=None, world_seed: int | None = None) -> dict[str, Any]:
    """Reset `env` for `task` with `seed` and let the expert act until success, death or
    `max_steps` (default: the task's). `on_step(obs, action, info)` sees every step;
    `world_seed` replaces the task's world (robustness checks on other worlds)."""
    agent = agent or ExpertAgent()
    agent.bind(env)
    t0 = time.perf_counter()
    options = {"task": task} if world_seed is None else {"task": task, "world_seed": int(world_seed)}
    obs, info = env.reset(seed=seed, options=options)
    agent.reset(task, obs, info)
    limit = int(max_steps or task.max_steps)
    success = task.success.check(info["stats"], obs["inventory"])
    steps, reason = 0, "success" if success else "timeout"
    while not success and steps < limit:
        act, _trace = agent.act(obs, info)
        obs, _, terminated, truncated, info = env.step(act)
        steps += 1
        if on_step is not None:
            on_step(obs, act, info)
        success = task.success.check(info["stats"], obs["inventory"])
        if success:
            reason = "success"
            break
        if terminated or truncated:
            reason = "death: " + str((info.get("death") or {}).get("cause", "?")) if terminated else "truncated"
            break
    game = env.unwrapped.game
    missing = task.success.missing(info["stats"], obs["inventory"])
    return {
        "task": task.id,
        "family": task.family,
        "seed": int(seed),
        "world_seed": world_seed,
        "success": bool(success),
        "steps": steps,
        "max_steps": limit,
        "reason": reason if success or not agent.error else "error",
        "missing": missing,
        "error": agent.error,
        "notes": agent.ctx.notes[-12:] if agent.ctx else [],
        "health": float(game.health),
        "wall_s": round(time.perf_counter() - t0, 2),
    }
