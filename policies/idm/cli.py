"""`openha train idm`: train the inverse dynamics model on labelled dataset-pipeline shards.

    openha train idm --data runs/policy_data --out runs/idm-small --preset small [--resume]

Training goes through `policies.training.train` (checkpoints, log.csv, loss.png, safetensors);
afterwards the held-out figures (`policies.idm.evaluate`) are written to `idm_eval.json`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

from policies.cli import train_command
from policies.training import TrainConfig, train

if TYPE_CHECKING:
    import torch

BATCH_KEYS = ("frames", "actions", "camera", "loss_mask")


def collate_clips(samples: list[dict]) -> dict[str, torch.Tensor]:
    """Stack `PolicyWindows` samples into an IDM batch (goal text and previous actions dropped;
    `camera`: the recorded degrees, for the regression head)."""
    import torch

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
    import torch

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


train_idm_command = train_command(
    lambda preset, data, cfg, threads, **o: train_idm(data, cfg, preset, threads, **o),
    "Train the inverse dynamics model (VPT-style, non-causal) on labelled shards.",
    presets="tiny | small.", lr_default=1e-3)

