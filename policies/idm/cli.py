"""`openha train idm`: train the inverse dynamics model on labelled dataset-pipeline shards.

    openha train idm --data runs/policy_data --out runs/idm-small --preset small [--resume]

Training goes through `policies.training.train` (checkpoints, log.csv, loss.png, safetensors);
afterwards the held-out figures (`policies.idm.evaluate`) are written to `idm_eval.json`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import torch
import typer

from policies.training import TrainConfig, train

BATCH_KEYS = ("frames", "actions", "loss_mask")


def collate_clips(samples: list[dict]) -> dict[str, torch.Tensor]:
    """Stack `PolicyWindows` samples into an IDM batch (goal text and previous actions dropped)."""
    return {k: torch.stack([s[k] for s in samples]) for k in BATCH_KEYS}


def clip_datasets(data: str | Path, window: int, seed: int = 0):
    """Train windows (stride window/2) and val windows (stride window) of the shards at `data`."""
    from policies.data import PolicyWindows, WindowConfig

    common = dict(window=window, seed=seed, instruction_every=0)
    train_ds = PolicyWindows(data, WindowConfig(stride=max(window // 2, 1), split="train", **common))
    val_ds = PolicyWindows(data, WindowConfig(stride=window, split="val", **common))
    return train_ds, val_ds


def train_idm(data: str | Path, cfg: TrainConfig, preset: str = "small", threads: int = 0,
              **overrides) -> dict:
    """Train a fresh IDM of `preset` on the labelled shards at `data`; returns (and writes to
    out_dir/training_info.json) the training and held-out figures."""
    from .configuration_idm import IDMConfig
    from .evaluate import evaluate
    from .modeling_idm import IDMModel

    if threads:
        torch.set_num_threads(threads)
    if not Path(data).exists():
        raise ValueError(f"--data {data}: no such folder; build labelled shards with "
                         "`openha data generate` or `openha data build --source ours`")
    torch.manual_seed(cfg.seed)
    config = IDMConfig.preset(preset, **overrides)
    out = Path(cfg.out_dir)
    last = sorted(out.glob("checkpoint-*"), key=lambda p: int(p.name.split("-")[1]))
    model = IDMModel(config)
    train_ds, val_ds = clip_datasets(data, config.window, cfg.seed)
    if len(train_ds) == 0:
        raise ValueError(f"--data {data}: no labelled episodes in the train split")
    t0 = time.time()
    metrics = train(model, train_ds, val_ds if len(val_ds) else None, cfg,
                    collate_fn=collate_clips)
    wall = time.time() - t0
    model.eval()
    held_out = evaluate(model, data, split="val", seed=cfg.seed) if len(val_ds) else {}
    info = {"preset": preset, "data": str(data), "train_windows": len(train_ds),
            "train_frames": train_ds.frames, "val_windows": len(val_ds),
            "val_frames": getattr(val_ds, "frames", 0), "wall_seconds": round(wall, 1),
            "resumed_from": last[-1].name if (cfg.resume and last) else None,
            "threads": torch.get_num_threads(),
            "parameters": sum(p.numel() for p in model.parameters()),
            "train": metrics, "held_out": held_out}
    (out / "training_info.json").write_text(json.dumps(info, indent=2, default=float) + "\n")
    return info


def train_idm_command(
    data: Path = typer.Option(..., help="Dataset build folder (shards/ inside) or shard files."),
    out: Path = typer.Option(..., help="Output folder: weights, config, log.csv, loss.png."),
    preset: str = typer.Option("small", help="tiny | small."),
    resume: bool = typer.Option(False, help="Continue from the last out/checkpoint-N."),
    max_steps: int = typer.Option(1000, min=1, help="Optimizer steps."),
    batch_size: int = typer.Option(8, min=1, help="Windows per step."),
    lr: float = typer.Option(1e-3, help="Peak learning rate (warmup, then cosine)."),
    save_steps: int = typer.Option(200, min=1, help="Checkpoint every N steps."),
    eval_steps: int = typer.Option(200, min=1, help="Validation loss every N steps."),
    seed: int = typer.Option(0, help="Seed for init, split and data order."),
    threads: int = typer.Option(0, min=0, help="torch threads (0: torch's default)."),
):
    """Train the inverse dynamics model (VPT-style, non-causal) on labelled shards."""
    cfg = TrainConfig(out_dir=str(out), max_steps=max_steps, batch_size=batch_size, lr=lr,
                      save_steps=save_steps, eval_steps=eval_steps, seed=seed, resume=resume)
    try:
        info = train_idm(data, cfg, preset, threads)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None
    typer.echo(json.dumps(info, indent=2, default=float))


if __name__ == "__main__":  # `python -m policies.idm.cli …` until `openha train idm` is mounted
    typer.run(train_idm_command)
