"""`openha report runs/NAME`: success per family and per tag with 95% Wilson intervals,
steps-to-success, failures by reason, retried faults; PNG plots and `report.md` in the run.

    s = summarize(read_results(run))           # plain dicts, also what the app shows
    files = write_report(run)                  # report.md + *.png; returns their paths
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .store import read_meta, read_results

__all__ = ["wilson", "summarize", "write_report", "print_report", "rate_table"]

PLOTS = ("success_by_family.png", "success_by_tag.png", "steps_to_success.png",
         "failures_by_reason.png")  # fmt: skip
MAX_TAGS = 30


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a success rate (sound for small n and rates near 0 or 1)."""
    if n == 0:
        return 0.0, 0.0
    p = successes / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return max(0.0, c - h), min(1.0, c + h)


def rate_table(groups: Mapping[str, list[Mapping[str, Any]]]) -> list[dict[str, Any]]:
    """One row per group: episodes, successes, rate, 95% CI, steps to success, errors."""
    rows = []
    for name, eps in groups.items():
        n = len(eps)
        ok = sum(1 for e in eps if e.get("success"))
        lo, hi = wilson(ok, n)
        steps = [int(e["steps"]) for e in eps if e.get("success") and e.get("steps") is not None]
        rows.append({
            "group": name, "episodes": n, "successes": ok, "rate": ok / n if n else 0.0,
            "ci_low": lo, "ci_high": hi,
            "steps_mean": statistics.fmean(steps) if steps else None,
            "steps_median": statistics.median(steps) if steps else None,
            "errors": sum(1 for e in eps if e.get("status") == "error"),
        })  # fmt: skip
    return rows


