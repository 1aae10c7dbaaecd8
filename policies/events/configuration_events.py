"""EventConfig: sizes and decision rule of the learned event detector (`tiny` and `small` presets)."""

from __future__ import annotations

from typing import Any

from transformers import PretrainedConfig

from data_pipeline.goals import EVENT_KINDS
from policies.idm.configuration_idm import check_trunk

PRESETS: dict[str, dict[str, Any]] = {
    "tiny": dict(image_size=32, window=8, conv3d_channels=8, conv3d_kernel=3,
                 impala_channels=(8, 8), hidden_size=32, depth=1, heads=2, label_margin=2),
    "small": dict(image_size=64, window=16, conv3d_channels=16, conv3d_kernel=3,
                  impala_channels=(16, 32, 32), hidden_size=128, depth=2, heads=4, label_margin=4),
}


class EventConfig(PretrainedConfig):
    """Frames → per-frame counter events, for raw video with no metadata.

    The trunk is the IDM's (`policies.idm.trunk`: 3D conv over time, ImpalaCNN per frame,
    bidirectional transformer over a window of `window` frames). Two heads per frame: `kinds`
    independent logits (one per event kind: an increment of that counter during the frame's tick,
    i.e. caused by the action at frame t and visible in frame t+1), and `items` logits over the
    item/block/entity vocabulary seen in training (index 0: unknown). A frame is an event of kind
    k when its probability is ≥ `threshold` and the highest within ±`nms_radius` frames."""

    model_type = "openha_events"

    def __init__(self, image_size: int = 64, window: int = 16, conv3d_channels: int = 16,
                 conv3d_kernel: int = 3, impala_channels: tuple[int, ...] = (16, 32, 32),
                 hidden_size: int = 128, depth: int = 2, heads: int = 4, label_margin: int = 4,
                 kinds: tuple[str, ...] = EVENT_KINDS, items: tuple[str, ...] = ("",),
                 pos_weight: float = 10.0, item_loss_weight: float = 0.5,
                 threshold: float = 0.5, nms_radius: int = 3, **kwargs):
        super().__init__(**kwargs)
        self.image_size, self.window = image_size, window
        self.conv3d_channels, self.conv3d_kernel = conv3d_channels, conv3d_kernel
        self.impala_channels = list(impala_channels)
        self.hidden_size, self.depth, self.heads = hidden_size, depth, heads
        self.label_margin = label_margin
        self.kinds, self.items = list(kinds), list(items)
        self.pos_weight, self.item_loss_weight = pos_weight, item_loss_weight
        self.threshold, self.nms_radius = threshold, nms_radius
        self.check()

    def check(self) -> None:
        """Raise ValueError naming the bad field and the fix."""
        check_trunk(self)
        unknown = sorted(set(self.kinds) - set(EVENT_KINDS))
        if unknown or not self.kinds:
            raise ValueError(f"EventConfig.kinds={self.kinds}: use a non-empty subset of {EVENT_KINDS}")
        if not self.items or self.items[0] != "":
            raise ValueError("EventConfig.items must start with '' (the unknown item)")
        if not 0 < self.threshold < 1:
            raise ValueError(f"EventConfig.threshold={self.threshold}: use a probability in (0, 1)")
        if self.nms_radius < 0:
            raise ValueError(f"EventConfig.nms_radius={self.nms_radius}: use ≥ 0 frames")

    @classmethod
    def preset(cls, name: str, **overrides) -> EventConfig:
        if name not in PRESETS:
            raise ValueError(f"event detector preset {name!r} unknown; use one of {sorted(PRESETS)}")
        return cls(**{**PRESETS[name], **overrides})
