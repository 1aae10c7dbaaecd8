"""`openha app`: serve the Gradio app (Play / Watch / Results / Datasets)."""

from __future__ import annotations

from pathlib import Path

import typer


def app_command(
    host: str = typer.Option(
        "127.0.0.1", help="Interface to listen on (0.0.0.0 to serve your network)."
    ),
    port: int = typer.Option(7860, help="Port; the next free one is used when it is taken."),
    datasets: Path = typer.Option(
        Path("data/demos"), help="Where Play records demonstrations and Datasets looks."
    ),
    runs: Path = typer.Option(Path("runs"), help="Where Results looks for `openha eval` runs."),
    tasks: Path | None = typer.Option(
        None, help="A benchmark_tasks folder (default: the installed suite)."
    ),
    share: bool = typer.Option(False, help="Also open a public Gradio share link."),
):
    """Open the app in your browser: play a task yourself, watch an agent, browse results and datasets."""
    from openha.app import build_app, launch

    demo = build_app(tasks_root=tasks, datasets_dir=datasets, runs_dir=runs)
    launch(demo, host=host, port=_free_port(host, port), share=share)


def _free_port(host: str, start: int, tries: int = 50) -> int:
    import socket

    for port in range(start, start + tries):
        with socket.socket() as s:
            try:
                s.bind((host, port))
            except OSError:
                continue
            return port
    raise typer.BadParameter(f"no free port in {start}–{start + tries - 1} on {host}")
