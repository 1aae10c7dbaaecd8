"""The IDM labelling stage: give unlabelled episodes (raw video, labeller "none") VPT actions.

    label_folder("runs/videos_build", LabelConfig("checkpoints/idm-small"))  # `openha data label DIR --model PATH`
    label_folder(..., workers=4, address="auto")   # on a Ray cluster: one IDM actor per worker

Each shard with unlabelled episodes is labelled whole and replaced atomically
(`schema.add_labels`), so a killed run resumes at the first shard still unlabelled and never
leaves half-labelled files. Episodes are labelled in chunks of frames, so long videos need not
fit in memory; chunks overlap by one IDM window so every frame has context on both sides.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from data_pipeline.schema import ShardReader, add_labels
from data_pipeline.stages import build_index, shard_paths


@dataclass(frozen=True)
class LabelConfig:
    """Options of one labelling run."""

    model: str  # a folder written by IDMModel.save_pretrained
    chunk_frames: int = 2048  # frames labelled per model call sequence (memory bound)
    batch_size: int = 16  # IDM windows per forward pass
    threads: int = 0  # torch threads (0: torch's default)


def check_model_folder(path: str | os.PathLike, option: str, model_type: str, trained_by: str,
                       example: str) -> None:
    """Raise a ValueError naming `option` unless `path` holds a saved model of `model_type`."""
    cfg = Path(path) / "config.json"
    if not cfg.is_file():
        raise ValueError(f"{option} {path}: no config.json; pass a folder written by "
                         f"`{trained_by}` (e.g. {example})")
    found = json.loads(cfg.read_text()).get("model_type")
    if found != model_type:
        raise ValueError(f"{option} {path}: model_type is {found!r}, not {model_type!r}")


def load_idm(path: str | os.PathLike):
    """The IDM saved at `path`, in eval mode on CPU; a clear error for anything else."""
    from policies.idm import IDMModel

    check_model_folder(path, "--model", "openha_idm", "openha train idm", "checkpoints/idm-small")
    return IDMModel.from_pretrained(str(path)).eval()


def apply_chunked(n: int, chunk: int, margin: int,
                  fn: Callable[[int, int], list[np.ndarray]]) -> list[np.ndarray]:
    """Per-frame outputs over n frames computed chunk by chunk: `fn(lo, hi)` returns arrays of
    hi - lo rows for frames lo…hi-1, which reach `margin` frames past each chunk so every frame
    keeps context on both sides; each chunk keeps only its own rows."""
    out: list[np.ndarray] | None = None
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        lo, hi = max(start - margin, 0), min(stop + margin, n)
        parts = fn(lo, hi)
        if out is None:
            out = [np.zeros((n, *p.shape[1:]), p.dtype) for p in parts]
        for o, p in zip(out, parts, strict=True):
            o[start:stop] = p[start - lo:stop - lo]
    return out or []


def label_frames(model, reader: ShardReader, episode: str, cfg: LabelConfig
                 ) -> tuple[np.ndarray, np.ndarray]:
    """(VPT classes int64 (T, 2), camera degrees float32 (T, 2)) for one episode, labelled chunk
    by chunk with one window of overlap (degrees: the IDM's regression head, or class centres)."""
    n = reader.length(episode)
    if n == 0:
        return np.zeros((0, 2), np.int64), np.zeros((0, 2), np.float32)
    classes, degrees = apply_chunked(n, cfg.chunk_frames, model.config.window, lambda lo, hi: list(
        model.predict(reader.frames(episode, lo, hi), batch_size=cfg.batch_size)))
    return classes, degrees


def label_shard(model, path: Path, cfg: LabelConfig) -> dict[str, Any]:
    """Label the unlabelled episodes of one shard; returns {shard, episodes, frames, seconds}."""
    from openha.actions import get

    vpt = get("vpt")
    t0 = time.perf_counter()
    labels: dict[str, dict] = {}
    with ShardReader(path) as r:
        for ep in r.episodes():
            if r.has_actions(ep):
                continue
            classes, degrees = label_frames(model, r, ep, cfg)
            labels[ep] = vpt.to_env_batch({"buttons": classes[:, 0], "camera": classes[:, 1]})
            labels[ep]["camera"] = degrees  # continuous where the IDM regresses the camera
    frames = sum(len(a["camera"]) for a in labels.values())
    if labels:
        add_labels(path, labels, {"labeller": "idm", "labeller_model": str(cfg.model)})
    return {"shard": str(path), "episodes": len(labels), "frames": frames,
            "seconds": time.perf_counter() - t0}


def unlabelled_shards(folder: str | os.PathLike) -> list[Path]:
    """Shards of a build folder (or shard files) that still hold unlabelled episodes."""
    todo = []
    for path in shard_paths(folder):
        with ShardReader(path) as r:
            if any(not r.has_actions(ep) for ep in r.episodes()):
                todo.append(path)
    return todo


def label_folder(folder: str | os.PathLike, cfg: LabelConfig,
                 on_result: Callable[[dict], None] | None = None,
                 on_plan: Callable[[int, int], None] | None = None,
                 workers: int = 1, address: str | None = None) -> dict[str, Any]:
    """Label every unlabelled episode under `folder` (resumable); rewrite `index.json` of a build
    folder. `workers` > 1 or an `address` label shards on Ray actors (`jobs.label_on_ray`).
    Returns {shards, done_before, episodes, frames, seconds, frames_per_second}; `seconds` sums
    the labelling time of every shard (per-worker cost), `wall_seconds` is the whole run."""
    import torch

    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    if not Path(folder).exists():
        raise ValueError(f"{folder}: no such folder; pass a build folder or a folder of shards")
    all_shards = shard_paths(folder)
    if not all_shards:
        raise ValueError(f"{folder}: no *.h5 shards (pass a build folder or a folder of shards)")
    model = load_idm(cfg.model)  # a bad model folder fails here, before any Ray start-up
    todo = unlabelled_shards(folder)
    if on_plan is not None:
        on_plan(len(todo), len(all_shards) - len(todo))
    total = {"shards": len(todo), "done_before": len(all_shards) - len(todo), "episodes": 0,
             "frames": 0, "seconds": 0.0}
    t0 = time.perf_counter()
    if workers > 1 or address is not None:
        from data_pipeline.jobs import label_on_ray

        results = label_on_ray(todo, cfg, workers, address) if todo else iter(())
    else:
        results = (label_shard(model, path, cfg) for path in todo)
    for result in results:
        for key in ("episodes", "frames", "seconds"):
            total[key] += result[key]
        if on_result is not None:
            on_result(result)
    total["wall_seconds"] = round(time.perf_counter() - t0, 3)
    if (Path(folder) / "shards").is_dir():
        build_index(folder)
    total["frames_per_second"] = round(total["frames"] / total["seconds"], 1) if total["seconds"] else 0.0
    return total
