"""Episodes on Ray: N env-worker actors (each an `EpisodeWorker`), one shared batched inference
actor for agents that need a model, and a driver loop that schedules episodes, writes each
result as it arrives and survives faults:

- a worker whose episode raises is rebuilt and the episode retried;
- a worker process that dies (SIGKILL, OOM, lost node) is replaced and the episode retried;
- a worker whose step counter stops moving for `hang_timeout` seconds is killed and replaced;
- after `retries` retries the episode is recorded as `error` with the last traceback.

`ray.init()` starts a local Ray by default; `address="auto"` or `"ray://host:10001"` joins a
cluster (docs/CLUSTER.md). The only module of `openha.eval` that imports ray.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from openha.agent import ModelSpec
from openha.ray_session import ray_session

from .environments import get_env
from .runner import EpisodeJob, EpisodeWorker

__all__ = ["ray_session", "run_ray", "InferenceServer", "RayModelClient", "RayOptions"]

STARTUP_FAILURES = 3  # consecutive worker start failures before the run gives up


@dataclass
class RayOptions:
    workers: int | None = None  # None: one per CPU Ray sees
    address: str | None = None  # None: local Ray ($RAY_ADDRESS when set); "auto"; "ray://…"
    retries: int = 2
    hang_timeout: float = 120.0  # s without a single env step before a worker counts as hung
    startup_timeout: float = 600.0  # s for a new worker to import, build its env and warm up
    poll_s: float = 1.0  # how often busy workers are asked for their step counter
    width: int = 640
    height: int = 360
    traces: bool = True
    env: str = "voxel"  # a name in `environments.ENVS`
    wait_for_workers: bool = False  # hand out no episode before every first worker is up (benchmarks)
    worker_env: dict[str, str] = field(default_factory=dict)  # env vars for worker processes


class InferenceServer:
    """One model serving every env worker: requests that arrive together are run as one batch
    (flushed when `clients` requests wait, `max_batch` is reached, or after `max_wait_ms`).
    A plain asyncio class; Ray makes it an async actor at the call site."""

    def __init__(self, spec: ModelSpec, device: str = "cpu", clients: int = 1):
        self.model = spec.build(device)
        self.device = device
        self.max_batch = max(1, spec.max_batch)
        self.flush_at = max(1, min(clients, self.max_batch))
        self.max_wait = spec.max_wait_ms / 1000.0
        self._pending: list[tuple[Any, asyncio.Future]] = []
        self._timer: asyncio.TimerHandle | None = None
        self.requests = 0
        self.batches = 0

    async def infer(self, inputs: Any) -> Any:
        fut = asyncio.get_running_loop().create_future()
        self._pending.append((inputs, fut))
        self.requests += 1
        if len(self._pending) >= self.flush_at:
            self._flush()
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self.max_wait, self._flush)
        return await fut

    def _flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        while self._pending:
            batch, self._pending = self._pending[: self.max_batch], self._pending[self.max_batch :]
            self.batches += 1
            try:
                outs = self.model.predict_batch([x for x, _ in batch])
            except Exception as e:  # noqa: BLE001 - every waiting request gets the error
                for _, f in batch:
                    f.set_exception(e)
                continue
            for (_, f), o in zip(batch, outs, strict=True):
                f.set_result(o)

    async def stats(self) -> dict[str, Any]:
        mean = self.requests / self.batches if self.batches else 0.0
        return {"requests": self.requests, "batches": self.batches, "mean_batch": mean,
                "device": self.device}


class RayModelClient:
    """A worker's handle on the shared `InferenceServer` actor."""

    def __init__(self, server: Any):
        self.server = server

    def infer(self, inputs: Any) -> Any:
        import ray

        return ray.get(self.server.infer.remote(inputs))


@dataclass
class _Slot:
    actor: Any
    ready_ref: Any = None
    job: EpisodeJob | None = None
    ref: Any = None
    poll_ref: Any = None
    since: float = 0.0  # start of the worker (starting) or of the last step change (busy)
    last_poll: float = 0.0
    steps: int = -1
    name: str = ""


