"""The Results tab's data: runs written by `openha eval`, read through the eval store's reader
(`openha.eval.read_results`: `results.sqlite` in the run directory), into per-family and
per-episode tables."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from openha.eval.report import wilson

EPISODE_COLUMNS = (
    "task",
    "family",
    "seed",
    "success",
    "steps",
    "reason",
    "wall_s",
    "video",
    "trace",
)


class RunError(ValueError):
    """A run directory that cannot be shown (missing, empty, unreadable)."""


def is_run(path: Path) -> bool:
    from openha.eval.store import DB_NAME

    return path.is_dir() and (path / DB_NAME).exists()


def list_runs(root: str | Path) -> list[str]:
    """Run directories under `root` (itself included when it is one), newest first."""
    root = Path(root)
    if not root.is_dir():
        return []
    found = [root] if is_run(root) else []
    found += [p for p in root.iterdir() if is_run(p)]
    found.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    return [str(p) for p in found]


def read_episodes(run_dir: str | Path) -> list[dict[str, Any]]:
    """Every finished episode of a run (safe while the run goes on), with `video` and `trace` as
    absolute paths (None when absent)."""
    from openha.eval import read_results

    run = Path(run_dir)
    if not run.exists():
        raise RunError(f"run directory {run} does not exist; run `openha eval --out {run}` first")
    if not run.is_dir():
        raise RunError(f"{run} is not a directory")
    try:
        rows = read_results(run)
    except FileNotFoundError as e:
        raise RunError(f"{e} (is this an `openha eval` run directory?)") from None
    except Exception as e:  # a damaged database
        raise RunError(f"{run}: cannot read the results: {type(e).__name__}: {e}") from None
    return [_normalize(r, run) for r in rows]


def run_info(run_dir: str | Path) -> dict[str, Any]:
    """The run's configuration (agent, tasks, seeds …), or {} when it cannot be read."""
    try:
        from openha.eval import read_meta

        return {k: v for k, v in read_meta(run_dir).items() if k != "attempts"}
    except Exception:
        return {}


def _normalize(r: Mapping[str, Any], run: Path) -> dict[str, Any]:
    out = dict(r)
    task = str(out.get("task") or "")
    out["family"] = out.get("family") or (task.split("/", 1)[0] if "/" in task else "")
    out["success"] = bool(out.get("success"))
    for c in EPISODE_COLUMNS:
        out.setdefault(c, None)
    for c in ("video", "trace"):
        if out.get(c):
            p = Path(str(out[c]))
            p = p if p.is_absolute() else run / p
            out[c] = str(p) if p.exists() else None
    return out


def trace_preview(path: str | None, lines: int = 30) -> str:
    """The first lines of an episode's trace (JSONL: step, action, plan …)."""
    if not path:
        return ""
    with open(path) as f:
        head = [next(f, "") for _ in range(lines)]
    return "".join(head).rstrip()


def family_table(episodes: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per family: episodes, successes, rate and its 95% interval (in %), mean steps to success;
    a final `all` row."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    eps = list(episodes)
    for e in eps:
        groups.setdefault(str(e.get("family") or "?"), []).append(e)
    rows = []
    for fam, items in [*groups.items(), ("all", eps)]:
        n = len(items)
        ok = sum(1 for e in items if e.get("success"))
        lo, hi = wilson(ok, n)
        steps = [
            float(e["steps"]) for e in items if e.get("success") and e.get("steps") is not None
        ]
        rows.append({
            "family": fam, "episodes": n, "successes": ok,
            "success %": round(100 * ok / n, 1) if n else 0.0,
            "95% CI": f"{100 * lo:.0f}–{100 * hi:.0f}",
            "mean steps (success)": round(sum(steps) / len(steps), 1) if steps else None,
        })  # fmt: skip
    return rows


def report_images(run_dir: str | Path) -> list[str]:
    """PNG plots written by `openha report` into the run (any depth 1)."""
    run = Path(run_dir)
    return [str(p) for p in sorted([*run.glob("*.png"), *run.glob("*/*.png")])][:24]
