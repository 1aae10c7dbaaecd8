"""Dataset throughput: build (decode + segment + write, 640×360 mp4 → 128×128 shards, no IDM) and
IDM labelling (`openha data label`).

    python benchmarks/data_pipeline.py [--episodes 4] [--frames 1200] [--workers 1 2]
                                       [--idm checkpoints/idm-small] [--idm-threads 1 2]

Makes `episodes` VoxelWorld-like recordings once (a 640×360 mp4 of rendered frames, repeated to
`frames` frames, with a contractor jsonl), then times `data_pipeline.jobs.build` at each worker
count into a fresh folder and prints frames/s (Ray start-up excluded) and bytes/frame as JSON.
Then builds the same videos as raw video (`--source video`) at the IDM's image size and times
`data_pipeline.label.label_folder` at each torch thread count (model loading excluded).
On a shared machine wall-clock frames/s depend on the load: `frames_per_cpu_s` (IDM) and
`driver_frames_per_cpu_s` (build, meaningful at 1 worker, where the build runs in the driver)
divide by the CPU time the process got instead, an estimate of one idle core. Without
a trained `--idm` folder a fresh `small` IDM is used: the same compute, so the same frames/s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
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


def bench_labelling(root: Path, idm: str, threads: list[int]) -> dict:
    """IDM labelling frames/s over raw-video shards of the benchmark recordings."""
    from data_pipeline import jobs
    from data_pipeline.label import LabelConfig, label_folder
    from data_pipeline.stages import BuildConfig
    from policies.idm import IDMConfig, IDMModel

    if not (Path(idm) / "config.json").is_file():
        idm = str(root / "idm-fresh")
        IDMModel(IDMConfig.preset("small")).save_pretrained(idm)
    size = IDMModel.config_class.from_pretrained(idm).image_size
    results = {}
    for n in threads:
        out = root / f"raw{n}"
        jobs.build([root / "rec"], BuildConfig(out=str(out), source="video", resolution=(size, size)))
        cpu0 = time.process_time()
        total = label_folder(out, LabelConfig(model=idm, threads=n))
        cpu = time.process_time() - cpu0  # includes loading the model once
        results[f"idm_label threads={n}"] = {
            "frames": total["frames"], "seconds": round(total["seconds"], 2),
            "frames_per_s": total["frames_per_second"], "cpu_seconds": round(cpu, 2),
            "frames_per_cpu_s": round(total["frames"] / cpu, 1), "model": idm, "image_size": size,
        }  # fmt: skip
    return results


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--episodes", type=int, default=4)
    p.add_argument("--frames", type=int, default=1200)
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    p.add_argument("--compression", nargs="+", default=["lzf", "none"])
    p.add_argument("--idm", default=str(REPO / "checkpoints" / "idm-small"))
    p.add_argument("--idm-threads", type=int, nargs="+", default=[1, 2])
    args = p.parse_args()
    root = Path(tempfile.mkdtemp(prefix="openha-bench-data-"))
    try:
        make_recordings(root / "rec", args.episodes, args.frames)
        results = {}
        for w, comp in [(w, c) for c in args.compression for w in args.workers]:
            # a fresh interpreter at the repo root: Ray workers put this script's folder on
            # sys.path, where this file would shadow the data_pipeline package
            code = (
                "import json, sys, time; from data_pipeline.jobs import build; "
                "from data_pipeline.stages import BuildConfig; from data_pipeline.inspect import stats; "
                "t0 = time.perf_counter(); c0 = time.process_time(); "
                f"r = build([{str(root / 'rec')!r}], BuildConfig(out={str(root / f'out{w}{comp}')!r}, "
                f"compression={comp!r}), workers={w}); "
                f"s = stats({str(root / f'out{w}{comp}')!r}); "
                "print(json.dumps({'frames': r.frames, 'wall_s': round(time.perf_counter() - t0, 2), "
                "'frames_per_s': round(r.frames_per_second, 1), 'bytes_per_frame': s['bytes_per_frame'], "
                "'driver_frames_per_cpu_s': round(r.frames / (time.process_time() - c0), 1)}))"
            )
            out = subprocess.run(
                [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
            )
            row = json.loads(out.stdout.strip().splitlines()[-1])
            if w > 1:  # the work ran in Ray workers, not in the driver
                row.pop("driver_frames_per_cpu_s")
            results[f"build workers={w} compression={comp}"] = row
        results.update(bench_labelling(root, args.idm, args.idm_threads))
        print(json.dumps(results, indent=2))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
