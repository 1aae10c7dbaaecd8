"""`openha data …`: build, validate, inspect and summarise HDF5 dataset shards (data_pipeline)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

data_app = typer.Typer(
    help="Turn gameplay video into goal–observation–action HDF5 shards; check and inspect them.",
    no_args_is_help=True,
)


@data_app.command("build")
def build_cmd(
    src: list[Path] = typer.Argument(..., help="Recordings (*.mp4) or folders of them."),
    source: str = typer.Option("ours", help="Reader: ours | vpt | video."),
    out: Path = typer.Option(..., "--out", help="Build folder (shards/, status/, index.json)."),
    resolution: str = typer.Option("128x128", help="Frame size WIDTHxHEIGHT."),
    workers: int = typer.Option(1, min=1, help="Parallel workers (Ray when > 1)."),
    address: str = typer.Option(None, help="Ray cluster to join: auto or ray://host:10001."),
    compression: str = typer.Option("lzf", help="Frame compression: lzf | gzip | none (fastest, ~25% larger)."),
    retry_skipped: bool = typer.Option(False, help="Retry recordings skipped by an earlier run."),
    events_model: Path = typer.Option(None, help="Event detector (openha train events output) that "
                                      "cuts goal segments for recordings without events (raw video)."),
):
    """Run every stage (decode → align → goals → shards → index); a rerun resumes where it stopped."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from data_pipeline import sources
    from data_pipeline.decode import parse_resolution
    from data_pipeline.jobs import build
    from data_pipeline.stages import BuildConfig

    try:
        size = parse_resolution(resolution)
        sources.get(source)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None
    cfg = BuildConfig(
        out=str(out),
        source=source,
        resolution=size,
        compression=compression,
        retry_skipped=retry_skipped,
        events_model=str(events_model) if events_model else None,
    )
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns) as bar:
        task = bar.add_task("build", total=None)

        def on_plan(todo: int, before: int) -> None:
            bar.update(task, total=todo, description=f"build ({before} done before)")

        def on_result(status: dict) -> None:
            bar.advance(task)
            if status["status"] == "skipped":
                bar.console.print(f"[yellow]skipped[/] {status['episode']}: {status['reason']}")

        try:
            report = build(
                src, cfg, workers=workers, address=address, on_result=on_result, on_plan=on_plan
            )
        except ValueError as e:  # SourceError, or a bad --events-model
            raise typer.BadParameter(str(e)) from None
    typer.echo(json.dumps(report.summary(), indent=2))


@data_app.command("validate")
def validate_cmd(folder: Path = typer.Argument(..., help="Build folder or folder of *.h5 shards.")):
    """Check schema, lengths and alignment of every shard; name the first bad episode."""
    from data_pipeline.inspect import validate_folder

    problems = validate_folder(folder)
    if problems:
        typer.echo(problems[0], err=True)
        if len(problems) > 1:
            typer.echo(f"… and {len(problems) - 1} more problem(s)", err=True)
        raise typer.Exit(1)
    typer.echo(f"{folder}: all shards valid")


@data_app.command("inspect")
def inspect_cmd(
    folder: Path = typer.Argument(..., help="Build folder or folder of *.h5 shards."),
    episode: str = typer.Option(None, help="Episode id (default: the first)."),
    out: Path = typer.Option(None, help="Where to write the PNGs (default: FOLDER/inspect)."),
):
    """Write a contact-sheet PNG and a goal-timeline PNG for one episode; list its goals."""
    from data_pipeline.inspect import find_episode, write_contact_sheet, write_goal_timeline
    from data_pipeline.schema import ShardReader

    try:
        path, ep = find_episode(folder, episode)
    except KeyError as e:
        raise typer.BadParameter(str(e.args[0])) from None
    out = out or folder / "inspect"
    sheet = write_contact_sheet(folder, out / f"{ep}_frames.png", ep)
    timeline = write_goal_timeline(folder, out / f"{ep}_goals.png", ep)
    with ShardReader(path) as r:
        for g in r.goals(ep):
            typer.echo(
                f"[{g.start:6d} – {g.end:6d}] {'✓' if g.success else ' '} {g.text}  ({g.event or 'tail'})"
            )
    typer.echo(f"contact sheet: {sheet}\ngoal timeline: {timeline}")


@data_app.command("stats")
def stats_cmd(
    folder: Path = typer.Argument(..., help="Build folder or folder of *.h5 shards."),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
):
    """Episodes, frames, hours, goals per kind and bytes per frame."""
    from rich.console import Console
    from rich.table import Table

    from data_pipeline.inspect import stats

    s = stats(folder)
    if as_json:
        typer.echo(json.dumps(s, indent=2))
        return
    table = Table(title=str(folder), show_header=False)
    for key in ("episodes", "labelled_episodes", "frames", "hours", "bytes_per_frame"):
        table.add_row(key, str(s[key]))
    for kind, n in s["goals_per_kind"].items():
        table.add_row(f"goals: {kind}", str(n))
    Console().print(table)


def _progress_columns():
    from rich.progress import BarColumn, TextColumn, TimeRemainingColumn

    return (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
            TimeRemainingColumn())


