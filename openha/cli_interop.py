"""`openha tasks import --from minestudio [DIR]`: MCU / MineStudio task configs -> task YAMLs.

Mounted in `openha/cli.py` with `tasks_app.command("import")(import_tasks)`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def import_tasks(
    path: Annotated[
        Path | None,
        typer.Argument(help="Config folder (…/task_configs, or simple/ or hard/), a minestudio "
                       "wheel, or nothing for the installed minestudio package."),  # fmt: skip
    ] = None,
    source: Annotated[str, typer.Option("--from", help="Config format (only: minestudio).")] = "minestudio",
    out: Annotated[Path, typer.Option("--out", "-o", help="Output root; files go to OUT/mcu/.")] = Path("tasks_minestudio"),
    max_steps: Annotated[int, typer.Option(min=1, help="Episode length of every imported task.")] = 600,
    overwrite: Annotated[bool, typer.Option(help="Replace existing files.")] = False,
):
    """Convert MCU configs to task YAMLs our loader validates; say what changed and what is judged."""
    from openha.compat.mcu_import import import_tasks as run
    from openha.tasks.spec import TaskError

    if source != "minestudio":
        raise typer.BadParameter(f"--from {source!r}: only 'minestudio' is supported")
    try:
        items = run(path, out, max_steps=max_steps, overwrite=overwrite)
    except (FileNotFoundError, FileExistsError, TaskError, ValueError) as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(1) from None
    judged = sum(i.judged for i in items)
    approx = sum(i.approximate for i in items)
    for i in items:
        flags = ",".join(f for f, on in (("judged", i.judged), ("approximate", i.approximate)) if on)
        typer.echo(f"{i.task['id']}\t{flags or 'ok'}\t{i.path}")
    typer.echo(
        f"{len(items)} tasks written to {out}/mcu: {len(items) - judged} with a success condition, "
        f"{judged} tagged judged; {approx} with approximated or dropped init commands "
        f"(see each file's header). Check with: openha tasks validate {out}",
        err=True,
    )
