"""Training windows for the policies, over the dataset pipeline's shards.

`PolicyWindows` wraps `data_pipeline.dataset.GoalActionDataset` (which owns shard access, the
train/val split and goal lookup) and yields whole windows of T steps: frames, the VPT action at
every step, the action before every step (the null action at an episode's start) and the
recorded camera degrees (float32, for the IDM's regression head). Episodes
shorter than T give one right-padded window with a loss mask, so 3-step demos still count.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import torch

from .layers import NULL_ACTION, encode_goals


@dataclass
class WindowConfig:
    window: int = 16
    stride: int = 8
    split: str = "train"
    val_fraction: float = 0.1
    seed: int = 0
    instruction_every: int = 2  # every Nth window uses the episode's instruction as its goal


class PolicyWindows(torch.utils.data.Dataset):
    """Sample i: {frames uint8 (T, H, W, 3), goal str, actions / prev_actions int64 (T, 2),
    loss_mask bool (T,)}."""

    def __init__(self, paths: str | os.PathLike | Iterable, cfg: WindowConfig | None = None):
        from data_pipeline.dataset import GoalActionDataset

        self.cfg = cfg = cfg or WindowConfig()
        if cfg.window < 1 or cfg.stride < 1:
            raise ValueError(f"WindowConfig window={cfg.window} stride={cfg.stride}: both ≥ 1")
        self.frames_ds = GoalActionDataset(paths, window=1, split=cfg.split,
                                           val_fraction=cfg.val_fraction, seed=cfg.seed)
        lengths: dict[tuple[int, str], int] = {}
        for i in range(len(self.frames_ds)):
            r, ep, _ = self.frames_ds.locate(i)
            lengths[(r, ep)] = lengths.get((r, ep), 0) + 1
        self.windows: list[tuple[int, str, int, int]] = []  # reader, episode, start, length
        for (r, ep), n in lengths.items():
            starts = list(range(0, max(n - cfg.window, 0) + 1, cfg.stride))
            if starts[-1] + cfg.window < n:
                starts.append(n - cfg.window)
            self.windows += [(r, ep, s, min(cfg.window, n - s)) for s in starts]
        self.frames = sum(lengths.values())

    def __len__(self) -> int:
        return len(self.windows)

    def __getitem__(self, index: int) -> dict:
        r, ep, start, n = self.windows[index]
        reader, t = self.frames_ds.readers[r], self.cfg.window
        frames = reader.frames(ep, start, start + n)
        acts_all = reader.actions(ep, max(start - 1, 0), start + n)
        vpt = np.asarray(acts_all["vpt"], dtype=np.int64)
        camera = np.asarray(acts_all["camera"], dtype=np.float32)[-n:]
        prev = vpt[:-1] if start > 0 else np.concatenate([[NULL_ACTION], vpt[:-1]])
        acts = vpt[1:] if start > 0 else vpt
        pad = t - n
        if self.cfg.instruction_every and index % self.cfg.instruction_every == 0:
            goal = str(reader.attrs(ep).get("instruction") or "")
        else:
            goal = self.frames_ds.goal_at(r, ep, start + n - 1)
        return {
            "frames": torch.from_numpy(np.pad(frames, ((0, pad), (0, 0), (0, 0), (0, 0)))),
            "goal": goal,
            "actions": torch.from_numpy(np.pad(acts, ((0, pad), (0, 0)), constant_values=0)),
            "prev_actions": torch.from_numpy(np.pad(prev, ((0, pad), (0, 0)))),
            "camera": torch.from_numpy(np.pad(camera, ((0, pad), (0, 0)))),  # degrees (IDM)
            "loss_mask": torch.arange(t) < n,
        }


def make_collate(goal_max_len: int):
    """Collate windows into a model batch (goal text → byte ids)."""

    def collate(samples: list[dict]) -> dict[str, torch.Tensor]:
        ids, mask = encode_goals([s["goal"] for s in samples], goal_max_len)
        batch = {k: torch.stack([s[k] for s in samples])
                 for k in ("frames", "actions", "prev_actions", "loss_mask")}
        return {**batch, "goal_ids": ids, "goal_mask": mask}

    return collate
