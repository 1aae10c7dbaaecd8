"""Env throughput: steps/s on one core, reset time and peak RSS, VoxelWorld next to Crafter.

    python benchmarks/env_sps.py [--steps 3000] [--only voxel|crafter]

Prints one JSON line per setting. Each setting runs in a fresh process pinned to one core, so
peak RSS is per env and JIT caches are warm (compiled once beforehand). The random policy
presses each button with p = 0.1 and turns the camera up to ±10° per step; the `sample` row
uses MineRL's `env.action_space.sample()` instead (menus open about 40% of the steps, the camera
spins up to 180° per tick), which is what the project's before-stop check measures.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import time


def _pin_one_core() -> None:
    os.environ.setdefault("NUMBA_NUM_THREADS", "1")
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    except (AttributeError, OSError):
        pass


def _voxel(width: int, height: int, steps: int, mobs: int, seed: int, policy: str, q) -> None:
    _pin_one_core()
    import gymnasium as gym

    import envs  # noqa: F401
    from openha.demo_policies import RandomPolicy

    env = gym.make("openha/VoxelWorld-v0", width=width, height=height)
    env.reset(seed=seed)  # warm-up (JIT from the on-disk cache, chunk generation code paths)
    resets = []
    for k in range(3):
        t0 = time.perf_counter()
        obs, _ = env.reset(seed=seed + 1 + k)
        resets.append(time.perf_counter() - t0)
    u = env.unwrapped
    for i in range(mobs):
        kind = ("cow", "pig", "sheep", "chicken", "zombie")[i % 5]
        u.execute_cmd(f"/summon minecraft:{kind} ~{(i % 5) * 2 - 4} ~ ~{4 + i // 5 * 2}")
    if policy == "sample":
        env.action_space.seed(seed)
        actions = [env.action_space.sample() for _ in range(512)]
    else:
        rand = RandomPolicy(seed=seed)
        actions = [rand(obs) for _ in range(512)]
    for a in actions[:50]:
        env.step(a)
    t0 = time.perf_counter()
    c0 = time.thread_time()
    gui = 0
    for t in range(steps):
        obs, _, term, trunc, _ = env.step(actions[t % 512])
        gui += obs["is_gui_open"]
        if term or trunc:
            env.reset(seed=seed)
    dt = time.perf_counter() - t0
    cpu = time.thread_time() - c0
    q.put({
        "env": "openha/VoxelWorld-v0", "resolution": f"{width}x{height}", "mobs": mobs,
        "policy": policy, "steps": steps, "steps_per_s": round(steps / dt, 1),
        "cpu_ms_per_step": round(1000 * cpu / steps, 3), "gui_open": round(gui / steps, 2),
        "ms_per_step": round(1000 * dt / steps, 3),
        "reset_s": round(sorted(resets)[1], 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    })


def _crafter(size: int, steps: int, seed: int, q) -> None:
    _pin_one_core()
    import crafter
    import numpy as np

    env = crafter.Env(size=(size, size), seed=seed)
    env.reset()
    resets = []
    for _ in range(3):
        t0 = time.perf_counter()
        env.reset()
        resets.append(time.perf_counter() - t0)
    rng = np.random.default_rng(seed)
    acts = rng.integers(0, env.action_space.n, steps)
    t0 = time.perf_counter()
    for t in range(steps):
        _, _, done, _ = env.step(int(acts[t]))
        if done:
            env.reset()
    dt = time.perf_counter() - t0
    q.put({
        "env": "crafter", "resolution": f"{size}x{size}", "mobs": "crafter default",
        "policy": "random", "steps": steps, "steps_per_s": round(steps / dt, 1),
        "ms_per_step": round(1000 * dt / steps, 3), "reset_s": round(sorted(resets)[1], 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    })


def _run(target, *args):
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, q))
    p.start()
    out = q.get()
    p.join()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", choices=["voxel", "crafter"], default=None)
    args = ap.parse_args()
    print(json.dumps({"machine": platform.processor() or platform.machine(),
                      "cpus": os.cpu_count(), "python": platform.python_version()}))
    results = []
    if args.only in (None, "voxel"):
        for w, h, mobs, steps, policy in (
            (128, 128, 0, args.steps, "random"), (128, 128, 10, args.steps, "random"),
            (128, 128, 0, args.steps, "sample"), (640, 360, 0, max(300, args.steps // 6), "random"),
        ):
            results.append(_run(_voxel, w, h, steps, mobs, args.seed, policy))
            print(json.dumps(results[-1]), flush=True)
    if args.only in (None, "crafter"):
        for size in (64, 128):
            results.append(_run(_crafter, size, args.steps, args.seed))
            print(json.dumps(results[-1]), flush=True)
    vox = [r for r in results if r["env"] != "crafter" and r["resolution"] == "128x128"
           and r["mobs"] == 0 and r["policy"] == "random"]
    cra = [r for r in results if r["env"] == "crafter" and r["resolution"] == "64x64"]
    smp = [r for r in results if r["env"] != "crafter" and r["policy"] == "sample"]
    if vox and cra:
        ratios = {"voxel_128_over_crafter_64": round(vox[0]["steps_per_s"] / cra[0]["steps_per_s"], 2)}
        if smp:
            ratios["voxel_128_sample_over_crafter_64"] = round(
                smp[0]["steps_per_s"] / cra[0]["steps_per_s"], 2
            )
        ratios["load_avg_1m"] = round(os.getloadavg()[0], 2)
        print(json.dumps(ratios))


if __name__ == "__main__":
    main()
