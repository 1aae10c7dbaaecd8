"""Generated data (MGOA's recipe): an agent plays each goal, only successful episodes are kept.

    openha data generate --tasks mine_block/dirt_nearby,mine_block/sand --agent expert \\
        --episodes 20 --out runs/gen [--workers 4]

Step 1 records task × seed episodes (mp4 + contractor jsonl + metadata json, the `ours` format)
into `OUT/recordings/`; a failed episode's files are removed and `OUT/rejected/<name>.json` keeps
its reason, so reruns skip it. Step 2 builds shards from the recordings with the ordinary `ours`
build into `OUT/` (shards/, status/, index.json). Both steps resume. Ray only when workers > 1.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# MGOA's atomic kinds that our engine has expert tasks for (logs, seeds, dirt, sand, stone)
DEFAULT_TASKS = ",".join((
    "mine_block/oak_log", "mine_block/oak_log_nearby", "mine_block/grass",
    "mine_block/grass_nearby", "mine_block/dirt", "mine_block/dirt_nearby", "mine_block/sand",
    "mine_block/sand_nearby", "mine_block/cobblestone", "mine_block/stone_nearby",
))  # fmt: skip
AGENTS: dict[str, str] = {"expert": "openha.experts.agent:ExpertAgent"}  # name -> "module:Class"


@dataclass(frozen=True)
class GenerateConfig:
    """One generation run (picklable, shipped to Ray workers)."""

    out: str
    tasks: str = DEFAULT_TASKS  # ids, families, globs, tag:<t>, comma-separated
    agent: str = "expert"
    episodes: int = 10  # seeds 0 … episodes-1 per task
    record_size: tuple[int, int] = (128, 72)  # (width, height) the env renders
    resolution: tuple[int, int] = (64, 64)  # (width, height) of the shards
    max_steps: int | None = None  # cap on each episode (default: the task's max_steps)
    after_success: int = 0  # ticks recorded after success (frames past the last event)

    def check(self) -> None:
        if self.agent not in AGENTS:
            raise ValueError(f"--agent {self.agent!r} unknown; use one of {sorted(AGENTS)}")
        if self.episodes < 1:
            raise ValueError(f"--episodes {self.episodes}: use ≥ 1")
        if self.after_success < 0:
            raise ValueError(f"--after-success {self.after_success}: use ≥ 0 ticks")


def episode_name(task_id: str, seed: int) -> str:
    return f"{task_id.replace('/', '__')}__seed{seed}"


def plan(cfg: GenerateConfig) -> tuple[list[tuple[str, int]], int]:
    """(task id, seed) pairs still to play, and how many were played before."""
    from openha.tasks import load_suite

    try:
        tasks = load_suite().select(cfg.tasks)
    except KeyError as e:
        raise ValueError(f"--tasks {cfg.tasks!r}: {e.args[0]}") from None
    out = Path(cfg.out)
    jobs = [(t.id, s) for t in tasks for s in range(cfg.episodes)]
    todo = [(t, s) for t, s in jobs if not _played(out, episode_name(t, s))]
    return todo, len(jobs) - len(todo)


def _played(out: Path, name: str) -> bool:
    return (out / "recordings" / f"{name}.json").exists() or (out / "rejected" / f"{name}.json").exists()


def play(cfg: GenerateConfig, task_id: str, seed: int) -> dict[str, Any]:
    """Record one episode; keep it only if it succeeded. Returns {name, task, seed, success, steps}."""
    import importlib

    import gymnasium as gym

    import envs  # noqa: F401  (registers the env id)
    from openha.experts import record
    from openha.tasks import load_suite

    mod, _, cls = AGENTS[cfg.agent].partition(":")
    agent = getattr(importlib.import_module(mod), cls)()
    task = load_suite().get(task_id)
    name, out = episode_name(task_id, seed), Path(cfg.out)
    env = gym.make("openha/VoxelWorld-v0", width=cfg.record_size[0], height=cfg.record_size[1])
    try:
        meta = record(env, task, seed=seed, out_dir=out / "recordings", name=name, agent=agent,
                      max_steps=cfg.max_steps, after_success=cfg.after_success)
    finally:
        env.close()
    row = {"name": name, "task": task_id, "seed": seed, "success": bool(meta["success"]),
           "steps": meta["steps"]}
    if not meta["success"]:
        for suffix in (".mp4", ".jsonl", ".json"):
            (out / "recordings" / f"{name}{suffix}").unlink(missing_ok=True)
        reason = {**row, "death": meta.get("death"), "error": meta.get("error")}
        _write_json(out / "rejected" / f"{name}.json", reason)
    return row


def _write_json(path: Path, obj: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(obj, indent=1, default=str))
    os.replace(tmp, path)


def generate(cfg: GenerateConfig, *, workers: int = 1, address: str | None = None,
             on_result: Callable[[dict], None] | None = None,
             on_plan: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Play every (task, seed) not yet played, then build shards; returns a summary."""
    from data_pipeline.jobs import build
    from data_pipeline.stages import BuildConfig

    cfg.check()
    todo, before = plan(cfg)
    if on_plan is not None:
        on_plan(len(todo), before)
    kept = failed = 0
    for row in _run(cfg, todo, workers, address):
        kept += row["success"]
        failed += not row["success"]
        if on_result is not None:
            on_result(row)
    recordings = Path(cfg.out) / "recordings"
    summary: dict[str, Any] = {"played": len(todo), "played_before": before, "kept": kept,
                               "rejected": failed}
    if recordings.is_dir() and any(recordings.glob("*.mp4")):
        report = build([recordings], BuildConfig(out=cfg.out, source="ours",
                                                 resolution=cfg.resolution),
                       workers=workers, address=address)
        summary["build"] = report.summary()
    return summary


def _run(cfg: GenerateConfig, todo: list[tuple[str, int]], workers: int, address: str | None):
    if workers <= 1 and address is None:
        for task_id, seed in todo:
            yield play(cfg, task_id, seed)
        return
    from openha.ray_session import ray_session

    with ray_session(workers, address) as ray:
        remote = ray.remote(num_cpus=1, max_retries=2)(play)
        pending = [remote.remote(cfg, t, s) for t, s in todo]
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            for ref in done:
                yield ray.get(ref)
