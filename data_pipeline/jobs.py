"""The job layer: run `stages.process_item` over many recordings, and `label.label_shard` over
many shards, in-process or on Ray.

The only module of `data_pipeline` that imports ray. Builds are resumable: items whose shard
exists (or that were skipped for a recorded reason) are not processed again, and a killed build
leaves at most `*.tmp` files, which the next run overwrites. Workers that crash are retried by
Ray (`max_retries`); results are recorded as they arrive.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from data_pipeline import sources
from data_pipeline.stages import BuildConfig, build_index, is_done, process_item
from openha.ray_session import ray_session

Progress = Callable[[dict[str, Any]], None]


@dataclass
class BuildReport:
    """What a build did: counts, frames/s over the processed items, the index it wrote."""

    items: int = 0
    done_before: int = 0
    built: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)
    frames: int = 0
    seconds: float = 0.0
    index: dict[str, Any] = field(default_factory=dict)

    @property
    def frames_per_second(self) -> float:
        return self.frames / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "items": self.items, "done_before": self.done_before, "built": self.built,
            "skipped": len(self.skipped), "frames": self.frames, "seconds": round(self.seconds, 2),
            "frames_per_second": round(self.frames_per_second, 1),
            "episodes_total": len(self.index.get("episodes", [])),
            "hours_total": self.index.get("hours", 0.0),
        }  # fmt: skip


def plan(cfg: BuildConfig, paths: Iterable[str | Path]) -> tuple[list[sources.SourceItem], int]:
    """The items still to build and how many were already done."""
    items = sources.get(cfg.source).discover(paths)
    todo = [it for it in items if not is_done(cfg, it)]
    return todo, len(items) - len(todo)


def build(
    paths: Iterable[str | Path],
    cfg: BuildConfig,
    *,
    workers: int = 1,
    address: str | None = None,
    on_result: Progress | None = None,
    on_plan: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Build shards for all recordings under `paths` into `cfg.out`, then write the index.

    `workers` ≤ 1 with no `address` runs in this process; otherwise a Ray task per item with
    `workers` CPUs (local `ray.init()`, or joining `address`, e.g. "auto" or "ray://host:10001").
    """
    if cfg.events_model:  # a bad model folder fails here, before any work or Ray start-up
        from data_pipeline.events import load_detector

        load_detector(cfg.events_model)
    todo, before = plan(cfg, paths)
    report = BuildReport(items=len(todo) + before, done_before=before)
    if on_plan is not None:
        on_plan(len(todo), before)
    if workers <= 1 and address is None:
        report.seconds = _consume(report, _run_local(cfg, todo), on_result)
    else:
        with ray_session(workers, address) as ray:  # startup is not counted in frames/s
            report.seconds = _consume(report, _run_ray(ray, cfg, todo), on_result)
    report.index = build_index(cfg.out)
    return report


def _consume(report: BuildReport, results: Iterable[dict], on_result: Progress | None) -> float:
    """Record results as they arrive; return the seconds taken."""
    t0 = time.perf_counter()
    for status in results:
        if status["status"] == "ok":
            report.built += 1
            report.frames += status.get("frames", 0)
        elif status["status"] == "skipped":
            report.skipped.append(status)
        if on_result is not None:
            on_result(status)
    return time.perf_counter() - t0


def _run_local(cfg: BuildConfig, todo: list[sources.SourceItem]) -> Iterable[dict[str, Any]]:
    for item in todo:
        yield process_item(cfg, item)


def _run_ray(
    ray: Any, cfg: BuildConfig, todo: list[sources.SourceItem]
) -> Iterable[dict[str, Any]]:
    remote = ray.remote(num_cpus=1, max_retries=2)(process_item)
    cfg_ref = ray.put(cfg)
    pending = [remote.remote(cfg_ref, item) for item in todo]
    while pending:
        done, pending = ray.wait(pending, num_returns=1)
        for ref in done:
            yield ray.get(ref)


def label_on_ray(paths: list[Path], cfg: Any, workers: int, address: str | None = None
                 ) -> Iterable[dict[str, Any]]:
    """Label shards on Ray: `workers` actors each load the IDM once and take shards as they free
    up (results arrive in completion order). `cfg` is a `label.LabelConfig`."""
    with ray_session(workers, address) as ray:
        from ray.util import ActorPool

        actor = ray.remote(num_cpus=1, max_restarts=1, max_task_retries=2)(_Labeller)
        pool = ActorPool([actor.remote(cfg) for _ in range(max(1, workers))])
        yield from pool.map_unordered(lambda a, path: a.label.remote(str(path)), paths)


class _Labeller:
    """One Ray actor: an IDM loaded once, labelling whole shards (`label.label_shard`)."""

    def __init__(self, cfg: Any):
        import torch

        from data_pipeline.label import load_idm

        torch.set_num_threads(cfg.threads or 1)
        self.cfg, self.model = cfg, load_idm(cfg.model)

    def label(self, path: str) -> dict[str, Any]:
        from data_pipeline.label import label_shard

        return label_shard(self.model, Path(path), self.cfg)
