"""The `openha` command line (typer). Subcommands stay thin: they parse options and call
library functions, so everything here is also usable from Python."""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer

app = typer.Typer(
    name="openha",
    help="Build, train and evaluate Minecraft agents on a laptop.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


from openha.cli_interop import import_tasks  # noqa: E402
from openha.cli_tasks import tasks_app  # noqa: E402

tasks_app.command("import")(import_tasks)
app.add_typer(tasks_app, name="tasks")

from openha.cli_data import data_app  # noqa: E402
from openha.coa.cli import data_coa  # noqa: E402

data_app.command("coa")(data_coa)
app.add_typer(data_app, name="data")

from openha.cli_train import train_app  # noqa: E402

app.add_typer(train_app, name="train")

from openha.cli_serve import serve_cmd  # noqa: E402

app.command("serve")(serve_cmd)

from openha.cli_app import app_command  # noqa: E402

app.command("app")(app_command)

from openha.cli_eval import eval_cmd, report_cmd  # noqa: E402

app.command("eval")(eval_cmd)
app.command("report")(report_cmd)


@app.command()
def doctor(as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON.")):
    """Report versions, JIT status, Ray, GPU and which optional backends can run here (and why not)."""
    from openha.doctor import collect, render_table

    report = collect()
    if as_json:
        typer.echo(json.dumps(report, indent=2))
    else:
        render_table(report)


@app.command("env-demo")
def env_demo(
    out: Path = typer.Option(Path("demo"), help="Folder for the mp4, contact sheet and stats."),
    steps: int = typer.Option(400, min=1, help="Env steps (20 per second of game time)."),
    seed: int = typer.Option(0, help="World and policy seed."),
    policy: str = typer.Option("wander", help="Demo policy: wander | random."),
    width: int = typer.Option(640, help="pov width in pixels."),
    height: int = typer.Option(360, help="pov height in pixels."),
    command: list[str] = typer.Option([], "--command", "-c", help="Minecraft command run at reset (repeatable)."),
):
    """Run a scripted or random rollout in VoxelWorld; write an mp4 and a contact-sheet PNG."""
    import gymnasium as gym
    from rich.progress import Progress

    import envs  # noqa: F401  (registers the env ids)
    from openha.demo_policies import POLICIES
    from openha.video import VideoWriter, contact_sheet, save_png

    if policy not in POLICIES:
        raise typer.BadParameter(f"unknown policy {policy!r}; choose from {', '.join(POLICIES)}")
    env = gym.make("openha/VoxelWorld-v0", width=width, height=height)
    obs, info = env.reset(seed=seed, options={"commands": command})
    agent = POLICIES[policy](seed=seed)
    out.mkdir(parents=True, exist_ok=True)
    keep_every = max(1, steps // 12)
    thumbs = []
    t0 = time.perf_counter()
    with VideoWriter(out / "episode.mp4") as video, Progress(transient=True) as bar:
        task = bar.add_task("rollout", total=steps)
        for t in range(steps):
            video.write(obs["pov"])
            if t % keep_every == 0 and len(thumbs) < 12:
                thumbs.append(obs["pov"])
            obs, _, terminated, truncated, info = env.step(agent(obs))
            bar.advance(task)
            if terminated or truncated:
                break
    elapsed = time.perf_counter() - t0
    save_png(out / "contact_sheet.png", contact_sheet(thumbs, cols=4))
    summary = {
        "steps": t + 1,
        "steps_per_second": round((t + 1) / elapsed, 1),
        "video": str(out / "episode.mp4"),
        "contact_sheet": str(out / "contact_sheet.png"),
        "inventory": obs["inventory"],
        "stats": info["stats"],
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    typer.echo(json.dumps(summary, indent=2))
    env.close()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