class _Driver:
    def __init__(self, ray: Any, opts: RayOptions, sink: Any, model_server: Any):
        self.ray, self.opts, self.sink = ray, opts, sink
        kw: dict[str, Any] = {"num_cpus": 1, "max_concurrency": 2, "max_restarts": 0}
        if opts.worker_env:
            kw["runtime_env"] = {"env_vars": dict(opts.worker_env)}
        self.cls = ray.remote(EpisodeWorker).options(**kw)
        client = RayModelClient(model_server) if model_server is not None else None
        self.args = (opts.width, opts.height, opts.traces, client, opts.env)
        self.start_failures = 0
        self.queue: deque[EpisodeJob] = deque()
        self.t_first: float | None = None  # first episode handed out (startup excluded)
        self.gate = opts.wait_for_workers

    def new_slot(self, agent: str) -> _Slot:
        actor = self.cls.remote(agent, *self.args)
        return _Slot(actor, ready_ref=actor.ready.remote(), since=time.monotonic())

    def kill(self, slot: _Slot) -> None:
        try:
            self.ray.kill(slot.actor, no_restart=True)
        except Exception:  # noqa: BLE001 - it may be gone already
            pass

    def fail(self, job: EpisodeJob, kind: str, error: str, worker: str) -> None:
        """A try failed: retry (at the front of the queue) or record the error."""
        self.sink.failed_attempt(job, kind, error, worker)
        if job.attempt < self.opts.retries:
            self.queue.appendleft(job.retry())
        else:
            from .runner import failed_result

            self.sink.record(failed_result(job, kind, error, worker))

    def run(self, jobs: list[EpisodeJob], agent: str, n_workers: int) -> None:
        ray = self.ray
        errors = (ray.exceptions.RayActorError, ray.exceptions.WorkerCrashedError,
                  ray.exceptions.ObjectLostError)  # fmt: skip
        self.queue.extend(jobs)
        slots = [self.new_slot(agent) for _ in range(min(n_workers, len(jobs)))]
        try:
            while self.queue or any(s.job is not None for s in slots):
                self.gate = self.gate and any(s.ready_ref is not None for s in slots)
                for s in [] if self.gate else slots:  # hand out work
                    if s.ready_ref is None and s.job is None and self.queue:
                        s.job = self.queue.popleft()
                        self.t_first = self.t_first or time.perf_counter()
                        s.ref = s.actor.run.remote(s.job)
                        s.since, s.steps, s.last_poll = time.monotonic(), 0, time.monotonic()
                        self.sink.started(s.job)
                owner = {}
                for k, s in enumerate(slots):
                    for kind in ("ready_ref", "ref", "poll_ref"):
                        if getattr(s, kind) is not None:
                            owner[getattr(s, kind)] = (k, kind)
                if not owner:
                    break
                done, _ = ray.wait(list(owner), num_returns=1, timeout=0.2)
                for ref in done:
                    k, kind = owner[ref]
                    slots[k] = self._handle(slots[k], kind, ref, agent, errors)
                self._watch(slots, agent)
        except BaseException:
            for s in slots:
                self.kill(s)
            raise

    def _handle(self, s: _Slot, kind: str, ref: Any, agent: str, errors: tuple) -> _Slot:
        ray = self.ray
        setattr(s, kind, None)
        try:
            value = ray.get(ref)
        except errors as e:
            if kind == "poll_ref":
                return s  # the episode ref reports the death
            return self._replace(s, agent, "crash", f"worker process died: {e}")
        except ray.exceptions.RayTaskError as e:
            if kind == "ready_ref":
                return self._replace(s, agent, "startup", str(e))
            return self._replace(s, agent, "exception", str(e))
        if kind == "ready_ref":
            s.name = value["worker"]
            self.start_failures = 0
        elif kind == "poll_ref":
            key, steps = value
            if s.job is not None and key == s.job.key and steps != s.steps:
                s.steps, s.since = steps, time.monotonic()
        else:
            job, s.job = s.job, None
            if s.poll_ref is not None:
                s.poll_ref = None
            if value.pop("retryable", False):
                self.fail(job, value["reason"], value["error"], value.get("worker", s.name))
            else:
                self.sink.record(value)
        return s

    def _replace(self, s: _Slot, agent: str, kind: str, error: str) -> _Slot:
        """Kill the worker, retry its episode if it had one, and start a new worker."""
        self.kill(s)
        if s.job is not None:
            self.fail(s.job, kind, error, s.name)
        elif kind == "startup" or s.ready_ref is not None or not s.name:
            self.start_failures += 1
            if self.start_failures >= STARTUP_FAILURES:
                raise RuntimeError(f"env workers failed to start {STARTUP_FAILURES} times in a "
                                   f"row; last error:\n{error}")
        return self.new_slot(agent)

    def _watch(self, slots: list[_Slot], agent: str) -> None:
        now = time.monotonic()
        for k, s in enumerate(slots):
            if s.ready_ref is not None and now - s.since > self.opts.startup_timeout:
                slots[k] = self._replace(s, agent, "startup",
                                         f"worker did not start within {self.opts.startup_timeout:.0f} s")
            elif s.job is not None and now - s.since > self.opts.hang_timeout:
                slots[k] = self._replace(
                    s, agent, "hang",
                    f"no env step for {self.opts.hang_timeout:.0f} s (stuck at step {max(s.steps, 0)}); "
                    "the worker was killed")
            elif s.job is not None and s.poll_ref is None and now - s.last_poll > self.opts.poll_s:
                s.poll_ref, s.last_poll = s.actor.progress.remote(), now


def run_ray(jobs: list[EpisodeJob], agent: str, sink: Any, opts: RayOptions) -> dict[str, Any]:
    """Run `jobs` on Ray (inside `ray_session`); results go to `sink.record` as they finish.
    Returns facts about the run (workers, inference server stats)."""
    with ray_session(opts.workers, opts.address) as ray:
        cpus = int(ray.cluster_resources().get("CPU", 1))
        n = opts.workers or max(1, cpus)
        probe = get_env(opts.env).make_agent(agent)  # fails fast on a bad name; needs a model?
        server = None
        if hasattr(probe, "model_spec") and hasattr(probe, "attach"):
            gpu = ray.cluster_resources().get("GPU", 0) >= 1
            srv_cls = ray.remote(InferenceServer).options(
                num_cpus=0, num_gpus=1 if gpu else 0, max_concurrency=1000, max_restarts=-1)
            server = srv_cls.remote(probe.model_spec(), "cuda" if gpu else "cpu", n)
        driver = _Driver(ray, opts, sink, server)
        info: dict[str, Any] = {"workers": n, "cluster_cpus": cpus}
        if jobs:
            driver.run(jobs, agent, n)
            info["run_s"] = time.perf_counter() - (driver.t_first or time.perf_counter())
        if server is not None:
            info["inference"] = ray.get(server.stats.remote())
        return info
