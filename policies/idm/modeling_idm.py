"""IDMModel: VPT-style inverse dynamics model (see `IDMConfig`), a `PreTrainedModel` saved as
safetensors. Training batch: frames uint8 (B, T, H, W, 3), actions int64 (B, T, 2) (VPT joint
buttons class, camera class), loss_mask bool (B, T) for right-padded short episodes."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from transformers import PreTrainedModel
from transformers.utils import ModelOutput

from policies.layers import Block, FactoredActionHead, ImpalaBlock, action_loss, frames_to_float

from .configuration_idm import IDMConfig


@dataclass
class IDMOutput(ModelOutput):
    loss: torch.Tensor | None = None
    buttons_logits: torch.Tensor | None = None
    camera_logits: torch.Tensor | None = None


class IDMModel(PreTrainedModel):
    config_class = IDMConfig
    main_input_name = "frames"
    _supports_sdpa = True

    def __init__(self, config: IDMConfig):
        super().__init__(config)
        d, c3 = config.hidden_size, config.conv3d_channels
        k = config.conv3d_kernel
        self.conv3d = nn.Conv3d(3, c3, (k, 1, 1), padding=(k // 2, 0, 0))
        stages, cin = [], c3
        for c in config.impala_channels:
            stages.append(ImpalaBlock(cin, c))
            cin = c
        self.stages = nn.Sequential(*stages)
        side = config.image_size
        for _ in config.impala_channels:
            side = math.ceil(side / 2)
        self.embed = nn.Sequential(nn.ReLU(), nn.Flatten(), nn.Linear(cin * side * side, d),
                                   nn.ReLU())
        self.pos = nn.Parameter(torch.randn(1, config.window, d) * 0.02)
        self.blocks = nn.ModuleList(Block(d, config.heads) for _ in range(config.depth))
        self.head = FactoredActionHead(d)
        self.post_init()

    @classmethod
    def create(cls, config: IDMConfig) -> IDMModel:
        """A fresh model (the `policies.make` entry point)."""
        return cls(config)

    def _init_weights(self, module: nn.Module) -> None:
        pass  # PyTorch's default initialisation of each layer

    def forward(self, frames: torch.Tensor, actions: torch.Tensor | None = None,
                loss_mask: torch.Tensor | None = None) -> IDMOutput:
        """frames uint8 (B, T ≤ window, H, W, 3) at `image_size`; returns logits at every frame
        and, with `actions`, the masked cross-entropy of both heads."""
        b, t, h, w = frames.shape[:4]
        size = self.config.image_size
        if t > self.config.window or (h, w) != (size, size):
            raise ValueError(f"IDM input {tuple(frames.shape)}: want (B, T ≤ {self.config.window},"
                             f" {size}, {size}, 3); resize frames to IDMConfig.image_size")
        x = frames_to_float(frames.to(self.device)).transpose(1, 2)  # (B, 3, T, H, W)
        x = F.relu(self.conv3d(x)).transpose(1, 2).flatten(0, 1)  # (B·T, C, H, W)
        x = self.embed(self.stages(x)).view(b, t, -1) + self.pos[:, :t]
        attn = None if loss_mask is None else loss_mask.to(x.device)[:, None, :]
        for block in self.blocks:
            x = block(x, mask=attn)
        buttons, camera = self.head(x)
        loss = None if actions is None else action_loss(buttons, camera, actions.to(x.device),
                                                        loss_mask)
        return IDMOutput(loss=loss, buttons_logits=buttons, camera_logits=camera)

    @torch.no_grad()
    def label(self, frames: np.ndarray, batch_size: int = 16) -> np.ndarray:
        """VPT classes int64 (N, 2) for a whole episode of uint8 frames (N, H, W, 3), resized to
        `image_size` if needed. Windows overlap by `label_margin` frames on each side; each frame
        keeps the prediction of the window where it sits most centrally (ties: the earlier one)."""
        frames = resize_frames(np.asarray(frames), self.config.image_size)
        n, win = len(frames), self.config.window
        if n == 0:
            return np.zeros((0, 2), np.int64)
        stride = max(win - 2 * self.config.label_margin, 1)
        starts = list(range(0, max(n - win, 0) + 1, stride))
        if starts[-1] + win < n:
            starts.append(n - win)
        best = np.full(n, -1, np.int64)
        out = np.zeros((n, 2), np.int64)
        for i in range(0, len(starts), batch_size):
            chunk = starts[i:i + batch_size]
            m = min(win, n)
            clips = np.stack([frames[s:s + m] for s in chunk])
            pad = win - m
            mask = torch.arange(m + pad) < m
            clips = np.pad(clips, ((0, 0), (0, pad), (0, 0), (0, 0), (0, 0)))
            outp = self(torch.from_numpy(clips), loss_mask=mask.expand(len(chunk), -1))
            b_cls = outp.buttons_logits.argmax(-1).cpu().numpy()
            c_cls = outp.camera_logits.argmax(-1).cpu().numpy()
            for j, s in enumerate(chunk):
                t = np.arange(s, s + m)
                centrality = np.minimum(t - s, s + m - 1 - t)
                take = centrality > best[t]
                best[t[take]] = centrality[take]
                out[t[take], 0] = b_cls[j, :m][take]
                out[t[take], 1] = c_cls[j, :m][take]
        return out


def resize_frames(frames: np.ndarray, size: int) -> np.ndarray:
    """uint8 (N, H, W, 3) → (N, size, size, 3) with INTER_AREA (a no-op at the right size)."""
    if frames.ndim != 4 or frames.shape[-1] != 3:
        raise ValueError(f"frames have shape {frames.shape}; want uint8 (N, H, W, 3)")
    if frames.shape[1:3] == (size, size):
        return frames
    import cv2

    return np.stack([cv2.resize(f, (size, size), interpolation=cv2.INTER_AREA) for f in frames])
