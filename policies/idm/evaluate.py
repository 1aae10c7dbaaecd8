"""Held-out figures of an IDM, comparable with VPT's (90.6% keypress accuracy, camera R² 0.97).

- `keypress_accuracy`: per frame and per VPT button (the 20 factored keys), predicted pressed ==
  recorded pressed, averaged over frames × keys (the recorded buttons after VPT's joint mapping,
  which is all an IDM predicting VPT classes can express);
- `frame_exact`: frames whose whole button set is right (stricter);
- `pressed_recall` / `pressed_precision`: over pressed keys only (the rare, informative events);
- `null_action_keypress_accuracy`: what always predicting "nothing pressed" scores (context:
  most keys are up most of the time, so per-key accuracy starts high);
- `camera_r2`: R² of predicted camera degrees (the regression head's, else bin centres) against
  the recorded continuous degrees, pooled over pitch and yaw; `camera_r2_bins` against the recorded camera's own bins
  (what an IDM predicting VPT classes can reach); `camera_r2_ceiling`: the recorded bins against
  the recorded degrees, the best `camera_r2` possible (VPT's bins stop at ±10° per tick).
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import numpy as np

from openha.actions.vpt import FACTORED_BUTTONS

VPT_IDM = {"keypress_accuracy": 0.906, "camera_r2": 0.97}


def r2(pred: np.ndarray, true: np.ndarray) -> float:
    ss_res = float(((pred - true) ** 2).sum())
    ss_tot = float(((true - true.mean(axis=0)) ** 2).sum())
    return 1.0 - ss_res / ss_tot if ss_tot > 0 else float("nan")


def action_metrics(pred_classes: np.ndarray, true_actions: dict,
                   pred_degrees: np.ndarray | None = None) -> dict[str, float]:
    """Figures for predicted VPT classes (N, 2) (and camera degrees (N, 2), default the classes'
    centres) against recorded env actions of the same frames."""
    from openha.actions import get

    vpt = get("vpt")
    true_classes = vpt.from_env_batch(true_actions)
    true_env = vpt.to_env_batch(true_classes)
    pred_env = vpt.to_env_batch({"buttons": pred_classes[:, 0], "camera": pred_classes[:, 1]})
    tb = np.stack([true_env[k] for k in FACTORED_BUTTONS], 1).astype(bool)
    pb = np.stack([pred_env[k] for k in FACTORED_BUTTONS], 1).astype(bool)
    cam = np.asarray(true_actions["camera"], dtype=np.float64)
    pred_cam = (pred_env["camera"] if pred_degrees is None else pred_degrees).astype(np.float64)
    return {
        "frames": int(len(tb)),
        "keypress_accuracy": float((tb == pb).mean()),
        "frame_exact": float((tb == pb).all(1).mean()),
        "pressed_recall": float((tb & pb).sum() / max(tb.sum(), 1)),
        "pressed_precision": float((tb & pb).sum() / max(pb.sum(), 1)),
        "camera_r2": r2(pred_cam, cam),
        "camera_r2_bins": r2(pred_cam, true_env["camera"].astype(np.float64)),
        "_pred_camera": pred_cam, "_true_camera": cam, "_tb": tb, "_pb": pb,
    }


def _predict(model, frames: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """(classes, degrees) from an IDM's `predict`, or (classes, None) from any `label`-only model."""
    if hasattr(model, "predict"):
        return model.predict(frames)
    return model.label(frames), None


def evaluate(model, paths: str | os.PathLike | Iterable, split: str = "val",
             val_fraction: float = 0.1, seed: int = 0, max_episodes: int | None = None) -> dict:
    """Label every labelled episode of `split` with `model` and pool the figures over frames."""
    from data_pipeline.dataset import split_of
    from data_pipeline.schema import ShardReader
    from data_pipeline.stages import shard_paths

    parts = []
    for path in shard_paths(paths):
        with ShardReader(path) as r:
            for ep in r.episodes():
                if split != "all" and split_of(ep, val_fraction, seed) != split:
                    continue
                if not r.has_actions(ep) or (max_episodes and len(parts) >= max_episodes):
                    continue
                acts = {k: v for k, v in r.actions(ep).items() if k != "vpt"}
                classes, degrees = _predict(model, r.frames(ep))
                parts.append(action_metrics(classes, acts, degrees))
    if not parts:
        raise ValueError(f"{paths}: no labelled episodes in split {split!r} to evaluate on")
    tb = np.concatenate([p["_tb"] for p in parts])
    pb = np.concatenate([p["_pb"] for p in parts])
    pc = np.concatenate([p["_pred_camera"] for p in parts]).astype(np.float64)
    tc = np.concatenate([p["_true_camera"] for p in parts])
    from openha.actions import get

    tbins = get("vpt").to_env_batch(get("vpt").from_env_batch({"camera": tc}))["camera"]
    return {
        "split": split, "episodes": len(parts), "frames": int(len(tb)),
        "keypress_accuracy": float((tb == pb).mean()), "frame_exact": float((tb == pb).all(1).mean()),
        "pressed_recall": float((tb & pb).sum() / max(tb.sum(), 1)),
        "pressed_precision": float((tb & pb).sum() / max(pb.sum(), 1)),
        "camera_r2": r2(pc, tc), "camera_r2_bins": r2(pc, tbins.astype(np.float64)),
        "camera_r2_ceiling": r2(tbins.astype(np.float64), tc),
        "null_action_keypress_accuracy": float((~tb).mean()),  # predicting "nothing pressed"
        "vpt_idm_reference": VPT_IDM,
    }  # fmt: skip