@data_app.command("label")
def label_cmd(
    folder: Path = typer.Argument(..., help="Build folder or folder of *.h5 shards."),
    model: Path = typer.Option(..., "--model", help="IDM folder (openha train idm output)."),
    chunk_frames: int = typer.Option(2048, min=16, help="Frames labelled per chunk (memory)."),
    batch_size: int = typer.Option(16, min=1, help="IDM windows per forward pass."),
    threads: int = typer.Option(0, min=0, help="torch threads (0: torch's default)."),
    workers: int = typer.Option(1, min=1, help="Ray actors (one IDM each); 1: in this process."),
    address: str = typer.Option(None, help="Ray cluster to join (e.g. auto); default: local."),
):
    """Label unlabelled episodes (raw video) with the inverse dynamics model; resumable."""
    from rich.progress import Progress

    from data_pipeline.label import LabelConfig, label_folder

    cfg = LabelConfig(model=str(model), chunk_frames=chunk_frames, batch_size=batch_size,
                      threads=threads)
    with Progress(*_progress_columns()) as bar:
        task = bar.add_task("label", total=None)

        def on_plan(todo: int, before: int) -> None:
            bar.update(task, total=todo, description=f"label ({before} shards done before)")

        try:
            total = label_folder(folder, cfg, on_result=lambda _: bar.advance(task), on_plan=on_plan,
                                 workers=workers, address=address)
        except ValueError as e:
            raise typer.BadParameter(str(e)) from None
    typer.echo(json.dumps(total, indent=2))


@data_app.command("export")
def export_cmd(
    folder: Path = typer.Argument(..., help="Build folder or folder of *.h5 shards."),
    out: Path = typer.Option(..., "--out", help="Folder for the tar shards and index.json."),
    fmt: str = typer.Option("webdataset", "--format", help="Export format: webdataset."),
    image: str = typer.Option("jpg", help="Frame encoding: jpg (quality 95) | png (lossless)."),
    samples_per_shard: int = typer.Option(10_000, min=1, help="Samples (frames) per tar."),
):
    """Export labelled episodes as WebDataset tar shards (one frame + json per sample); resumable."""
    from rich.progress import Progress

    from data_pipeline.export import ExportConfig, export_webdataset

    cfg = ExportConfig(out=str(out), format=fmt, image=image, samples_per_shard=samples_per_shard)
    with Progress(*_progress_columns()) as bar:
        task = bar.add_task("export", total=None)
        try:
            index = export_webdataset(folder, cfg, on_shard=lambda _: bar.advance(task))
        except ValueError as e:
            raise typer.BadParameter(str(e)) from None
    typer.echo(json.dumps({k: v for k, v in index.items() if k != "shards"}, indent=2))


@data_app.command("generate")
def generate_cmd(
    out: Path = typer.Option(..., "--out", help="Folder: recordings/, rejected/, shards/, index.json."),
    tasks: str = typer.Option(None, help="Task ids, families, globs or tag:<t>, comma-separated "
                              "(default: MGOA's atomic kinds: logs, seeds, dirt, sand, stone)."),
    agent: str = typer.Option("expert", help="Agent that plays each goal: expert."),
    episodes: int = typer.Option(10, min=1, help="Seeds 0..N-1 per task."),
    workers: int = typer.Option(1, min=1, help="Parallel workers (Ray when > 1)."),
    address: str = typer.Option(None, help="Ray cluster to join: auto or ray://host:10001."),
    resolution: str = typer.Option("64x64", help="Shard frame size WIDTHxHEIGHT."),
    record_size: str = typer.Option("128x72", help="Size the env renders, WIDTHxHEIGHT."),
    max_steps: int = typer.Option(None, min=1, help="Cap on each episode (default: the task's)."),
    after_success: int = typer.Option(0, min=0, help="Ticks recorded after success (frames past "
                                      "the last event, e.g. for event-detector training)."),
):
    """Play tasks × seeds with an agent, keep successful episodes only, build shards; resumable."""
    from rich.progress import Progress

    from data_pipeline.decode import parse_resolution
    from data_pipeline.generate import DEFAULT_TASKS, GenerateConfig, generate

    try:
        cfg = GenerateConfig(out=str(out), tasks=tasks or DEFAULT_TASKS, agent=agent,
                             episodes=episodes, record_size=parse_resolution(record_size),
                             resolution=parse_resolution(resolution), max_steps=max_steps,
                             after_success=after_success)
        cfg.check()
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None
    with Progress(*_progress_columns()) as bar:
        task = bar.add_task("generate", total=None)

        def on_plan(todo: int, before: int) -> None:
            bar.update(task, total=todo, description=f"generate ({before} played before)")

        def on_result(row: dict) -> None:
            bar.advance(task)
            if not row["success"]:
                bar.console.print(f"[yellow]rejected[/] {row['name']} ({row['steps']} steps)")

        try:
            summary = generate(cfg, workers=workers, address=address, on_result=on_result,
                               on_plan=on_plan)
        except ValueError as e:
            raise typer.BadParameter(str(e)) from None
    typer.echo(json.dumps(summary, indent=2))
