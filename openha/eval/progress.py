"""Live progress for `openha eval`: a rich bar on a terminal (done / running / failed, success so
far, ETA), one line per episode otherwise (logs, CI). Both follow `session.NullProgress`."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from .runner import EpisodeJob

__all__ = ["BarProgress", "LineProgress", "make_progress"]


class _Counts:
    def __init__(self) -> None:
        self.total = self.done = self.ok = self.failed = self.retries = self.skipped = 0
        self.running: set[tuple[str, int]] = set()

    def start(self, jobs: list[EpisodeJob], skipped: int) -> None:
        self.total = len(jobs)
        self.skipped = skipped

    def started(self, job: EpisodeJob) -> None:
        self.running.add(job.key)

    def retry(self, job: EpisodeJob, kind: str, error: str) -> None:
        self.running.discard(job.key)
        self.retries += 1

    def finished(self, res: dict) -> None:
        self.running.discard((res["task"], int(res["seed"])))
        self.done += 1
        self.ok += bool(res["success"])
        self.failed += res["status"] == "error"

    def text(self) -> str:
        pct = 100.0 * self.ok / self.done if self.done else 0.0
        return (f"done {self.done}/{self.total} · running {len(self.running)} · failed "
                f"{self.failed} · retried {self.retries} · success {self.ok} ({pct:.0f}%)")


class LineProgress(_Counts):
    """One line per finished episode and per retry."""

    def __init__(self, stream: TextIO | None = None):
        super().__init__()
        self.stream = stream or sys.stderr
        self.t0 = time.perf_counter()

    def start(self, jobs: list[EpisodeJob], skipped: int) -> None:
        super().start(jobs, skipped)
        more = f" ({skipped} already finished)" if skipped else ""
        self._print(f"{len(jobs)} episodes to run{more}")

    def retry(self, job: EpisodeJob, kind: str, error: str) -> None:
        super().retry(job, kind, error)
        last = (error or "").strip().splitlines()[-1:] or [""]
        self._print(f"retry {job.task.id} seed {job.seed} after {kind} (try {job.attempt + 1}): {last[0][:160]}")

    def finished(self, res: dict) -> None:
        super().finished(res)
        steps = res.get("steps")
        self._print(f"[{self.done}/{self.total}] {res['status']:<7} {res['task']} seed {res['seed']}: "
                    f"{res['reason']}" + (f", {steps} steps" if steps is not None else ""))

    def close(self) -> None:
        self._print(self.text() + f" · {time.perf_counter() - self.t0:.1f} s")

    def _print(self, line: str) -> None:
        print(line, file=self.stream, flush=True)


class BarProgress(_Counts):
    """A rich progress bar over the step budget (so the ETA weighs long tasks properly)."""

    def __init__(self) -> None:
        super().__init__()
        from rich.progress import (
            BarColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(TextColumn("eval"), BarColumn(), TextColumn("{task.fields[counts]}"),
                            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                            transient=False)
        self.task: Any = None
        self.limits: dict[tuple[str, int], int] = {}

    def start(self, jobs: list[EpisodeJob], skipped: int) -> None:
        super().start(jobs, skipped)
        self.limits = {j.key: j.limit for j in jobs}
        self.bar.start()
        self.task = self.bar.add_task("eval", total=max(1, sum(self.limits.values())),
                                      counts=self.text())

    def started(self, job: EpisodeJob) -> None:
        super().started(job)
        self._update()

    def retry(self, job: EpisodeJob, kind: str, error: str) -> None:
        super().retry(job, kind, error)
        self._update()

    def finished(self, res: dict) -> None:
        super().finished(res)
        self._update(self.limits.get((res["task"], int(res["seed"])), 0))

    def _update(self, advance: int = 0) -> None:
        if self.task is not None:
            self.bar.update(self.task, advance=advance, counts=self.text())

    def close(self) -> None:
        self.bar.stop()


def make_progress(kind: str = "auto") -> Any:
    """`bar`, `lines`, `none` or `auto` (a bar on a terminal, lines otherwise)."""
    from .session import NullProgress

    if kind == "auto":
        kind = "bar" if sys.stderr.isatty() else "lines"
    return {"bar": BarProgress, "lines": LineProgress, "none": NullProgress}[kind]()
