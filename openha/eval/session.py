"""`run_eval(EvalConfig)`: what `openha eval` does — pick tasks, open (or resume) the run's
store, plan episodes, run them in-process (`workers=0`) or on Ray, and write every result, trace
and video as it arrives.

    runs/NAME/results.sqlite                      one row per finished episode (store.py)
    runs/NAME/traces/<family>/<name>__s<seed>.jsonl   the agent's trace, one line per step
    runs/NAME/videos/<family>/<name>__s<seed>.mp4     `--video K` episodes
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .environments import get_env
from .runner import EpisodeJob, EpisodeWorker, plan_jobs, run_local
from .store import ResultStore

__all__ = ["EvalConfig", "EvalSummary", "run_eval", "parse_seeds", "episode_path"]


@dataclass
class EvalConfig:
    out: Path
    tasks: str = "all"  # ids, globs, families, tag:<tag>, comma-separated; or "all"
    agent: str = "random"
    env: str = "voxel"  # a name in `environments.ENVS`: voxel | crafter
    seeds: list[int] = field(default_factory=lambda: [0])
    workers: int | None = None  # None: one per CPU; 0: in-process, no Ray
    address: str | None = None
    resume: bool = False
    width: int | None = None  # None: the env's default pov size (voxel 640×360, crafter 64×64)
    height: int | None = None
    max_steps: int | None = None  # cap every task's step budget (smoke runs)
    video: int = 0  # episodes filmed per family
    retries: int = 2
    hang_timeout: float = 120.0
    traces: bool = True
    tasks_root: Path | None = None  # another task folder instead of benchmark_tasks/
    wait_for_workers: bool = False  # Ray: start episodes only once every worker is up


@dataclass
class EvalSummary:
    run_dir: str
    planned: int = 0
    skipped: int = 0  # already finished (resume)
    recorded: int = 0
    successes: int = 0
    errors: int = 0
    retries: int = 0
    env_steps: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def episodes_per_hour(self) -> float:
        return 3600.0 * self.recorded / self.seconds if self.seconds else 0.0

    @property
    def steps_per_s(self) -> float:
        return self.env_steps / self.seconds if self.seconds else 0.0


def parse_seeds(text: str | int | Iterable[int]) -> list[int]:
    """`3` -> [0, 1, 2]; `0,5,9` -> [0, 5, 9]; `10-12` -> [10, 11, 12]."""
    if isinstance(text, int):
        return list(range(text))
    if not isinstance(text, str):
        return [int(s) for s in text]
    out: list[int] = []
    try:
        if "," not in text and "-" not in text:
            return list(range(int(text)))
        for part in filter(None, (p.strip() for p in text.split(","))):
            a, sep, b = part.partition("-")
            out += list(range(int(a), int(b) + 1)) if sep else [int(a)]
    except ValueError:
        raise ValueError(f"--seeds {text!r}: give a count (3), a list (0,5,9) or a range (10-19)") from None
    return out


def episode_path(kind: str, task_id: str, seed: int) -> str:
    """Run-relative path of an episode's trace (`kind="traces"`) or video (`"videos"`)."""
    family, _, name = task_id.partition("/")
    ext = "jsonl" if kind == "traces" else "mp4"
    return f"{kind}/{family}/{name}__s{seed}.{ext}"


