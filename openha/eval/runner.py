"""The in-process episode loop: task -> env reset -> agent -> success check every step -> result.

No Ray here. `EpisodeWorker` owns one env and one agent and turns every job into a result dict
(exceptions included), so the same class runs in a plain loop (`run_local`) and, wrapped with
`ray.remote` at the call site, as an env worker actor (`ray_runner`). Which env and which agents
(`--env voxel | crafter`) comes from `environments`.
"""

from __future__ import annotations

import os
import socket
import tempfile
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from openha.agent import LocalModelClient, ModelClient, trace_record

from .environments import get_env

__all__ = ["EpisodeJob", "EpisodeWorker", "make_env", "run_episode", "plan_jobs", "run_local",
           "failed_result"]


@dataclass(frozen=True)
class EpisodeJob:
    """One episode to run: a task, a seed, which try this is, and whether to film it."""

    task: Any  # TaskSpec
    seed: int
    attempt: int = 0
    record: bool = False
    max_steps: int | None = None  # cap below the task's own limit (smoke runs, tests)

    @property
    def key(self) -> tuple[str, int]:
        return (self.task.id, int(self.seed))

    @property
    def limit(self) -> int:
        m = int(self.task.max_steps)
        return min(m, int(self.max_steps)) if self.max_steps else m

    def retry(self) -> EpisodeJob:
        return replace(self, attempt=self.attempt + 1)


def plan_jobs(tasks: Iterable[Any], seeds: Iterable[int], video_per_family: int = 0,
              max_steps: int | None = None) -> list[EpisodeJob]:
    """Every (task, seed), longest step budget first (a long episode started last would hold up
    the end of the run); the first `video_per_family` jobs of each family are filmed."""
    seeds = list(seeds)
    jobs = [EpisodeJob(t, int(s), max_steps=max_steps) for t in tasks for s in seeds]
    jobs.sort(key=lambda j: (-j.limit, j.task.id, j.seed))
    filmed: dict[str, int] = {}
    out = []
    for j in jobs:
        fam = j.task.family
        if filmed.get(fam, 0) < video_per_family:
            filmed[fam] = filmed.get(fam, 0) + 1
            j = replace(j, record=True)
        out.append(j)
    return out


def make_env(width: int = 640, height: int = 360):
    """A VoxelWorld env (imports `envs` lazily: it registers the gymnasium id)."""
    import gymnasium as gym

    import envs  # noqa: F401

    return gym.make("openha/VoxelWorld-v0", width=width, height=height)


def set_rendering(env: Any, on: bool) -> None:
    """Switch the 3-D view on or off (off: `pov` stays black; the game itself is unchanged).
    Rendering is most of a step's cost, and agents that read no pixels do not need it. Envs
    without a switchable renderer (Crafter) always render."""
    r = getattr(env.unwrapped, "renderer", None)
    if r is None:
        return
    if on:
        r.__dict__.pop("render", None)
    else:
        r.render = _no_render


def _no_render(*args: Any, **kwargs: Any) -> None:
    return None


def run_episode(env: Any, agent: Any, job: EpisodeJob, *, keep_trace: bool = True,
                on_step: Callable[[int], None] | None = None,
                on_frame: Callable[[Any, int, dict | None], None] | None = None,
                describe_action: Callable[[Any], Mapping[str, Any]] | None = None) -> dict:
    """Play one episode; returns the result dict (see `store.COLUMNS`), with `trace` (list of
    trace lines) when `keep_trace`. `describe_action` turns a non-MineRL action (Crafter's int)
    into the trace's action mapping. Exceptions from the env or the agent propagate."""
    task = job.task
    t0 = time.perf_counter()
    obs, info = env.reset(seed=int(job.seed), options={"task": task})
    info = {**info, "episode": {"task": task.id, "seed": int(job.seed), "attempt": job.attempt}}
    agent.reset(task, obs, info)
    limit = job.limit
    success = task.success.check(info["stats"], obs["inventory"])
    trace: list[dict] = []
    steps, reason, agent_errors, last_error = 0, "timeout", 0, None
    if on_frame is not None:
        on_frame(obs, 0, None)
    t_loop = time.perf_counter()
    while not success and steps < limit:
        action, tr = agent.act(obs, info)
        rec = trace_record(steps, action if describe_action is None else describe_action(action), tr)
        if rec["error"]:
            agent_errors += 1
            last_error = str(rec["error"])
        if keep_trace:
            trace.append(rec)
        obs, _, terminated, truncated, info = env.step(action)
        steps += 1
        if on_step is not None:
            on_step(steps)
        if on_frame is not None:
            on_frame(obs, steps, rec)
        success = task.success.check(info["stats"], obs["inventory"])
        if not success and terminated:
            reason = "death:" + str((info.get("death") or {}).get("cause", "unknown"))
            break
        if not success and truncated:
            reason = "truncated"
            break
    loop_s = time.perf_counter() - t_loop
    if success:
        reason = "success"
    elif agent_errors and reason == "timeout":
        reason = "agent_error"
    return {
        "task": task.id,
        "family": task.family,
        "tags": list(task.tags),
        "seed": int(job.seed),
        "attempt": job.attempt,
        "status": "success" if success else "failure",
        "success": bool(success),
        "reason": reason,
        "steps": steps,
        "max_steps": limit,
        "wall_s": round(time.perf_counter() - t0, 3),
        "steps_per_s": round(steps / loop_s, 1) if loop_s > 0 else None,
        "missing": task.success.missing(info["stats"], obs["inventory"]),
        "counts": task.success.counts(info["stats"], obs["inventory"]),
        "agent_errors": agent_errors,
        "error": last_error,
        "trace": trace if keep_trace else None,
    }


