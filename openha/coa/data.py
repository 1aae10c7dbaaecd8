"""CoA datasets (`openha data coa`): run the privileged expert on tasks and store every frame,
action and the Chain-of-Action targets of each decision step in HDF5 shards.

One shard per (task, seed) under `out/shards/`, written through `data_pipeline.schema` (temp name +
rename), so a rerun skips finished shards. The decision rows live in the episode's extra group
`coa`: `frame` (decision tick), one target column per space (`labels.SPACES`) and `instruction`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from openha.coa import labels

EXTRA = "coa"


@dataclass
class CoADataConfig:
    """One `openha data coa` job."""

    out: str
    tasks: str = "mine_block,craft_item"  # a suite selection (ids, families, globs, tag:…)
    episodes: int = 1  # seeds per task: 0 … episodes-1 (+ seed_offset)
    every: int = 4  # ticks per decision (k)
    horizon: int = 60  # ticks the grounding target is looked ahead for
    size: int = 112  # frame side in pixels (a multiple of 28 for Qwen2-VL patches)
    max_steps: int | None = None  # cap on each task's step budget
    seed_offset: int = 0
    success_only: bool = False  # keep only episodes the expert finished

    def validate(self) -> None:
        for name in ("episodes", "every", "horizon", "size"):
            if int(getattr(self, name)) < 1:
                raise ValueError(f"CoADataConfig.{name}={getattr(self, name)!r}: must be >= 1")
        if self.size % 28:
            raise ValueError(f"CoADataConfig.size={self.size}: use a multiple of 28 (e.g. 112)")


def shard_name(task_id: str, seed: int) -> str:
    return f"{task_id.replace('/', '__')}__s{seed}.h5"


def record_episode(env: Any, task: Any, seed: int, cfg: CoADataConfig) -> dict[str, Any]:
    """Run the expert for one episode; frames (T, H, W, 3), actions, probes and the result."""
    from openha.experts import ExpertAgent

    agent = ExpertAgent().bind(env)
    obs, info = env.reset(seed=seed, options={"task": task})
    agent.reset(task, obs, info)
    game = env.unwrapped.game
    limit = int(cfg.max_steps or task.max_steps)
    frames, probes, skill = [], [], None
    success = task.success.check(info["stats"], obs["inventory"])
    while not success and len(probes) < limit:
        action, trace = agent.act(obs, info)
        skill = labels.skill_of(str(trace.get("note", "")), skill)
        frames.append(np.asarray(obs["pov"], np.uint8))
        probes.append(labels.probe(game, action, skill))
        obs, _, terminated, truncated, info = env.step(action)
        success = task.success.check(info["stats"], obs["inventory"])
        if terminated or truncated:
            break
    return {"frames": frames, "probes": probes, "success": bool(success)}


def episode_rows(probes: list[labels.Probe], instruction: str, cfg: CoADataConfig) -> dict:
    """The `coa` extra columns: one row per decision tick."""
    rows: dict[str, list] = {"frame": [], "instruction": [], **{s: [] for s in labels.SPACES}}
    for t in range(0, len(probes), cfg.every):
        rows["frame"].append(t)
        rows["instruction"].append(instruction)
        for space, text in labels.targets(probes, t, cfg.every, cfg.horizon).items():
            rows[space].append(text)
    rows["frame"] = np.asarray(rows["frame"], np.int32)
    return rows


def write_episode(path: Path, episode_id: str, rec: dict, rows: dict, attrs: dict) -> None:
    from data_pipeline.schema import Goal, ShardWriter

    frames = np.stack(rec["frames"])
    actions = {k: np.asarray([p.action[k] for p in rec["probes"]]) for k in rec["probes"][0].action}
    actions["camera"] = actions["camera"].astype(np.float32).reshape(-1, 2)
    t = len(frames)
    goal = Goal(attrs["instruction"], 0, t - 1, rec["success"], "")
    with ShardWriter(path) as w:
        w.begin(episode_id, frames.shape[1], frames.shape[2], attrs)
        w.append_frames(frames)
        w.end(actions, [goal])
        w.add_extra(episode_id, EXTRA, rows)


def make_coa_dataset(cfg: CoADataConfig, on_episode: Callable[[dict], None] | None = None) -> dict:
    """Build (or resume) the dataset; returns a summary and writes out/index.json."""
    from openha.experts import make_env
    from openha.tasks import load_suite

    cfg.validate()
    out = Path(cfg.out)
    (out / "shards").mkdir(parents=True, exist_ok=True)
    tasks = list(load_suite().select(cfg.tasks))
    if not tasks:
        raise ValueError(f"--tasks {cfg.tasks!r} selects no task")
    env = make_env(cfg.size, cfg.size)
    summary = {"config": asdict(cfg), "written": 0, "skipped": 0, "dropped": 0, "decisions": 0,
               "frames": 0, "successes": 0, "seconds": 0.0}  # fmt: skip
    t0 = time.perf_counter()
    for task in tasks:
        for i in range(cfg.episodes):
            seed = cfg.seed_offset + i
            path = out / "shards" / shard_name(task.id, seed)
            status = {"task": task.id, "seed": seed, "path": str(path)}
            if path.exists():
                summary["skipped"] += 1
                status["status"] = "skipped"
            else:
                rec = record_episode(env, task, seed, cfg)
                keep = rec["probes"] and (rec["success"] or not cfg.success_only)
                status.update(status="written" if keep else "dropped", success=rec["success"],
                              frames=len(rec["frames"]))  # fmt: skip
                if keep:
                    rows = episode_rows(rec["probes"], task.instruction, cfg)
                    attrs = {"source": "expert", "fps": 20, "resolution": [cfg.size, cfg.size],
                             "labeller": "expert", "env_version": "VoxelWorld-v0", "seed": seed,
                             "task": task.id, "family": task.family, "instruction": task.instruction,
                             "success": rec["success"], "every": cfg.every}  # fmt: skip
                    write_episode(path, f"{task.id.replace('/', '__')}__s{seed}", rec, rows, attrs)
                    summary["written"] += 1
                    summary["decisions"] += len(rows["frame"])
                    summary["frames"] += len(rec["frames"])
                    summary["successes"] += int(rec["success"])
                else:
                    summary["dropped"] += 1
            if on_episode is not None:
                on_episode(status)
    env.close()
    summary["seconds"] = round(time.perf_counter() - t0, 2)
    summary["frames_per_s"] = round(summary["frames"] / max(summary["seconds"], 1e-9), 1)
    index = out / "index.json"
    index.write_text(json.dumps(summary, indent=2) + "\n")
    return summary


def shards(root: str | Path) -> list[Path]:
    """The finished CoA shards under a dataset folder (or the file itself)."""
    root = Path(root)
    if root.is_file():
        return [root]
    found = sorted((root / "shards").glob("*.h5")) or sorted(root.glob("*.h5"))
    if not found:
        raise FileNotFoundError(f"{root}: no *.h5 shards; build them with `openha data coa --out {root}`")
    return found