class Sink:
    """Where results go: files first (atomic renames), then the store row, then the progress."""

    def __init__(self, store: ResultStore, agent: str, progress: Any):
        self.store, self.agent, self.progress = store, agent, progress
        self.summary: EvalSummary | None = None

    def started(self, job: EpisodeJob) -> None:
        self.progress.started(job)

    def failed_attempt(self, job: EpisodeJob, kind: str, error: str, worker: str = "") -> None:
        self.store.log_attempt(job.task.id, job.seed, job.attempt, kind, error, worker)
        self.summary.retries += 1
        self.progress.retry(job, kind, error)

    def record(self, res: dict) -> bool:
        res = dict(res)
        res.pop("retryable", None)
        if self.store.has(res["task"], res["seed"]):
            return False
        run = self.store.run_dir
        trace = res.pop("trace", None)
        if trace is not None:
            rel = episode_path("traces", res["task"], res["seed"])
            _atomic_write(run / rel, "".join(json.dumps(r, default=str) + "\n" for r in trace).encode())
            res["trace"] = rel
        video = res.pop("video_bytes", None)
        if video:
            rel = episode_path("videos", res["task"], res["seed"])
            _atomic_write(run / rel, video)
            res["video"] = rel
        res["agent"] = self.agent
        new = self.store.record(res)
        if new:
            s = self.summary
            s.recorded += 1
            s.successes += bool(res["success"])
            s.errors += res["status"] == "error"
            s.env_steps += int(res.get("steps") or 0)
            self.progress.finished(res)
        return new


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)  # no fsync: a rename is atomic against a killed process, which is
    os.replace(tmp, path)  # what resume guards against; the row is committed after the file


class NullProgress:
    """The progress interface (silent): `start`, `started`, `retry`, `finished`, `close`."""

    def start(self, jobs: list[EpisodeJob], skipped: int) -> None: ...
    def started(self, job: EpisodeJob) -> None: ...
    def retry(self, job: EpisodeJob, kind: str, error: str) -> None: ...
    def finished(self, res: dict) -> None: ...
    def close(self) -> None: ...


def load_tasks(cfg: EvalConfig) -> list[Any]:
    return get_env(cfg.env).load_tasks(cfg.tasks, cfg.tasks_root)


def run_eval(cfg: EvalConfig, progress: Any = None) -> EvalSummary:
    """Run (or resume) an evaluation; Ctrl-C stops it cleanly (`summary.interrupted`): every
    episode finished so far is stored and `resume=True` carries on."""
    env = get_env(cfg.env)
    progress = progress or NullProgress()
    env.make_agent(cfg.agent)  # a bad agent name fails here, before anything is written
    cfg = replace(cfg, **dict(zip(("width", "height"), env.size(cfg.width, cfg.height), strict=True)))
    tasks = load_tasks(cfg)
    jobs = plan_jobs(tasks, cfg.seeds, cfg.video, cfg.max_steps)
    summary = EvalSummary(run_dir=str(cfg.out), planned=len(jobs))
    config = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(cfg).items()
              if k not in ("out", "resume", "workers", "address", "wait_for_workers")}
    with ResultStore(cfg.out) as store:
        done = store.begin(config, cfg.resume)
        todo = [j for j in jobs if j.key not in done]
        summary.skipped = len(jobs) - len(todo)
        sink = Sink(store, cfg.agent, progress)
        sink.summary = summary
        progress.start(todo, summary.skipped)
        t0 = time.perf_counter()
        old = _sigterm_as_interrupt()
        try:
            if cfg.workers == 0:
                worker = EpisodeWorker(cfg.agent, cfg.width, cfg.height, cfg.traces, env=cfg.env)
                if todo:
                    worker.ready()
                    t0 = time.perf_counter()
                    run_local(todo, worker, sink, cfg.retries)
                summary.info = {"workers": 0, "run_s": time.perf_counter() - t0}
            elif todo:
                from .ray_runner import RayOptions, run_ray

                opts = RayOptions(workers=cfg.workers, address=cfg.address, retries=cfg.retries,
                                  hang_timeout=cfg.hang_timeout, width=cfg.width,
                                  height=cfg.height, traces=cfg.traces, env=cfg.env,
                                  wait_for_workers=cfg.wait_for_workers)
                summary.info = run_ray(todo, cfg.agent, sink, opts)
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            _restore_sigterm(old)
            summary.seconds = time.perf_counter() - t0
            progress.close()
    return summary


def _sigterm_as_interrupt() -> Any:
    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave signals alone
        return signal.getsignal(signal.SIGTERM)


def _restore_sigterm(old: Any) -> None:
    try:
        signal.signal(signal.SIGTERM, old if old is not None else signal.SIG_DFL)
    except (ValueError, TypeError):
        pass