def summarize(episodes: Iterable[Mapping[str, Any]], attempts: Iterable[Mapping] = ()) -> dict:
    """Every table of the report, as plain data."""
    eps = list(episodes)
    fam: dict[str, list] = defaultdict(list)
    tag: dict[str, list] = defaultdict(list)
    for e in eps:
        fam[str(e.get("family") or "?")].append(e)
        for t in e.get("tags") or ():
            tag[str(t)].append(e)
    failures = Counter(str(e.get("reason")) for e in eps if not e.get("success"))
    fail_fam: dict[str, Counter] = defaultdict(Counter)
    for e in eps:
        if not e.get("success"):
            fail_fam[str(e.get("family"))][str(e.get("reason"))] += 1
    tags_sorted = sorted(tag.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return {
        "overall": rate_table({"all": eps})[0],
        "families": rate_table(dict(fam)),
        "tags": rate_table(dict(tags_sorted)),
        "failures": dict(failures.most_common()),
        "failures_by_family": {f: dict(c) for f, c in fail_fam.items()},
        "retried": dict(Counter(str(a.get("kind")) for a in attempts)),
        "errors": [e for e in eps if e.get("status") == "error"],
    }


def _pct(r: Mapping[str, Any]) -> str:
    return f"{100 * r['rate']:.1f}"


def _ci(r: Mapping[str, Any]) -> str:
    return f"{100 * r['ci_low']:.0f}–{100 * r['ci_high']:.0f}"


def _steps(r: Mapping[str, Any]) -> str:
    return "—" if r["steps_mean"] is None else f"{r['steps_mean']:.0f} / {r['steps_median']:.0f}"


def _md_table(rows: list[dict], title: str) -> list[str]:
    out = [f"| {title} | episodes | success % | 95% CI | steps to success (mean / median) | errors |",
           "|---|---:|---:|---:|---:|---:|"]
    out += [f"| {r['group']} | {r['episodes']} | {_pct(r)} | {_ci(r)} | {_steps(r)} | {r['errors']} |"
            for r in rows]
    return out


def _plots(s: dict, run: Path) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    written = []

    def bars(rows: list[dict], fname: str, title: str) -> None:
        if not rows:
            return
        names = [r["group"] for r in rows][::-1]
        rate = [100 * r["rate"] for r in rows][::-1]
        err = [[max(0.0, 100 * (r["rate"] - r["ci_low"])) for r in rows][::-1],
               [max(0.0, 100 * (r["ci_high"] - r["rate"])) for r in rows][::-1]]
        fig, ax = plt.subplots(figsize=(7, 0.9 + 0.32 * len(rows)))
        ax.barh(names, rate, xerr=err, color="#4c78a8", ecolor="#333", capsize=3)
        ax.set_xlim(0, 100)
        ax.set_xlabel("success % (95% Wilson interval)")
        ax.set_title(title)
        fig.tight_layout()
        fig.savefig(run / fname, dpi=110)
        plt.close(fig)
        written.append(fname)

    bars(s["families"], PLOTS[0], "Success by family")
    bars(s["tags"][:MAX_TAGS], PLOTS[1], f"Success by tag (top {MAX_TAGS} by episodes)")
    steps = {r["group"]: [int(e["steps"]) for e in s["_eps"][r["group"]]
                          if e.get("success") and e.get("steps") is not None] for r in s["families"]}
    steps = {k: v for k, v in steps.items() if v}
    if steps:
        fig, ax = plt.subplots(figsize=(7, 0.9 + 0.4 * len(steps)))
        ax.boxplot(list(steps.values()), orientation="horizontal", tick_labels=list(steps))
        ax.set_xlabel("env steps to success")
        ax.set_title("Steps to success by family")
        fig.tight_layout()
        fig.savefig(run / PLOTS[2], dpi=110)
        plt.close(fig)
        written.append(PLOTS[2])
    fails = s["failures_by_family"]
    if fails:
        reasons = list(s["failures"])
        fams = list(fails)
        fig, ax = plt.subplots(figsize=(7, 0.9 + 0.4 * len(fams)))
        left = [0] * len(fams)
        for reason in reasons:
            vals = [fails[f].get(reason, 0) for f in fams]
            ax.barh(fams, vals, left=left, label=reason)
            left = [a + b for a, b in zip(left, vals, strict=True)]
        ax.set_xlabel("failed episodes")
        ax.set_title("Failures by reason")
        ax.legend(fontsize=7, loc="lower right")
        fig.tight_layout()
        fig.savefig(run / PLOTS[3], dpi=110)
        plt.close(fig)
        written.append(PLOTS[3])
    return written


def write_report(run_dir: str | Path, plots: bool = True) -> dict[str, Any]:
    """Write `report.md` and the PNG plots into the run; returns {"summary", "files"}."""
    run = Path(run_dir)
    eps = read_results(run)
    meta = read_meta(run)
    s = summarize(eps, meta.get("attempts", []))
    by_fam: dict[str, list] = defaultdict(list)
    for e in eps:
        by_fam[str(e.get("family") or "?")].append(e)
    s["_eps"] = by_fam
    images = _plots(s, run) if plots and eps else []
    o = s["overall"]
    md = [f"# Evaluation report: {run.name}", "",
          f"Agent `{meta.get('agent')}` · tasks `{meta.get('tasks')}` · seeds {meta.get('seeds')} · "
          f"max_steps cap {meta.get('max_steps')} · {meta.get('width')}×{meta.get('height')}", "",
          f"**{o['successes']}/{o['episodes']} episodes succeeded ({_pct(o)}%, 95% CI {_ci(o)}%)**, "
          f"{o['errors']} errors, {sum(s['retried'].values())} retried tries "
          f"({', '.join(f'{k}: {v}' for k, v in s['retried'].items()) or 'none'}).", "",
          "## By family", "", *_md_table(s["families"], "family"), "",
          "## By tag", "", *_md_table(s["tags"], "tag"), "",
          "## Failures by reason", "", "| reason | episodes |", "|---|---:|",
          *[f"| {k} | {v} |" for k, v in s["failures"].items()], ""]  # fmt: skip
    if images:
        md += ["## Plots", "", *[f"![{p}]({p})" for p in images], ""]
    videos = [e for e in eps if e.get("video")]
    if videos:
        md += ["## Videos", "", *[f"- [{e['task']} seed {e['seed']}]({e['video']}) — {e['reason']}"
                                  for e in videos], ""]
    if s["errors"]:
        md += ["## Errors", ""]
        for e in s["errors"][:50]:
            md += [f"<details><summary>{e['task']} seed {e['seed']}: {e['reason']} after "
                   f"{e['attempts']} tries</summary>", "", "```", str(e.get("error") or "").strip(),
                   "```", "</details>", ""]
    (run / "report.md").write_text("\n".join(md))
    s.pop("_eps")
    return {"summary": s, "files": ["report.md", *images]}


def print_report(s: dict, console: Any = None, max_tags: int = 40) -> None:
    """The report's tables on a terminal (rich)."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    for title, rows in (("family", s["families"] + [s["overall"]]), ("tag", s["tags"][:max_tags])):
        t = Table(title=f"Success by {title}", title_justify="left")
        for col in (title, "episodes", "success %", "95% CI", "steps to success (mean/median)", "errors"):
            t.add_column(col, justify="left" if col == title else "right")
        for r in rows:
            t.add_row(r["group"], str(r["episodes"]), _pct(r), _ci(r), _steps(r), str(r["errors"]))
        console.print(t)
    t = Table(title="Failures by reason", title_justify="left")
    t.add_column("reason")
    t.add_column("episodes", justify="right")
    for k, v in s["failures"].items():
        t.add_row(k, str(v))
    console.print(t)
