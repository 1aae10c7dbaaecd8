"""The event-detection stage: goal segments for raw video that has no metadata.

A trained event detector (`policies.events`, `openha train events`) finds counter events in the
decoded frames; they become `goals.Event`s and go through `goals.segment` exactly like the events
a recording's metadata lists. Frames are read back chunk by chunk (one detector window of overlap
on each side), so long videos need not fit in memory. The model is loaded once per process.

    events, columns = detect_events(load_detector("checkpoints/event-small"), frames, ticks)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from data_pipeline.goals import Event
from data_pipeline.label import apply_chunked, check_model_folder

DETECTED_EXTRA = "detected_events"  # /data/<episode>/extra/detected_events: frame, stat, score
_MODELS: dict[str, Any] = {}


def load_detector(path: str | os.PathLike):
    """The event detector saved at `path`, in eval mode (cached per process); a clear error for
    anything else."""
    key = str(Path(path).resolve())
    if key in _MODELS:
        return _MODELS[key]
    check_model_folder(path, "--events-model", "openha_events", "openha train events",
                       "checkpoints/event-small")
    from policies.events import EventDetectorModel

    _MODELS[key] = EventDetectorModel.from_pretrained(str(path)).eval()
    return _MODELS[key]


def detect_events(model, frames, frame_ticks: np.ndarray, chunk_frames: int = 2048,
                  batch_size: int = 16) -> tuple[list[Event], dict[str, Any]]:
    """Events in `frames` (anything with len() and slicing to uint8 (n, H, W, 3), e.g. an h5py
    dataset), as `Event`s at the frames' ticks, and the `detected_events` extra columns."""
    from policies.events.modeling_events import decode_events

    n = len(frames)
    if n == 0:
        return [], {"frame": np.zeros(0, np.int32), "stat": [], "score": np.zeros(0, np.float32)}
    probs, items = apply_chunked(n, chunk_frames, model.config.window, lambda lo, hi: list(
        model.probabilities(frames[lo:hi], batch_size=batch_size)))
    found = decode_events(probs, items, model.config)
    ticks = np.asarray(frame_ticks)
    events = [Event(int(ticks[e.frame]), e.stat, 1) for e in found]
    columns = {"frame": np.asarray([e.frame for e in found], np.int32),
               "stat": [e.stat for e in found],
               "score": np.asarray([e.score for e in found], np.float32)}
    return events, columns
