"""Training access to shards: a `torch.utils.data.Dataset` of (frame window, goal text, action).

Sample i is a window of `window` consecutive frames ending at frame t of one episode (windows never
cross episode ends), the goal text of the segment that contains t, and the action taken at t
(every MineRL key, plus VPT's joint classes under `vpt`). Episodes are split into train/val by a
hash of their id, so the split is deterministic and stable as a dataset grows. Unlabelled episodes
(raw video) are left out. Shards open lazily in each DataLoader worker.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from typing import Any

import numpy as np
import torch

from data_pipeline.schema import ShardReader
from data_pipeline.stages import shard_paths

SPLITS = ("train", "val", "all")


def split_of(episode_id: str, val_fraction: float = 0.1, seed: int = 0) -> str:
    """`train` or `val` for an episode, from a hash of (seed, id): deterministic, order-free."""
    h = int.from_bytes(hashlib.sha1(f"{seed}:{episode_id}".encode()).digest()[:8], "little")
    return "val" if h / 2**64 < val_fraction else "train"


class GoalActionDataset(torch.utils.data.Dataset):
    """Random-access (frames, goal, action) samples over shards; see the module docstring.

    Returns dicts: `frames` uint8 tensor (window, H, W, 3), `goal` str, `action` {key: tensor}
    (buttons int64 scalars, `camera` float32 (2,), `vpt` int64 (2,)), `episode` str, `t` int.
    """

    def __init__(
        self,
        paths: str | os.PathLike | Iterable[str | os.PathLike],
        window: int = 8,
        split: str = "all",
        val_fraction: float = 0.1,
        seed: int = 0,
        stride: int = 1,
    ):
        if split not in SPLITS:
            raise ValueError(f"split {split!r} unknown; use one of {SPLITS}")
        if window < 1 or stride < 1:
            raise ValueError(f"window ({window}) and stride ({stride}) must be ≥ 1")
        self.window, self.split, self.stride = window, split, stride
        self.readers: list[ShardReader] = []
        rows = []  # (reader index, episode, first valid end frame, n samples)
        for path in shard_paths(paths):
            reader = ShardReader(path)
            for ep in reader.episodes():
                if split != "all" and split_of(ep, val_fraction, seed) != split:
                    continue
                if not reader.has_actions(ep):
                    continue
                n = reader.length(ep)
                count = 0 if n < window else (n - window) // stride + 1
                if count:
                    rows.append((len(self.readers), ep, count))
            self.readers.append(reader)
            reader.close()
        self._episodes = [(r, ep) for r, ep, _ in rows]
        self._offsets = np.cumsum([0] + [c for *_, c in rows])
        self._goal_cache: dict[tuple[int, str], tuple[np.ndarray, list[str]]] = {}

    def __len__(self) -> int:
        return int(self._offsets[-1])

    @property
    def episodes(self) -> list[str]:
        return [ep for _, ep in self._episodes]

    def locate(self, index: int) -> tuple[int, str, int]:
        """(reader index, episode, last frame t) of sample `index`."""
        if not 0 <= index < len(self):
            raise IndexError(f"sample {index} out of range [0, {len(self)})")
        k = int(np.searchsorted(self._offsets, index, side="right")) - 1
        r, ep = self._episodes[k]
        t = (index - int(self._offsets[k])) * self.stride + self.window - 1
        return r, ep, t

    def goal_at(self, reader: int, episode: str, t: int) -> str:
        key = (reader, episode)
        if key not in self._goal_cache:
            goals = self.readers[reader].goals(episode)
            ends = np.array([g.end for g in goals], dtype=np.int64)
            self._goal_cache[key] = (ends, [g.text for g in goals])
        ends, texts = self._goal_cache[key]
        k = int(np.searchsorted(ends, t, side="left"))
        return texts[k] if k < len(texts) else ""

    def __getitem__(self, index: int) -> dict[str, Any]:
        r, ep, t = self.locate(index)
        reader = self.readers[r]
        frames = reader.frames(ep, t - self.window + 1, t + 1)
        act = reader.actions(ep, t, t + 1)
        action = {
            k: torch.as_tensor(np.asarray(v[0])).long() for k, v in act.items() if k != "camera"
        }
        action["camera"] = torch.as_tensor(act["camera"][0], dtype=torch.float32)
        return {
            "frames": torch.from_numpy(np.ascontiguousarray(frames)),
            "goal": self.goal_at(r, ep, t),
            "action": action,
            "episode": ep,
            "t": t,
        }

    def describe(self) -> str:
        return json.dumps(
            {"samples": len(self), "episodes": len(self._episodes), "split": self.split}
        )
