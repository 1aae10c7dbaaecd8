"""Measure a policy checkpoint on the atomic mining tasks with `openha.eval.run_eval`.

    python -m policies.eval_atomic checkpoints/goap-small --seeds 100-109 --max-steps 300

Writes runs/eval-<name>/ (the eval store: results, traces) and prints a per-task success table
(markdown) plus the mean; `--json` also writes summary.json there. Resumable (`run_eval` resume).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import typer

from .make_demo_data import ATOMIC_TASKS


def summarise(rows: list[dict]) -> dict:
    """Per-task success rate and episode count, and the mean over tasks."""
    by_task: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        by_task[r["task"]].append(int(r["success"]))
    tasks = {t: {"episodes": len(v), "success": sum(v) / len(v)} for t, v in sorted(by_task.items())}
    mean = sum(t["success"] for t in tasks.values()) / len(tasks) if tasks else 0.0
    return {"tasks": tasks, "mean_success": mean, "episodes": len(rows)}


def table(name: str, summary: dict) -> str:
    lines = [f"| task | {name} success | episodes |", "|---|---|---|"]
    for t, v in summary["tasks"].items():
        lines.append(f"| {t} | {v['success']:.0%} | {v['episodes']} |")
    lines.append(f"| **mean** | **{summary['mean_success']:.0%}** | {summary['episodes']} |")
    return "\n".join(lines)


def main(
    checkpoint: Path = typer.Argument(..., help="Policy folder, e.g. checkpoints/goap-small."),
    tasks: str = typer.Option(",".join(ATOMIC_TASKS), help="Comma-separated task ids."),
    seeds: str = typer.Option("100-103", help="Episode seeds (N, A-B or a,b,c)."),
    max_steps: int = typer.Option(300, help="Cap on each task's step budget."),
    out: Path = typer.Option(None, help="Run folder (default runs/eval-<checkpoint name>)."),
    workers: int = typer.Option(0, help="0: in-process; N: Ray workers + one batched server."),
    temperature: float = typer.Option(1.0, help="Sampling temperature (0 = argmax)."),
) -> None:
    """Run the policy on the tasks and print the success table."""
    from openha.agent.registry import register_lazy
    from openha.eval import EvalConfig, parse_seeds, read_results, run_eval

    register_lazy("policy:", "policies.agent:policy_agent")
    out = out or Path("runs") / f"eval-{checkpoint.name}"
    agent = f"policy:{checkpoint}" + (f"#temperature={temperature}" if temperature != 1.0 else "")
    cfg = EvalConfig(out=out, tasks=tasks, agent=agent, seeds=parse_seeds(seeds),
                     workers=workers, max_steps=max_steps, width=128, height=72,
                     resume=(out / "results.sqlite").exists())
    run_eval(cfg)
    summary = summarise(read_results(out))
    summary.update(checkpoint=str(checkpoint), seeds=seeds, max_steps=max_steps)
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    typer.echo(table(checkpoint.name, summary))


if __name__ == "__main__":
    typer.run(main)
