"""IDMModel: VPT-style inverse dynamics model (see `IDMConfig`), a `PreTrainedModel` saved as
safetensors. Training batch: frames uint8 (B, T, H, W, 3), actions int64 (B, T, 2) (VPT joint
buttons class, camera class), loss_mask bool (B, T) for right-padded short episodes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from transformers import PreTrainedModel
from transformers.utils import ModelOutput

from policies.layers import FactoredActionHead, action_loss

from .configuration_idm import IDMConfig
from .trunk import add_trunk, predict_windows, resize_frames, run_trunk

__all__ = ["IDMModel", "IDMOutput", "resize_frames"]


@dataclass
class IDMOutput(ModelOutput):
    loss: torch.Tensor | None = None
    buttons_logits: torch.Tensor | None = None
    camera_logits: torch.Tensor | None = None
    camera_degrees: torch.Tensor | None = None  # (B, T, 2) with `camera_regression`


class IDMModel(PreTrainedModel):
    config_class = IDMConfig
    main_input_name = "frames"
    _supports_sdpa = True

    def __init__(self, config: IDMConfig):
        super().__init__(config)
        d = add_trunk(self, config)
        self.head = FactoredActionHead(d)
        self.camera_head = (nn.Sequential(nn.LayerNorm(d), nn.Linear(d, 2))
                            if config.camera_regression else None)
        self.post_init()

    @classmethod
    def create(cls, config: IDMConfig) -> IDMModel:
        """A fresh model (the `policies.make` entry point)."""
        return cls(config)

    def _init_weights(self, module: nn.Module) -> None:
        pass  # PyTorch's default initialisation of each layer

    def forward(self, frames: torch.Tensor, actions: torch.Tensor | None = None,
                loss_mask: torch.Tensor | None = None,
                camera: torch.Tensor | None = None) -> IDMOutput:
        """frames uint8 (B, T ≤ window, H, W, 3) at `image_size`; returns logits at every frame
        (and the regressed camera degrees) and, with `actions`, the masked cross-entropy of both
        heads, plus with `camera` (recorded degrees float (B, T, 2)) the regression loss."""
        x = run_trunk(self, frames, loss_mask)
        buttons, cam_logits = self.head(x)
        degrees = None
        if self.camera_head is not None:
            degrees = self.camera_head(x) * self.config.camera_scale
        loss = None
        if actions is not None:
            loss = action_loss(buttons, cam_logits, actions.to(x.device), loss_mask)
        if camera is not None and degrees is not None:
            scale = self.config.camera_scale
            err = F.smooth_l1_loss(degrees / scale, camera.to(x.device).float() / scale,
                                   reduction="none").sum(-1)
            mask = (torch.ones(err.shape, dtype=torch.bool, device=x.device) if loss_mask is None
                    else loss_mask.to(x.device))
            reg = (err * mask).sum() / mask.sum().clamp(min=1)
            loss = reg * self.config.camera_loss_weight + (0 if loss is None else loss)
        return IDMOutput(loss=loss, buttons_logits=buttons, camera_logits=cam_logits,
                         camera_degrees=degrees)

    @torch.no_grad()
    def predict(self, frames: np.ndarray, batch_size: int = 16) -> tuple[np.ndarray, np.ndarray]:
        """(VPT classes int64 (N, 2), camera degrees float32 (N, 2)) for a whole episode of uint8
        frames (N, H, W, 3), resized to `image_size` if needed. The degrees are the regression
        head's with `camera_regression`, else the centre of the predicted camera class. Windows
        overlap by `label_margin` frames on each side; each frame keeps the prediction of the
        window where it sits most centrally (ties: the earlier one)."""
        from openha.actions import get

        frames = resize_frames(np.asarray(frames), self.config.image_size)
        if len(frames) == 0:
            return np.zeros((0, 2), np.int64), np.zeros((0, 2), np.float32)

        def predict(clips: torch.Tensor, mask: torch.Tensor) -> list[np.ndarray]:
            out = self(clips, loss_mask=mask)
            parts = [out.buttons_logits.argmax(-1).cpu().numpy(),
                     out.camera_logits.argmax(-1).cpu().numpy()]
            if out.camera_degrees is not None:
                parts.append(out.camera_degrees.float().cpu().numpy())
            return parts

        cfg = self.config
        parts = predict_windows(frames, cfg.window, cfg.label_margin, batch_size, predict)
        classes = np.stack(parts[:2], 1).astype(np.int64)
        if len(parts) == 3:
            degrees = parts[2].astype(np.float32)
        else:
            degrees = get("vpt").to_env_batch({"buttons": classes[:, 0], "camera": classes[:, 1]})["camera"]
        return classes, np.asarray(degrees, np.float32)

    def label(self, frames: np.ndarray, batch_size: int = 16) -> np.ndarray:
        """VPT classes int64 (N, 2) for a whole episode (see `predict`)."""
        return self.predict(frames, batch_size)[0]
