"""`openha train goap|vpt`: train a policy preset on dataset-pipeline shards.

    openha train goap --preset small --data runs/policy_data --out runs/goap-small [--resume]
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer

from .training import TrainConfig, train


def train_policy(kind: str, preset: str, data: str | Path, cfg: TrainConfig,
                 threads: int = 0, **overrides) -> dict:
    """Build a fresh `kind` model from `preset` (config fields replaced by `overrides`) and
    windows over `data`, train it with `policies.training.train` under `cfg`; writes and
    returns `training_info.json`."""
    import torch

    import policies

    from .data import PolicyWindows, WindowConfig, make_collate

    if threads:
        torch.set_num_threads(threads)
    if not Path(data).exists():
        raise ValueError(f"--data {data}: no such folder; build shards with "
                                 "`python -m policies.make_demo_data` or `openha data build`")
    seed, out = cfg.seed, Path(cfg.out_dir)
    torch.manual_seed(seed)
    model = policies.make(kind, preset, **overrides)
    window = model.config.window
    train_ds = PolicyWindows(data, WindowConfig(window=window, stride=max(window // 2, 1),
                                                split="train", seed=seed))
    val_ds = PolicyWindows(data, WindowConfig(window=window, stride=window, split="val",
                                              seed=seed))
    if len(train_ds) == 0:
        raise ValueError(f"--data {data}: no labelled episodes in the train split")
    t0 = time.time()
    metrics = train(model, train_ds, val_ds if len(val_ds) else None, cfg,
                    collate_fn=make_collate(model.config.goal_max_len))
    info = {"kind": kind, "preset": preset, "overrides": overrides, "data": str(data), "train_windows": len(train_ds),
            "train_frames": train_ds.frames, "val_windows": len(val_ds),
            "wall_seconds": round(time.time() - t0, 1), "threads": torch.get_num_threads(),
            "parameters": sum(p.numel() for p in model.parameters()), **metrics}
    (Path(out) / "training_info.json").write_text(json.dumps(info, indent=2, default=float))
    return info


def parse_overrides(items: list[str]) -> dict:
    """`--set KEY=VALUE` options -> config overrides; VALUE is JSON when it parses (numbers,
    true/false, lists), else a string: `--set action_head=flat --set behaviour_encoder=false`."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--set {item!r}: write KEY=VALUE, e.g. --set compress_memory=false")
        try:
            out[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            out[key.strip()] = value
    return out


def train_command(run, doc: str, presets: str = "tiny | small | base.", lr_default: float = 3e-4):
    """A typer command with the shared training options that calls
    `run(preset, data, TrainConfig, threads, **overrides) -> info` and prints the info as JSON."""

    def command(
        preset: str = typer.Option("small", help=presets),
        data: Path = typer.Option(..., help="Dataset build folder (shards/ inside) or shard files."),
        out: Path = typer.Option(..., help="Output folder: weights, config, log.csv, loss.png."),
        resume: bool = typer.Option(False, help="Continue from the last out/checkpoint-N."),
        max_steps: int = typer.Option(1000, min=1, help="Optimizer steps."),
        batch_size: int = typer.Option(8, min=1, help="Windows per step."),
        lr: float = typer.Option(lr_default, help="Peak learning rate (warmup, then cosine)."),
        save_steps: int = typer.Option(200, min=1, help="Checkpoint every N steps."),
        eval_steps: int = typer.Option(200, min=1, help="Validation loss every N steps."),
        seed: int = typer.Option(0, help="Seed for init, split and data order."),
        threads: int = typer.Option(0, min=0, help="torch threads (0: torch's default)."),
        set_: list[str] = typer.Option([], "--set", help="Config override KEY=VALUE (repeatable), "
                                       "e.g. --set action_head=flat."),
    ):
        cfg = TrainConfig(out_dir=str(out), max_steps=max_steps, batch_size=batch_size, lr=lr,
                          save_steps=save_steps, eval_steps=eval_steps, seed=seed, resume=resume)
        try:
            info = run(preset, data, cfg, threads, **parse_overrides(set_))
        except ValueError as e:
            raise typer.BadParameter(str(e)) from None
        typer.echo(json.dumps(info, indent=2, default=float))

    command.__doc__ = doc
    return command


def _command(kind: str):
    return train_command(lambda preset, data, cfg, threads, **o: train_policy(kind, preset, data, cfg, threads, **o),
                         f"Train the {kind.upper()} policy on expert-demonstration shards.")


train_goap = _command("goap")
train_vpt = _command("vpt")

train_app = typer.Typer(help="Train low-level policies (GOAP, VPT baseline).", no_args_is_help=True)
train_app.command("goap")(train_goap)
train_app.command("vpt")(train_vpt)

if __name__ == "__main__":
    train_app()
