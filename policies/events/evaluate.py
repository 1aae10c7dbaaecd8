"""Held-out precision and recall of the event detector against the recorded events.

For each event kind, detections and true events (recorded events of that kind, one per frame)
are matched one to one when they are at most `tolerance` frames apart (closest pairs first);
precision = matched / detected, recall = matched / true. `item_accuracy`: matched detections
whose item equals the true event's item (for a frame with several events of the kind, any of
them). Figures are pooled over all held-out episodes, at several tolerances.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

import numpy as np

from data_pipeline.schema import ShardReader

from .data import episode_events, episodes_with_events
from .modeling_events import DetectedEvent, decode_events

TOLERANCES = (0, 1, 2, 5)


def match(pred: Sequence[int], true: Sequence[int], tolerance: int) -> list[tuple[int, int]]:
    """One-to-one (pred index, true index) pairs at most `tolerance` frames apart, closest first."""
    pairs = sorted((abs(p - t), i, j) for i, p in enumerate(pred) for j, t in enumerate(true)
                   if abs(p - t) <= tolerance)
    used_p, used_t, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_p and j not in used_t:
            used_p.add(i)
            used_t.add(j)
            out.append((i, j))
    return out


def score_episode(detected: Sequence[DetectedEvent], truth: dict[str, dict[int, set[str]]],
                  kinds: Sequence[str], tolerance: int) -> dict[str, list[int]]:
    """Per kind [detected, true, matched, item right] counts for one episode; `truth` maps kind →
    frame → items of the recorded events there."""
    out = {}
    for kind in kinds:
        pred = [e for e in detected if e.kind == kind]
        frames = sorted(truth.get(kind, {}))
        pairs = match([e.frame for e in pred], frames, tolerance)
        right = sum(pred[i].item in truth[kind][frames[j]] for i, j in pairs)
        out[kind] = [len(pred), len(frames), len(pairs), right]
    return out


def truth_by_kind(events) -> dict[str, dict[int, set[str]]]:
    out: dict[str, dict[int, set[str]]] = {}
    for f, e in events:
        out.setdefault(e.kind, {}).setdefault(f, set()).add(e.target)
    return out


def evaluate(model, paths: str | os.PathLike | Iterable, split: str = "val", seed: int = 0,
             tolerances: Sequence[int] = TOLERANCES, threshold: float | None = None,
             max_episodes: int | None = None) -> dict:
    """Run the detector over every `split` episode with recorded events; pooled figures per kind
    and tolerance: {"tolerance_k": {kind: {detected, true, matched, precision, recall, f1,
    item_accuracy}}, "episodes", "frames", "threshold", "nms_radius"}."""
    cfg = model.config
    episodes = episodes_with_events(paths, split, seed=seed)[:max_episodes]
    if not episodes:
        raise ValueError(f"{paths}: no episodes with recorded events in split {split!r}; build "
                         "shards from our recordings (`openha data generate` / `data build --source ours`)")
    counts = {t: {k: np.zeros(4, np.int64) for k in cfg.kinds} for t in tolerances}
    frames = 0
    for path, ep in episodes:
        with ShardReader(path) as r:
            video, truth = r.frames(ep), truth_by_kind(episode_events(r, ep))
        frames += len(video)
        probs, items = model.probabilities(video)
        detected = decode_events(probs, items, cfg, threshold)
        for t in tolerances:
            for kind, c in score_episode(detected, truth, cfg.kinds, t).items():
                counts[t][kind] += c
    out: dict = {"split": split, "episodes": len(episodes), "frames": frames,
                 "threshold": cfg.threshold if threshold is None else threshold,
                 "nms_radius": cfg.nms_radius}
    for t in tolerances:
        table = {kind: _figures(c) for kind, c in counts[t].items()}
        table["all"] = _figures(sum(counts[t].values()))
        out[f"tolerance_{t}"] = table
    return out


def _figures(c: np.ndarray) -> dict:
    det, true, hit, right = (int(x) for x in c)
    p = hit / det if det else None  # None: undefined (nothing detected / nothing to find)
    r = hit / true if true else None
    f1 = 2 * p * r / (p + r) if p is not None and r is not None and p + r > 0 else None
    return {"detected": det, "true": true, "matched": hit, "precision": p, "recall": r, "f1": f1,
            "item_accuracy": right / hit if hit else None}
