"""The issue #11 results table from finished `policies.eval_atomic` runs: per model, success and
items collected (Optimus-2's "average reward": the target counter at episode end) per task,
the mean, and the spread over seed sets (seeds split into `--sets` consecutive groups).

    python -m policies.ablation_table runs/abl-eval/goap-small runs/abl-eval/vpt-small … --sets 3
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from pathlib import Path

import typer


def model_summary(rows: list[dict], sets: int = 3) -> dict:
    """Per task: success rate and mean items; overall mean success, its per-set means and std."""
    seeds = sorted({r["seed"] for r in rows})
    size = max(1, -(-len(seeds) // sets))
    set_of = {s: i // size for i, s in enumerate(seeds)}
    by_task: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_task[r["task"]].append(r)
    tasks = {}
    for task, rs in sorted(by_task.items()):
        items = [sum((r.get("counts") or {}).values()) for r in rs]
        tasks[task] = {"episodes": len(rs), "success": sum(r["success"] for r in rs) / len(rs),
                       "items": sum(items) / len(rs)}
    per_set = defaultdict(list)
    for r in rows:
        per_set[set_of[r["seed"]]].append(r["success"])
    set_means = [sum(v) / len(v) for _, v in sorted(per_set.items())]
    return {"tasks": tasks, "episodes": len(rows), "seeds": f"{seeds[0]}-{seeds[-1]}" if seeds else "",
            "mean_success": statistics.fmean(t["success"] for t in tasks.values()) if tasks else 0.0,
            "mean_items": statistics.fmean(t["items"] for t in tasks.values()) if tasks else 0.0,
            "set_means": set_means, "set_std": statistics.pstdev(set_means) if len(set_means) > 1 else 0.0}


def markdown(summaries: dict[str, dict]) -> str:
    """One row per task, one column per model: `success (items)`; then mean ± std over sets."""
    names = list(summaries)
    tasks = sorted({t for s in summaries.values() for t in s["tasks"]})
    lines = ["| task | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for t in tasks:
        cells = []
        for n in names:
            v = summaries[n]["tasks"].get(t)
            cells.append(f"{v['success']:.0%} ({v['items']:.2f})" if v else "—")
        lines.append(f"| {t} | " + " | ".join(cells) + " |")
    lines.append("| **mean success** | " + " | ".join(
        f"**{s['mean_success']:.0%}** ± {s['set_std']:.0%}" for s in summaries.values()) + " |")
    lines.append("| per seed set | " + " | ".join(
        " / ".join(f"{m:.0%}" for m in s["set_means"]) for s in summaries.values()) + " |")
    lines.append("| episodes | " + " | ".join(str(s["episodes"]) for s in summaries.values()) + " |")
    return "\n".join(lines)


def main(runs: list[Path] = typer.Argument(..., help="Eval run folders (results.sqlite inside)."),
         sets: int = typer.Option(3, min=1, help="Seed sets to split the seeds into."),
         out: Path = typer.Option(None, help="Also write the table (.md) and summaries (.json).")) -> None:
    from openha.eval import read_results

    summaries = {}
    for run in runs:
        rows = read_results(run)
        if not rows:
            raise typer.BadParameter(f"{run}: no finished episodes (run policies.eval_atomic first)")
        summaries[run.name] = model_summary(rows, sets)
    text = markdown(summaries)
    if out:
        out.with_suffix(".md").write_text(text + "\n")
        out.with_suffix(".json").write_text(json.dumps(summaries, indent=2))
    typer.echo(text)


if __name__ == "__main__":
    typer.run(main)
