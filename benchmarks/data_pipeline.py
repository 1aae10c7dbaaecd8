"""Dataset build throughput: decode + segment + write, 640×360 mp4 → 128×128 shards (no IDM).

    python benchmarks/data_pipeline.py [--episodes 4] [--frames 1200] [--workers 1 2]

Makes `episodes` VoxelWorld-like recordings once (a 640×360 mp4 of rendered frames, repeated to
`frames` frames, with a contractor jsonl), then times `data_pipeline.jobs.build` at each worker
count into a fresh folder and prints frames/s (Ray start-up excluded) and bytes/frame as JSON.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from data_pipeline.sources.contractor import env_action_to_tick  # noqa: E402
from openha.actions import env as env_actions  # noqa: E402
from openha.video import VideoWriter  # noqa: E402


def make_recordings(folder: Path, episodes: int, frames: int, seed: int = 0) -> None:
    import gymnasium as gym

    import envs  # noqa: F401

    env = gym.make("openha/VoxelWorld-v0", width=640, height=360)
    rng = np.random.default_rng(seed)
    for e in range(episodes):
        obs, _ = env.reset(seed=seed + e)
        base = []
        for _ in range(min(frames, 100)):  # render 100 real frames, loop them
            base.append(obs["pov"])
            obs, *_ = env.step(env_actions.make(["forward"], yaw=float(rng.normal(0, 3))))
        lines = []
        with VideoWriter(folder / f"ep{e}.mp4") as video:
            for t in range(frames):
                video.write(base[t % len(base)])
                a = env_actions.make(["forward", "attack"] if t % 3 else ["jump"], yaw=1.5)
                lines.append(
                    json.dumps(env_action_to_tick(a, hotbar=0, stats={"mine_block.dirt": t // 200}))
                )
        (folder / f"ep{e}.jsonl").write_text("\n".join(lines) + "\n")
        (folder / f"ep{e}.json").write_text(
            json.dumps({"task": "mine_block/dirt", "seed": seed + e})
        )
    env.close()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--episodes", type=int, default=4)
    p.add_argument("--frames", type=int, default=1200)
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = p.parse_args()
    root = Path(tempfile.mkdtemp(prefix="openha-bench-data-"))
    try:
        make_recordings(root / "rec", args.episodes, args.frames)
        results = {}
        for w in args.workers:
            # a fresh interpreter at the repo root: Ray workers put this script's folder on
            # sys.path, where this file would shadow the data_pipeline package
            code = (
                "import json, sys, time; from data_pipeline.jobs import build; "
                "from data_pipeline.stages import BuildConfig; from data_pipeline.inspect import stats; "
                "t0 = time.perf_counter(); "
                f"r = build([{str(root / 'rec')!r}], BuildConfig(out={str(root / f'out{w}')!r}), workers={w}); "
                f"s = stats({str(root / f'out{w}')!r}); "
                "print(json.dumps({'frames': r.frames, 'wall_s': round(time.perf_counter() - t0, 2), "
                "'frames_per_s': round(r.frames_per_second, 1), 'bytes_per_frame': s['bytes_per_frame']}))"
            )
            out = subprocess.run(
                [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
            )
            results[f"workers={w}"] = json.loads(out.stdout.strip().splitlines()[-1])
        print(json.dumps(results, indent=2))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
