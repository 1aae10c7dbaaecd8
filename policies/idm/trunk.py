"""The non-causal video trunk shared by the IDM and the event detector, and windowed inference.

Trunk: a window of frames → a 3D convolution over time (`conv3d_kernel` frames, 1×1 in space, as
VPT's IDM) → an ImpalaCNN per frame → a bidirectional transformer over the window → one feature
vector per frame. `add_trunk` puts the layers on the model itself (parameter names `conv3d.*`,
`stages.*`, `embed.*`, `pos`, `blocks.*`, as the shipped idm-small checkpoint has them).

`predict_windows` runs a per-frame model over a whole episode in overlapping windows and keeps each
frame's output from the window where it sits most centrally, so every frame sees context on both
sides (ties: the earlier window).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from policies.layers import Block, ImpalaBlock, frames_to_float


def add_trunk(model: nn.Module, config) -> int:
    """Create the trunk layers on `model` from `config` (image_size, window, conv3d_channels,
    conv3d_kernel, impala_channels, hidden_size, depth, heads); returns the feature width."""
    d, c3, k = config.hidden_size, config.conv3d_channels, config.conv3d_kernel
    model.conv3d = nn.Conv3d(3, c3, (k, 1, 1), padding=(k // 2, 0, 0))
    stages, cin = [], c3
    for c in config.impala_channels:
        stages.append(ImpalaBlock(cin, c))
        cin = c
    model.stages = nn.Sequential(*stages)
    side = config.image_size
    for _ in config.impala_channels:
        side = math.ceil(side / 2)
    model.embed = nn.Sequential(nn.ReLU(), nn.Flatten(), nn.Linear(cin * side * side, d), nn.ReLU())
    model.pos = nn.Parameter(torch.randn(1, config.window, d) * 0.02)
    model.blocks = nn.ModuleList(Block(d, config.heads) for _ in range(config.depth))
    return d


def run_trunk(model: nn.Module, frames: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
    """frames uint8 (B, T ≤ window, S, S, 3) at `config.image_size` → features (B, T, d); `mask`
    bool (B, T) marks real (not padded) frames."""
    b, t, h, w = frames.shape[:4]
    size, window = model.config.image_size, model.config.window
    if t > window or (h, w) != (size, size):
        raise ValueError(f"{type(model).__name__} input {tuple(frames.shape)}: want (B, T ≤ {window}, "
                         f"{size}, {size}, 3); resize frames to {type(model.config).__name__}.image_size")
    x = frames_to_float(frames.to(model.device)).transpose(1, 2)  # (B, 3, T, H, W)
    x = F.relu(model.conv3d(x)).transpose(1, 2).flatten(0, 1)  # (B·T, C, H, W)
    x = model.embed(model.stages(x)).view(b, t, -1) + model.pos[:, :t]
    attn = None if mask is None else mask.to(x.device)[:, None, :]
    for block in model.blocks:
        x = block(x, mask=attn)
    return x


def resize_frames(frames: np.ndarray, size: int) -> np.ndarray:
    """uint8 (N, H, W, 3) → (N, size, size, 3) with INTER_AREA (a no-op at the right size)."""
    if frames.ndim != 4 or frames.shape[-1] != 3:
        raise ValueError(f"frames have shape {frames.shape}; want uint8 (N, H, W, 3)")
    if frames.shape[1:3] == (size, size):
        return frames
    import cv2

    return np.stack([cv2.resize(f, (size, size), interpolation=cv2.INTER_AREA) for f in frames])


def window_starts(n: int, window: int, margin: int) -> list[int]:
    """Start frames of windows covering n frames, overlapping by `margin` on each side."""
    stride = max(window - 2 * margin, 1)
    starts = list(range(0, max(n - window, 0) + 1, stride))
    if starts[-1] + window < n:
        starts.append(n - window)
    return starts


@torch.no_grad()
def predict_windows(frames: np.ndarray, window: int, margin: int, batch_size: int,
                    predict: Callable[[torch.Tensor, torch.Tensor], list[np.ndarray]],
                    ) -> list[np.ndarray]:
    """Per-frame outputs over a whole episode. `predict(clips uint8 (B, window, …), mask bool
    (B, window))` returns arrays shaped (B, window, …); the result holds, for each array, the
    (N, …) values of every frame from the window where that frame is most central."""
    n = len(frames)
    m = min(window, n)
    starts = window_starts(n, window, margin) if n else []
    best = np.full(n, -1, np.int64)
    out: list[np.ndarray] | None = None
    for i in range(0, len(starts), batch_size):
        chunk = starts[i:i + batch_size]
        clips = np.stack([frames[s:s + m] for s in chunk])
        clips = np.pad(clips, ((0, 0), (0, window - m), (0, 0), (0, 0), (0, 0)))
        mask = (torch.arange(window) < m).expand(len(chunk), -1)
        parts = predict(torch.from_numpy(clips), mask)
        if out is None:
            out = [np.zeros((n, *p.shape[2:]), p.dtype) for p in parts]
        for j, s in enumerate(chunk):
            t = np.arange(s, s + m)
            centrality = np.minimum(t - s, s + m - 1 - t)
            take = centrality > best[t]
            best[t[take]] = centrality[take]
            for o, p in zip(out, parts, strict=True):
                o[t[take]] = p[j, :m][take]
    return out if out is not None else []
