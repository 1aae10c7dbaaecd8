"""Typer commands of the CoA VLA: `openha data coa` (dataset) and `openha train coa` (model).
Mounted by `openha/cli.py`; they only parse options and call `openha.coa.data` / `.train`."""

from __future__ import annotations

from pathlib import Path

import typer


def data_coa(
    out: Path = typer.Option(..., "--out", help="Dataset folder (shards/, index.json)."),
    tasks: str = typer.Option("mine_block,craft_item", help="Tasks: ids, families, globs, tag:…"),
    episodes: int = typer.Option(1, min=1, help="Episodes (seeds) per task."),
    every: int = typer.Option(4, "--every", min=1, help="Ticks per decision step (k)."),
    size: int = typer.Option(112, min=28, help="Frame side in pixels (a multiple of 28)."),
    max_steps: int = typer.Option(None, help="Cap every task's step budget."),
    seed_offset: int = typer.Option(0, help="First seed."),
    success_only: bool = typer.Option(False, help="Keep only episodes the expert finished."),
):
    """Run the privileged expert and store frames, actions and CoA targets in every space."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from openha.coa.data import CoADataConfig, make_coa_dataset
    from openha.tasks import load_suite

    cfg = CoADataConfig(out=str(out), tasks=tasks, episodes=episodes, every=every, size=size,
                        max_steps=max_steps, seed_offset=seed_offset, success_only=success_only)  # fmt: skip
    try:
        cfg.validate()
        total = len(load_suite().select(tasks)) * episodes
    except (ValueError, KeyError) as e:
        raise typer.BadParameter(str(e)) from None
    columns = (TextColumn("{task.description}"), BarColumn(),
               TextColumn("{task.completed}/{task.total}"), TimeRemainingColumn())  # fmt: skip
    with Progress(*columns) as bar:
        job = bar.add_task("coa episodes", total=total)
        summary = make_coa_dataset(cfg, lambda status: bar.advance(job))
    typer.echo(f"{summary['written']} written, {summary['skipped']} already there, "
               f"{summary['dropped']} dropped; {summary['decisions']} decisions, "
               f"{summary['frames_per_s']} frames/s -> {out}/index.json")  # fmt: skip


def train_coa(
    data: Path = typer.Option(..., "--data", help="CoA dataset folder (from `openha data coa`)."),
    out: Path = typer.Option(..., "--out", help="Checkpoint folder."),
    preset: str = typer.Option("small", help="Model size: tiny | small."),
    mix: str = typer.Option("all", help="Output spaces: all | text | motion | grounding | skill | tokens."),
    pretrained: Path = typer.Option(None, help="Local Qwen2-VL folder: LoRA fine-tuning instead."),
    lora_rank: int = typer.Option(8, min=1, help="LoRA rank (with --pretrained)."),
    history: int = typer.Option(None, min=0, help="Earlier decision frames shown (preset default 0)."),
    max_steps: int = typer.Option(1000, min=1),
    batch_size: int = typer.Option(8, min=1),
    grad_accum: int = typer.Option(1, min=1),
    lr: float = typer.Option(1e-3),
    save_steps: int = typer.Option(200, min=1),
    eval_steps: int = typer.Option(200, min=1),
    eval_fraction: float = typer.Option(0.1, help="Share of episodes held out for eval loss."),
    seed: int = typer.Option(0),
    resume: bool = typer.Option(False, help="Continue from the last checkpoint-N in --out."),
):
    """Train the Chain-of-Action VLA (Qwen2-VL architecture) on CoA shards."""
    from openha.coa.model import CoAModelConfig
    from openha.coa.train import CoATrainConfig
    from openha.coa.train import train_coa as run
    from policies.training import TrainConfig

    try:
        model = CoAModelConfig.preset(preset)
        cfg = CoATrainConfig(
            data=str(data), preset=preset, mix=mix, model=model, lora_rank=lora_rank,
            pretrained=str(pretrained) if pretrained else None, history=history,
            eval_fraction=eval_fraction,
            train=TrainConfig(out_dir=str(out), max_steps=max_steps, batch_size=batch_size,
                              grad_accum=grad_accum, lr=lr, save_steps=save_steps,
                              eval_steps=eval_steps, seed=seed, resume=resume),
        )  # fmt: skip
        cfg.validate()
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None
    metrics = run(cfg)
    typer.echo(f"trained {metrics.get('global_step')} steps; train loss "
               f"{metrics.get('train_loss', float('nan')):.3f}, eval loss "
               f"{metrics.get('eval_loss', float('nan')):.3f} -> {out}")  # fmt: skip
