"""Proof of solvability: run the privileged expert over benchmark tasks and seeds.

    python benchmarks/expert_solvability.py --tasks all --seeds 3 --workers 2 --out runs/expert.jsonl

Episodes run in-process (a `multiprocessing` pool of `--workers`), headless by default (the
game is identical; only the 3-D frame is not drawn). One JSON line per episode is appended to
`--out` as it finishes (`--resume` skips episodes already there); the summary prints success per
family and the failures with their reason. Goal: ≥ 97 % of tasks within max_steps on 3 seeds.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import time
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

_ENV = None


def _work(job: tuple[str, int, int, int, bool, int]) -> dict:
    global _ENV
    task_id, seed, width, height, headless, world_offset = job
    from openha.experts.runner import make_env, run_episode
    from openha.tasks import load_suite

    if _ENV is None:
        _ENV = make_env(width, height, headless=headless)
    task = load_suite().get(task_id)
    world = None
    if world_offset:  # another world than the task's own (its init.seed)
        world = ((task.init.seed or 0) + world_offset * 7919 + seed) % 100_000
    try:
        return run_episode(_ENV, task, seed, world_seed=world)
    except Exception as e:  # the env itself failed: record it, keep going
        import traceback

        _ENV = None
        return {"task": task_id, "family": task.family, "seed": seed, "success": False, "steps": 0,
                "max_steps": task.max_steps, "reason": "crash", "error": f"{e!r}\n{traceback.format_exc(limit=6)}",
                "missing": {}, "notes": [], "wall_s": 0.0}


def summarize(results: list[dict], n_seeds: int) -> str:
    """Per family: tasks, episodes, episode success, tasks solved on every seed, and the median
    share of `max_steps` a successful episode used; then every failure with its reason."""
    per_task: dict[str, list[dict]] = defaultdict(list)
    for r in results:
        per_task[r["task"]].append(r)
    fam: dict[str, list[list[dict]]] = defaultdict(list)
    for rs in per_task.values():
        fam[rs[0]["family"]].append(rs)
    head = f"{'family':16s} {'tasks':>6s} {'episodes':>8s} {'success':>8s} {'all seeds':>10s} {'steps used':>10s}"
    lines = [head]

    def row(name: str, groups: list[list[dict]]) -> str:
        eps = [r for rs in groups for r in rs]
        ok = sum(r["success"] for r in eps)
        every = sum(len(rs) >= n_seeds and all(r["success"] for r in rs) for rs in groups)
        used = sorted(r["steps"] / r["max_steps"] for r in eps if r["success"])
        med = f"{used[len(used) // 2]:.0%}" if used else "-"
        return (f"{name:16s} {len(groups):6d} {len(eps):8d} {ok / max(1, len(eps)):8.2%} "
                f"{every / max(1, len(groups)):10.2%} {med:>10s}")

    for f in sorted(fam):
        lines.append(row(f, fam[f]))
    lines.append(row("all", [rs for g in fam.values() for rs in g]))
    fails = [(t, rs) for t, rs in sorted(per_task.items()) if not all(r["success"] for r in rs)]
    lines.append(f"tasks solved on every seed: {len(per_task) - len(fails)}/{len(per_task)}")
    if fails:
        lines.append("failures:")
        for t, rs in fails:
            bad = [r for r in rs if not r["success"]]
            why = "; ".join(f"seed {r['seed']}: {r['reason']} {r.get('missing') or ''}" for r in bad)
            lines.append(f"  {t}: {why}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", default="all", help="all | family | glob | comma-separated ids")
    ap.add_argument("--seeds", type=int, default=1, help="seeds 0..N-1 per task")
    ap.add_argument("--seed-list", default=None, help="explicit comma-separated seeds")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--height", type=int, default=64)
    ap.add_argument("--render", action="store_true", help="draw frames too (slower)")
    ap.add_argument("--out", type=Path, default=Path("runs/expert_solvability.jsonl"))
    ap.add_argument("--resume", action="store_true", help="skip episodes already in --out")
    ap.add_argument("--other-worlds", type=int, default=0, metavar="K",
                    help="K > 0: play in world seeds derived from (task seed, K, seed) instead of "
                         "the task's own world (robustness beyond the benchmark's worlds)")
    args = ap.parse_args(argv)

    from openha.tasks import load_suite

    suite = load_suite().select(args.tasks)
    seeds = [int(s) for s in args.seed_list.split(",")] if args.seed_list else list(range(args.seeds))
    jobs = [(t.id, s, args.width, args.height, not args.render, args.other_worlds) for s in seeds for t in suite]
    done: list[dict] = []
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.resume and args.out.exists():
        done = [json.loads(line) for line in args.out.read_text().splitlines() if line.strip()]
        have = {(r["task"], r["seed"]) for r in done}
        jobs = [j for j in jobs if (j[0], j[1]) not in have]
    elif args.out.exists():
        args.out.unlink()
    # long tasks first so the pool does not end waiting on one straggler
    jobs.sort(key=lambda j: -suite.get(j[0]).max_steps)
    t0 = time.perf_counter()
    results = list(done)
    with args.out.open("a") as f:
        ctx = mp.get_context("fork")
        with ctx.Pool(args.workers, maxtasksperchild=200) as pool:
            for k, r in enumerate(pool.imap_unordered(_work, jobs, chunksize=1)):
                results.append(r)
                f.write(json.dumps(r) + "\n")
                f.flush()
                if (k + 1) % 25 == 0 or not r["success"]:
                    ok = sum(x["success"] for x in results)
                    print(f"[{k + 1}/{len(jobs)} {time.perf_counter() - t0:.0f}s] {ok}/{len(results)} ok; "
                          f"last {r['task']} s{r['seed']}: {r['reason']}", flush=True)
    wall = time.perf_counter() - t0
    print(summarize(results, len(seeds)))
    print(f"wall time {wall:.0f}s for {len(jobs)} episodes on {args.workers} workers")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