def failed_result(job: EpisodeJob, reason: str, error: str, worker: str = "") -> dict:
    """The result of an episode that could not be played (`status` error)."""
    t = job.task
    return {"task": t.id, "family": t.family, "tags": list(t.tags), "seed": int(job.seed),
            "attempt": job.attempt, "status": "error", "success": False, "reason": reason,
            "steps": None, "max_steps": job.limit, "wall_s": None, "missing": None, "counts": None,
            "agent_errors": 0, "error": error, "worker": worker, "trace": None}  # fmt: skip


class EpisodeWorker:
    """One env + one agent, reused across episodes. `run(job)` never raises: a crash inside an
    episode comes back as `status="error", retryable=True` and the env and agent are rebuilt
    before the next job. `progress()` may be called from another thread (Ray's threaded actor)."""

    def __init__(self, agent: str, width: int = 640, height: int = 360, traces: bool = True,
                 model_client: ModelClient | None = None, env: str = "voxel"):
        self.agent_spec, self.width, self.height = agent, width, height
        self.env_kind = get_env(env)
        self.traces = traces
        self.model_client = model_client
        self.env: Any = None
        self.agent: Any = None
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self._current: tuple[str, int] | None = None
        self._steps = 0

    def ready(self) -> dict:
        """Build the env and agent now (the first reset loads compiled code): call once at start."""
        self._setup()
        self.env.reset(seed=0)
        return {"worker": self.name, "pid": os.getpid(), "host": socket.gethostname()}

    def progress(self) -> tuple[tuple[str, int] | None, int]:
        """(episode key, steps taken) of the running episode: the driver's liveness signal."""
        return self._current, self._steps

    def _setup(self) -> None:
        if self.agent is None:
            self.agent = self.env_kind.make_agent(self.agent_spec)
            if hasattr(self.agent, "model_spec") and hasattr(self.agent, "attach"):
                client = self.model_client or LocalModelClient(self.agent.model_spec().build("cpu"))
                self.model_client = client
                self.agent.attach(client)
        if self.env is None:
            self.env = self.env_kind.make(self.width, self.height)
            if getattr(self.agent, "privileged", False):
                self.agent.bind(self.env)

    def _teardown(self) -> None:
        try:
            if self.env is not None:
                self.env.close()
        except Exception:  # noqa: BLE001 - a broken env may fail to close; we drop it anyway
            pass
        self.env = self.agent = None

    def run(self, job: EpisodeJob) -> dict:
        self._current, self._steps = job.key, 0
        video = None
        cpu0 = time.process_time()
        try:
            self._setup()
            set_rendering(self.env, job.record or getattr(self.agent, "needs_pov", True))
            rec = None
            if job.record:
                from .video import EpisodeRecorder

                video = Path(tempfile.mkdtemp(prefix="openha-video-")) / "episode.mp4"
                rec = EpisodeRecorder(video, job.task, job.limit)
            res = run_episode(self.env, self.agent, job, keep_trace=self.traces,
                              on_step=self._tick, on_frame=rec.add if rec else None,
                              describe_action=self.env_kind.describe)
            if rec is not None:
                rec.close()
                res["video_bytes"] = video.read_bytes()
        except Exception:  # noqa: BLE001 - every failure becomes a retryable result
            self._teardown()
            res = failed_result(job, "exception", traceback.format_exc(limit=20))
            res["retryable"] = True
        finally:
            if video is not None:
                for p in video.parent.glob("*"):
                    p.unlink(missing_ok=True)
                video.parent.rmdir()
            self._current = None
        res["worker"] = self.name
        res["cpu_s"] = round(time.process_time() - cpu0, 4)  # whole worker process, all threads
        return res

    def _tick(self, steps: int) -> None:
        self._steps = steps


def run_local(jobs: Iterable[EpisodeJob], worker: EpisodeWorker, sink: Any,
              retries: int = 2) -> None:
    """The plain single-process loop: one worker, jobs in order, exceptions retried up to
    `retries` times. (No protection from hangs or a dying process: that needs `ray_runner`.)"""
    queue = deque(jobs)
    while queue:
        job = queue.popleft()
        sink.started(job)
        res = worker.run(job)
        if res.pop("retryable", False):
            sink.failed_attempt(job, "exception", res["error"], res.get("worker", ""))
            if job.attempt < retries:
                queue.appendleft(job.retry())
                continue
        sink.record(res)
