"""`openha train events`: train the event detector on shards built from our recordings.

    openha train events --data runs/C-events/data --out runs/C-events/event-small --preset small

The truth is each episode's recorded counter events (`extra/events`). Training goes through
`policies.training.train` (checkpoints, log.csv, loss.png, safetensors); afterwards the held-out
precision/recall per event kind (`policies.events.evaluate`) is written to `training_info.json`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from policies.cli import train_command
from policies.training import TrainConfig, train


def train_events(data: str | Path, cfg: TrainConfig, preset: str = "small", threads: int = 0,
                 **overrides) -> dict:
    """Train a fresh detector of `preset` on the shards at `data` (item vocabulary from the train
    split); returns (and writes to out_dir/training_info.json) the training and held-out figures."""
    import torch

    from .configuration_events import EventConfig
    from .data import EventWindows, collate_windows, item_vocabulary
    from .evaluate import evaluate
    from .modeling_events import EventDetectorModel

    if threads:
        torch.set_num_threads(threads)
    if not Path(data).exists():
        raise ValueError(f"--data {data}: no such folder; build shards from our recordings with "
                         "`openha data generate --after-success 40` or `openha data build --source ours`")
    torch.manual_seed(cfg.seed)
    overrides.setdefault("items", item_vocabulary(data, "train", cfg.seed))
    config = EventConfig.preset(preset, **overrides)
    model = EventDetectorModel(config)
    train_ds = EventWindows(data, config, "train", cfg.seed)
    val_ds = EventWindows(data, config, "val", cfg.seed, event_windows=False)
    if len(train_ds) == 0:
        raise ValueError(f"--data {data}: no episodes with recorded events in the train split")
    t0 = time.time()
    metrics = train(model, train_ds, val_ds if len(val_ds) else None, cfg,
                    collate_fn=collate_windows)
    wall = time.time() - t0
    model.eval()
    held_out = evaluate(model, data, split="val", seed=cfg.seed) if len(val_ds) else {}
    info = {"preset": preset, "data": str(data), "train_windows": len(train_ds),
            "train_frames": train_ds.frames, "train_events": train_ds.events,
            "val_frames": val_ds.frames, "val_events": val_ds.events, "items": len(config.items),
            "wall_seconds": round(wall, 1), "threads": torch.get_num_threads(),
            "parameters": sum(p.numel() for p in model.parameters()),
            "train": metrics, "held_out": held_out}
    (Path(cfg.out_dir) / "training_info.json").write_text(json.dumps(info, indent=2, default=float) + "\n")
    return info


train_events_command = train_command(
    lambda preset, data, cfg, threads, **o: train_events(data, cfg, preset, threads, **o),
    "Train the event detector (frames → counter events, for raw video) on our recordings.",
    presets="tiny | small.", lr_default=1e-3)

