"""`openha eval` and `openha report` (mounted by `openha/cli.py`; also runnable on their own as
`python -m openha.cli_eval eval|report …`). Thin: options in, `openha.eval` does the work."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

eval_app = typer.Typer(name="eval", help="Evaluate agents on the benchmark and report results.",
                       no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

DEFAULTS = {"env": "voxel", "tasks": "all", "agent": "random", "seeds": "1", "width": None,
            "height": None}  # width/height None: the env's default pov size


def _stored(out: Path) -> dict:
    from openha.eval.store import DB_NAME, read_meta

    if not (out / DB_NAME).exists():
        return {}
    meta = read_meta(out)
    if isinstance(meta.get("seeds"), list):
        meta["seeds"] = ",".join(str(s) for s in meta["seeds"])
    return meta


@eval_app.command("eval")
def eval_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="Run folder, e.g. runs/NAME (created).")],
    env: Annotated[str | None, typer.Option(help="voxel (VoxelWorld, the benchmark) | crafter (its 22 achievements). [default: voxel]")] = None,
    tasks: Annotated[str | None, typer.Option(help="all | family | id | glob | tag:TAG, comma-separated. [default: all]")] = None,
    agent: Annotated[str | None, typer.Option(help="random | expert | noop | policy:PATH | … [default: random]")] = None,
    seeds: Annotated[str | None, typer.Option(help="Seeds per task: a count (3), a list (0,5,9) or a range (10-19). [default: 1]")] = None,
    workers: Annotated[int | None, typer.Option(help="Env worker actors (default: one per CPU); 0 runs in-process without Ray.")] = None,
    address: Annotated[str | None, typer.Option(help="Join a Ray cluster: auto | HOST:PORT | ray://HOST:10001 (default: start Ray locally).")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue the run in --out: skip finished episodes; unspecified options come from the run.")] = False,
    width: Annotated[int | None, typer.Option(help="pov width. [default: 640 voxel, 64 crafter]")] = None,
    height: Annotated[int | None, typer.Option(help="pov height. [default: 360 voxel, 64 crafter]")] = None,
    max_steps: Annotated[int | None, typer.Option(help="Cap every task's step budget (smoke runs).")] = None,
    video: Annotated[int, typer.Option(help="Film K episodes per family (mp4 with task/step/plan overlay).")] = 0,
    retries: Annotated[int, typer.Option(help="Retries of an episode whose worker raised, died or hung.")] = 2,
    hang_timeout: Annotated[float, typer.Option(help="Seconds without an env step before a worker counts as hung.")] = 120.0,
    traces: Annotated[bool, typer.Option("--traces/--no-traces", help="Write each episode's JSONL trace.")] = True,
    progress: Annotated[str, typer.Option(help="auto | bar | lines | none")] = "auto",
    report: Annotated[bool, typer.Option("--report/--no-report", help="Write the report when the run ends.")] = True,
    tasks_root: Annotated[Path | None, typer.Option(help="A task folder instead of benchmark_tasks/.")] = None,
):
    """Run an agent on benchmark tasks (locally or on a Ray cluster), writing every result as it
    finishes. Ctrl-C stops cleanly; `--resume` carries on."""
    from openha.agent import AgentError
    from openha.eval import EvalConfig, StoreError, parse_seeds, run_eval
    from openha.eval.progress import make_progress
    from openha.tasks import TaskError

    old = _stored(out) if resume else {}
    given = {"env": env, "tasks": tasks, "agent": agent, "seeds": seeds, "width": width,
             "height": height}
    val = {k: v if v is not None else old.get(k, DEFAULTS[k]) for k, v in given.items()}
    if resume:
        max_steps = max_steps if max_steps is not None else old.get("max_steps")
        if tasks_root is None and old.get("tasks_root"):
            tasks_root = Path(old["tasks_root"])
    try:
        size = [None if val[k] is None else int(val[k]) for k in ("width", "height")]
        cfg = EvalConfig(out=out, env=val["env"], tasks=val["tasks"], agent=val["agent"],
                         seeds=parse_seeds(str(val["seeds"])), workers=workers, address=address,
                         resume=resume, width=size[0], height=size[1],
                         max_steps=max_steps, video=video, retries=retries,
                         hang_timeout=hang_timeout, traces=traces, tasks_root=tasks_root)
        if progress not in ("auto", "bar", "lines", "none"):
            raise ValueError(f"--progress {progress!r}: choose auto, bar, lines or none")
        summary = run_eval(cfg, make_progress(progress))
    except (AgentError, StoreError, TaskError, KeyError, ValueError) as e:
        typer.echo(f"error: {str(e).strip(chr(34) + chr(39))}", err=True)
        raise typer.Exit(2) from None
    s = summary
    typer.echo(f"{out}: {s.recorded} episodes recorded ({s.skipped} already there), "
               f"{s.successes} successes, {s.errors} errors, {s.retries} retried tries; "
               f"{s.seconds:.1f} s, {s.episodes_per_hour:.0f} episodes/h, "
               f"{s.steps_per_s:.0f} env steps/s")
    if s.interrupted:
        typer.echo(f"interrupted: finished episodes are saved; continue with "
                   f"`openha eval --out {out} --resume`", err=True)
        raise typer.Exit(130)
    if report and (out / "results.sqlite").exists():
        from openha.eval.report import write_report

        files = write_report(out)["files"]
        typer.echo(f"report: {out / files[0]}")


@eval_app.command("report")
def report_cmd(
    run: Annotated[Path, typer.Argument(help="A run folder written by `openha eval --out`.")],
    plots: Annotated[bool, typer.Option("--plots/--no-plots", help="Write PNG plots.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
):
    """Success per family and per tag (95% Wilson intervals), steps to success, failures by
    reason; writes report.md and PNG plots into the run folder."""
    import json

    from openha.eval.report import print_report, write_report

    try:
        rep = write_report(run, plots=plots)
    except FileNotFoundError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from None
    s = rep["summary"]
    if as_json:
        typer.echo(json.dumps(s, indent=2, default=str))
    else:
        print_report(s)
        typer.echo("wrote " + ", ".join(str(run / f) for f in rep["files"]))


if __name__ == "__main__":
    eval_app()
