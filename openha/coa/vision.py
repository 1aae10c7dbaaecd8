"""Frames -> Qwen2-VL vision inputs without a processor: resize, normalise and cut into the
patch layout `Qwen2VLImageProcessor` produces (temporal patch 2 = the frame twice, 14-pixel
patches, 2×2 merge), so one square frame of side S gives (S/28)² image tokens."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

CLIP_MEAN = np.array([0.48145466, 0.4578275, 0.40821073], np.float32)
CLIP_STD = np.array([0.26862954, 0.26130258, 0.27577711], np.float32)
PATCH, MERGE, TEMPORAL = 14, 2, 2


def resize(frame: np.ndarray, size: int) -> np.ndarray:
    """A square uint8 RGB frame of side `size` (area resampling; unchanged if already that size)."""
    frame = np.asarray(frame)
    if frame.ndim != 3 or frame.shape[2] != 3:
        raise ValueError(f"frame must be (H, W, 3) RGB, got shape {frame.shape}")
    if frame.shape[:2] == (size, size):
        return frame.astype(np.uint8, copy=False)
    import cv2

    return cv2.resize(frame, (size, size), interpolation=cv2.INTER_AREA)


def n_tokens(size: int) -> int:
    """Image tokens one frame of side `size` becomes in the language model."""
    return (size // (PATCH * MERGE)) ** 2


def patches(frames: Sequence[np.ndarray], size: int) -> tuple[np.ndarray, np.ndarray]:
    """(pixel_values float32 (N·g², 3·2·14·14), image_grid_thw int64 (N, 3)) for N frames."""
    if size % (PATCH * MERGE):
        raise ValueError(f"image size {size} must be a multiple of {PATCH * MERGE}")
    g = size // PATCH
    out, grids = [], []
    for frame in frames:
        x = (resize(frame, size).astype(np.float32) / 255.0 - CLIP_MEAN) / CLIP_STD
        x = np.repeat(x.transpose(2, 0, 1)[None], TEMPORAL, axis=0)  # (T=2, C, H, W)
        x = x.reshape(1, TEMPORAL, 3, g // MERGE, MERGE, PATCH, g // MERGE, MERGE, PATCH)
        x = x.transpose(0, 3, 6, 4, 7, 2, 1, 5, 8)
        out.append(x.reshape(g * g, 3 * TEMPORAL * PATCH * PATCH))
        grids.append((1, g, g))
    return np.concatenate(out), np.asarray(grids, np.int64)
