"""EventDetectorModel: frames → per-frame counter events (see `EventConfig`), a `PreTrainedModel`
saved as safetensors.

Training batch (`policies.events.data.EventWindows`): frames uint8 (B, T, H, W, 3), kinds float
(B, T, K) multi-hot, items int64 (B, T) (-100 where the frame has no event), loss_mask bool (B, T).

    model = EventDetectorModel.from_pretrained("checkpoints/event-small").eval()
    events = model.detect(frames)             # [DetectedEvent(frame, kind, item, score), …]
    events = model.events(frames, ticks)      # data_pipeline.goals.Event list, for goals.segment
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from transformers import PreTrainedModel
from transformers.utils import ModelOutput

from data_pipeline.goals import Event
from policies.idm.trunk import add_trunk, predict_windows, resize_frames, run_trunk

from .configuration_events import EventConfig


@dataclass
class EventOutput(ModelOutput):
    loss: torch.Tensor | None = None
    kind_logits: torch.Tensor | None = None
    item_logits: torch.Tensor | None = None


@dataclass(frozen=True)
class DetectedEvent:
    """An event the detector found: at frame `frame`, counter kind `kind` of item `item` ('' when
    unknown), with the kind's probability `score`."""

    frame: int
    kind: str
    item: str
    score: float

    @property
    def stat(self) -> str:
        return f"{self.kind}.{self.item}" if self.item else self.kind


class EventDetectorModel(PreTrainedModel):
    config_class = EventConfig
    main_input_name = "frames"
    _supports_sdpa = True

    def __init__(self, config: EventConfig):
        super().__init__(config)
        d = add_trunk(self, config)
        self.kind_head = nn.Linear(d, len(config.kinds))
        self.item_head = nn.Linear(d, len(config.items))
        self.post_init()

    @classmethod
    def create(cls, config: EventConfig) -> EventDetectorModel:
        """A fresh model (the `policies.make` entry point)."""
        return cls(config)

    def _init_weights(self, module: nn.Module) -> None:
        pass  # PyTorch's default initialisation of each layer

    def forward(self, frames: torch.Tensor, kinds: torch.Tensor | None = None,
                items: torch.Tensor | None = None,
                loss_mask: torch.Tensor | None = None) -> EventOutput:
        """frames uint8 (B, T ≤ window, S, S, 3) at `image_size`; with `kinds` (and `items`), the
        loss: positive-weighted binary cross-entropy of the kinds + `item_loss_weight` × the item
        cross-entropy on event frames, over unmasked frames."""
        x = run_trunk(self, frames, loss_mask)
        kind_logits, item_logits = self.kind_head(x), self.item_head(x)
        loss = None
        if kinds is not None:
            mask = (torch.ones(x.shape[:2], dtype=torch.bool, device=x.device) if loss_mask is None
                    else loss_mask.to(x.device))
            pos = torch.tensor(self.config.pos_weight, device=x.device)
            bce = F.binary_cross_entropy_with_logits(kind_logits, kinds.to(x.device).float(),
                                                     pos_weight=pos, reduction="none").sum(-1)
            loss = (bce * mask).sum() / mask.sum().clamp(min=1)
            if items is not None:
                target = items.to(x.device).masked_fill(~mask, -100)
                if (target >= 0).any():
                    ce = F.cross_entropy(item_logits.flatten(0, 1), target.flatten(), ignore_index=-100)
                    loss = loss + self.config.item_loss_weight * ce
        return EventOutput(loss=loss, kind_logits=kind_logits, item_logits=item_logits)

    @torch.no_grad()
    def probabilities(self, frames: np.ndarray, batch_size: int = 16) -> tuple[np.ndarray, np.ndarray]:
        """Per-frame kind probabilities float32 (N, K) and most likely known item int64 (N,) for
        a whole episode of uint8 frames (N, H, W, 3), resized to `image_size` if needed."""
        frames = resize_frames(np.asarray(frames), self.config.image_size)
        if len(frames) == 0:
            return np.zeros((0, len(self.config.kinds)), np.float32), np.zeros(0, np.int64)

        def predict(clips: torch.Tensor, mask: torch.Tensor) -> list[np.ndarray]:
            out = self(clips, loss_mask=mask)
            item = out.item_logits[..., 1:].argmax(-1) + 1 if len(self.config.items) > 1 else \
                out.item_logits.argmax(-1)
            return [torch.sigmoid(out.kind_logits).float().cpu().numpy(), item.cpu().numpy()]

        cfg = self.config
        probs, items = predict_windows(frames, cfg.window, cfg.label_margin, batch_size, predict)
        return probs, items.astype(np.int64)

    def detect(self, frames: np.ndarray, batch_size: int = 16, threshold: float | None = None
               ) -> list[DetectedEvent]:
        """Events in an episode, sorted by frame (see `peaks` for the decision rule)."""
        probs, items = self.probabilities(frames, batch_size)
        return decode_events(probs, items, self.config, threshold)

    def events(self, frames: np.ndarray, frame_ticks: np.ndarray | None = None,
               batch_size: int = 16) -> list[Event]:
        """Detected events as `data_pipeline.goals.Event`s (tick = `frame_ticks[frame]`, default
        the frame index), ready for `goals.segment` exactly like metadata events."""
        ticks = np.arange(len(frames)) if frame_ticks is None else np.asarray(frame_ticks)
        return [Event(int(ticks[e.frame]), e.stat, 1) for e in self.detect(frames, batch_size)]


def peaks(p: np.ndarray, threshold: float, radius: int) -> list[int]:
    """Frames where `p` ≥ threshold and no higher-scoring accepted frame lies within ±radius
    (greedy non-maximum suppression, highest first; ties: the earlier frame)."""
    candidates = np.flatnonzero(p >= threshold)
    order = candidates[np.argsort(-p[candidates], kind="stable")]
    taken = np.zeros(len(p), bool)
    out = []
    for f in order:
        lo, hi = max(f - radius, 0), f + radius + 1
        if not taken[lo:hi].any():
            out.append(int(f))
            taken[f] = True
    return sorted(out)


def decode_events(probs: np.ndarray, items: np.ndarray, config: EventConfig,
                  threshold: float | None = None) -> list[DetectedEvent]:
    """Per-frame probabilities (N, K) and items (N,) → events, kind by kind, sorted by frame."""
    threshold = config.threshold if threshold is None else threshold
    out = []
    for k, kind in enumerate(config.kinds):
        for f in peaks(probs[:, k], threshold, config.nms_radius):
            out.append(DetectedEvent(f, kind, config.items[int(items[f])], float(probs[f, k])))
    return sorted(out, key=lambda e: (e.frame, e.kind))
