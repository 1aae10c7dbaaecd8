"""Training data of the event detector: windows over shards built from our recordings, whose
`extra/events` (written by `data_pipeline.stages` from the recording's metadata) give the truth.

Sample: frames uint8 (window, S, S, 3), kinds float (window, K) (1 where the frame's tick
incremented a counter of that kind), items int64 (window,) (the main event's item index, -100 on
frames with no event), loss_mask bool (window,) (False on padding past a short episode's end).
Windows cover each episode at stride `window // 2`, plus one window per event with the event at a
hashed position, so the rare event frames are seen more than once. Episodes are split by
`data_pipeline.dataset.split_of` like every other dataset here.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import torch

from data_pipeline.dataset import split_of
from data_pipeline.goals import Event
from data_pipeline.schema import ShardReader
from data_pipeline.stages import EVENTS_EXTRA, shard_paths
from policies.idm.trunk import resize_frames

BATCH_KEYS = ("frames", "kinds", "items", "loss_mask")


def episode_events(reader: ShardReader, episode: str) -> list[tuple[int, Event]]:
    """(frame, Event) pairs recorded for an episode; empty when it has no `events` extra."""
    if EVENTS_EXTRA not in reader.extra_names(episode):
        return []
    cols = reader.extra(episode, EVENTS_EXTRA)
    return [(int(f), Event(int(t), s, int(c)))
            for f, t, s, c in zip(cols["frame"], cols["tick"], cols["stat"], cols["count"], strict=True)]


def episodes_with_events(paths, split: str = "all", val_fraction: float = 0.1, seed: int = 0
                         ) -> list[tuple[os.PathLike, str]]:
    """(shard, episode) of every episode in `split` that carries recorded events."""
    out = []
    for path in shard_paths(paths):
        with ShardReader(path) as r:
            for ep in r.episodes():
                if split != "all" and split_of(ep, val_fraction, seed) != split:
                    continue
                if EVENTS_EXTRA in r.extra_names(ep):
                    out.append((path, ep))
    return out


def item_vocabulary(paths, split: str = "train", seed: int = 0, min_count: int = 1) -> list[str]:
    """'' (unknown) + the items of the recorded events in `split` seen ≥ `min_count` times."""
    counts: Counter[str] = Counter()
    for path, ep in episodes_with_events(paths, split, seed=seed):
        with ShardReader(path) as r:
            counts.update(e.target for _, e in episode_events(r, ep) if e.target)
    return [""] + sorted(i for i, n in counts.items() if n >= min_count)


def frame_labels(events: Sequence[tuple[int, Event]], n: int, kinds: Sequence[str],
                 items: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per-frame multi-hot kinds float32 (n, K) and item index int64 (n,) (-100: no event; the
    item of the frame's first non-pickup event, as `goals.segment` names a group)."""
    kind_ix, item_ix = {k: i for i, k in enumerate(kinds)}, {x: i for i, x in enumerate(items)}
    y = np.zeros((n, len(kinds)), np.float32)
    item = np.full(n, -100, np.int64)
    main: dict[int, Event] = {}
    for f, e in sorted(events, key=lambda fe: (fe[0], fe[1].kind == "pickup", fe[1].stat)):
        if e.kind not in kind_ix or not 0 <= f < n:
            continue
        y[f, kind_ix[e.kind]] = 1.0
        main.setdefault(f, e)
    for f, e in main.items():
        item[f] = item_ix.get(e.target, 0)
    return y, item


class EventWindows(torch.utils.data.Dataset):
    """Windows of frames with per-frame event labels (see the module docstring)."""

    def __init__(self, paths: str | os.PathLike | Iterable, config, split: str = "train",
                 seed: int = 0, val_fraction: float = 0.1, event_windows: bool = True):
        self.config, self.window = config, config.window
        self.readers: dict[str, ShardReader] = {}
        self.labels: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self.index: list[tuple[str, str, int]] = []  # (shard, episode, start)
        self.frames = self.events = 0
        for path, ep in episodes_with_events(paths, split, val_fraction, seed):
            reader = self.readers.setdefault(str(path), ShardReader(path))
            n, events = reader.length(ep), episode_events(reader, ep)
            self.labels[(str(path), ep)] = frame_labels(events, n, config.kinds, config.items)
            self.frames, self.events = self.frames + n, self.events + len(events)
            last = max(n - self.window, 0)
            starts = set(range(0, last + 1, max(self.window // 2, 1))) | {last}
            if event_windows:
                for i, (f, _) in enumerate(events):
                    pos = _hash(f"{seed}:{ep}:{i}") % self.window
                    starts.add(int(np.clip(f - pos, 0, last)))
            self.index += [(str(path), ep, s) for s in sorted(starts)]

    def __len__(self) -> int:
        return len(self.index)

    def __getitem__(self, i: int) -> dict[str, torch.Tensor]:
        path, ep, s = self.index[i]
        w, size = self.window, self.config.image_size
        frames = resize_frames(self.readers[path].frames(ep, s, s + w), size)
        kinds, items = (a[s:s + w] for a in self.labels[(path, ep)])
        m = len(frames)
        if m < w:  # a short episode: pad to the window, masked out of the loss
            frames = np.concatenate([frames, np.zeros((w - m, size, size, 3), np.uint8)])
            kinds = np.concatenate([kinds, np.zeros((w - m, kinds.shape[1]), np.float32)])
            items = np.concatenate([items, np.full(w - m, -100, np.int64)])
        return {"frames": torch.from_numpy(np.ascontiguousarray(frames)),
                "kinds": torch.from_numpy(kinds), "items": torch.from_numpy(items),
                "loss_mask": torch.arange(w) < m}


def collate_windows(samples: list[dict]) -> dict[str, torch.Tensor]:
    return {k: torch.stack([s[k] for s in samples]) for k in BATCH_KEYS}


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha1(text.encode()).digest()[:4], "little")
