"""`openha tasks`: list, show and validate benchmark tasks (mounted by `openha/cli.py`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

tasks_app = typer.Typer(
    name="tasks",
    help="List, show and validate the benchmark tasks in benchmark_tasks/.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _suite(root: Path | None):
    from openha.tasks import TaskError, load_suite

    try:
        return load_suite(root)
    except TaskError as e:
        for line in e.errors:
            typer.echo(line, err=True)
        typer.echo("the suite has invalid task files; run `openha tasks validate`", err=True)
        raise typer.Exit(1) from None


@tasks_app.command("list")
def list_tasks(
    family: Annotated[list[str] | None, typer.Option("--family", "-f", help="Only this family (repeatable).")] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", help="Only tasks with this tag (repeatable: all must match).")
    ] = None,
    pattern: Annotated[
        str | None, typer.Option("--match", "-m", help="Only ids matching this glob, e.g. 'mine_block/*_ore'.")
    ] = None,
    ids_only: Annotated[bool, typer.Option("--ids", help="Print ids only.")] = False,
    root: Annotated[Path | None, typer.Option(help="Task folder (default: the installed benchmark_tasks/).")] = None,
):
    """One task per line: id, difficulty, max steps, tags, instruction."""
    suite = _suite(root)
    try:
        chosen = suite.filter(family=family or None, tag=tag or None, pattern=pattern)
    except KeyError as e:
        typer.echo(str(e.args[0]), err=True)
        raise typer.Exit(2) from None
    for t in chosen:
        if ids_only:
            typer.echo(t.id)
        else:
            typer.echo(f"{t.id}\t{t.difficulty}\t{t.max_steps}\t{','.join(t.tags)}\t{t.instruction}")
    typer.echo(f"{len(chosen)} of {len(suite)} tasks (suite {suite.version})", err=True)


@tasks_app.command("show")
def show(
    task_id: Annotated[str, typer.Argument(help="Task id, e.g. craft_item/wooden_pickaxe.")],
    plan: Annotated[bool, typer.Option(help="Also print the recipe-graph plan from the init state.")] = True,
    root: Annotated[Path | None, typer.Option(help="Task folder (default: the installed benchmark_tasks/).")] = None,
):
    """Print a task's YAML, its feasibility and the plan that solves it."""
    from openha.tasks.loader import display_path
    from openha.tasks.recipe_graph import Unobtainable, default_graph

    suite = _suite(root)
    try:
        t = suite.get(task_id)
    except KeyError as e:
        typer.echo(str(e.args[0]), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"# {display_path(t.path)}" if t.path else f"# {t.id}")
    typer.echo(Path(t.path).read_text() if t.path else repr(t))
    if not plan:
        return
    g = default_graph()
    ok, why = g.feasible(t)
    typer.echo(f"# feasible: {'yes' if ok else 'NO'} ({why})")
    st = t.init_state()
    for kind, name, n in t.success.targets():
        via = {"craft_item": "craft", "smelt_item": "smelt", "pickup": "gather"}.get(kind)
        if kind in ("kill_entity", "mine_block", "interact_with", "custom"):
            continue
        try:
            p = g.requirements(name, n, st.inventory, placed=st.blocks, mobs=st.mobs, via=via)
        except (Unobtainable, ValueError) as e:
            typer.echo(f"# plan for {kind}.{name}: {e}")
            continue
        typer.echo("# plan: " + str(p).replace("\n", "\n#   "))


@tasks_app.command("validate")
def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Task files or folders (default: the whole suite).")
    ] = None,
    feasibility: Annotated[
        bool, typer.Option(help="Check each task against the recipe graph and world generation.")
    ] = True,
):
    """Check schema, Minecraft names, init commands and feasibility; exit 1 on any problem."""
    from openha.tasks.loader import collect_tasks, task_files

    files = task_files(paths or None)
    if not files:
        typer.echo(f"no task files under {', '.join(map(str, paths or ['benchmark_tasks/']))}", err=True)
        raise typer.Exit(1)
    tasks, errors = collect_tasks(files, feasibility=feasibility)
    if not paths and not errors:  # the whole suite: suite.yaml must describe what is there
        from openha.tasks.suite import Suite, check_suite_meta

        errors += check_suite_meta(Suite(tuple(tasks)))
    for line in errors:
        typer.echo(line, err=True)
    bad_files = len({e.split(": ", 1)[0] for e in errors})
    if errors:
        typer.echo(f"{len(errors)} problems in {bad_files} of {len(files)} files", err=True)
        raise typer.Exit(1)
    typer.echo(f"ok: {len(tasks)} tasks valid" + (" and feasible" if feasibility else ""))
