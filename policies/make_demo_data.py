"""Expert demonstrations of the atomic mining tasks, built into training shards.

    python -m policies.make_demo_data --demos runs/demos --out runs/policy_data --seeds 40

Step 1 records `openha.experts.record` episodes (mp4 + VPT-style jsonl + json) for every task ×
seed, skipping recordings that already exist (rerun to resume). Step 2 runs the dataset
pipeline's `ours` build (resumable too) into `--out` at `--resolution`. Generated data is never
committed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import typer
from tqdm import tqdm

# The atomic tasks of issue #11 (oak logs, seeds from grass, dirt, sand, cobblestone/stone with
# a given wooden pickaxe): the open-world version and the "block placed ahead" version of each.
ATOMIC_TASKS = (
    "mine_block/oak_log", "mine_block/oak_log_nearby",
    "mine_block/grass", "mine_block/grass_nearby",
    "mine_block/dirt", "mine_block/dirt_nearby",
    "mine_block/sand", "mine_block/sand_nearby",
    "mine_block/cobblestone", "mine_block/stone_nearby",
)  # fmt: skip


@dataclass
class DemoDataConfig:
    demos: str = "runs/demos"
    out: str = "runs/policy_data"
    tasks: tuple[str, ...] = ATOMIC_TASKS
    seeds: list[int] = field(default_factory=lambda: list(range(40)))
    record_width: int = 128  # 16:9 like the 640×360 eval view, so resizing squashes alike
    record_height: int = 72
    resolution: tuple[int, int] = (64, 64)
    successful_only: bool = True


def record_demos(cfg: DemoDataConfig) -> dict[str, int]:
    """Record every (task, seed) not yet on disk; returns counts of recorded/skipped/failed."""
    import gymnasium as gym

    import envs  # noqa: F401  (registers the env id)
    from openha.experts import record
    from openha.tasks import load_suite

    suite = load_suite()
    tasks = [suite.get(t) for t in cfg.tasks]
    env = gym.make("openha/VoxelWorld-v0", width=cfg.record_width, height=cfg.record_height)
    out = Path(cfg.demos)
    counts = {"recorded": 0, "existing": 0, "failed": 0}
    jobs = [(t, s) for t in tasks for s in cfg.seeds]
    for task, seed in tqdm(jobs, desc="record demos"):
        name = f"{task.id.replace('/', '__')}__seed{seed}"
        meta_path = out / f"{name}.json"
        if meta_path.exists():
            counts["existing"] += 1
            continue
        meta = record(env, task, seed=seed, out_dir=out, name=name)
        if cfg.successful_only and not meta["success"]:
            for suffix in (".mp4", ".jsonl", ".json"):
                (out / f"{name}{suffix}").unlink(missing_ok=True)
            (out / f"{name}.failed").write_text(json.dumps({"steps": meta["steps"]}))
            counts["failed"] += 1
        else:
            counts["recorded"] += 1
    env.close()
    return counts


def build_shards(cfg: DemoDataConfig) -> dict:
    """Turn the recordings into HDF5 shards with the dataset pipeline (resumable)."""
    from data_pipeline.jobs import build
    from data_pipeline.stages import BuildConfig

    report = build([cfg.demos], BuildConfig(out=cfg.out, source="ours", resolution=cfg.resolution))
    return report.summary()


def main(
    demos: Path = typer.Option(Path("runs/demos"), help="Folder for the recordings."),
    out: Path = typer.Option(Path("runs/policy_data"), help="Dataset build folder."),
    seeds: int = typer.Option(40, min=1, help="Seeds 0..N-1 per task."),
    resolution: str = typer.Option("64x64", help="Shard frame size WIDTHxHEIGHT."),
) -> None:
    """Record expert demos of the atomic tasks and build shards from them."""
    from data_pipeline.decode import parse_resolution

    cfg = DemoDataConfig(demos=str(demos), out=str(out), seeds=list(range(seeds)),
                         resolution=parse_resolution(resolution))
    typer.echo(json.dumps(record_demos(cfg)))
    typer.echo(json.dumps(build_shards(cfg), indent=2))


if __name__ == "__main__":
    typer.run(main)
