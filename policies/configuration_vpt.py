"""VPTConfig: the VPT-style baseline (ImpalaCNN + causal transformer, STEVE-1-style goal)."""

from __future__ import annotations

from typing import Any

from transformers import PretrainedConfig

PRESETS: dict[str, dict[str, Any]] = {
    "tiny": dict(image_size=32, impala_channels=(8, 8), hidden_size=32, depth=1, heads=2,
                 window=6, goal_max_len=16),
    "small": dict(image_size=64, impala_channels=(16, 32, 32), hidden_size=192, depth=2,
                  heads=4, window=16, goal_max_len=48),
    "base": dict(image_size=128, impala_channels=(32, 64, 64), hidden_size=512, depth=4,
                 heads=8, window=64, goal_max_len=64),
}


class VPTConfig(PretrainedConfig):
    """ImpalaCNN frame embedding + goal text embedding → causal transformer over the last
    `window` frames → VPT's factored action head."""

    model_type = "openha_vpt"

    def __init__(self, image_size: int = 64, impala_channels: tuple[int, ...] = (16, 32, 32),
                 hidden_size: int = 192, depth: int = 2, heads: int = 4, window: int = 16,
                 goal_max_len: int = 48, **kwargs):
        super().__init__(**kwargs)
        self.image_size, self.impala_channels = image_size, list(impala_channels)
        self.hidden_size, self.depth, self.heads = hidden_size, depth, heads
        self.window, self.goal_max_len = window, goal_max_len

    @classmethod
    def preset(cls, name: str, **overrides) -> VPTConfig:
        if name not in PRESETS:
            raise ValueError(f"VPT preset {name!r} unknown; use one of {sorted(PRESETS)}")
        return cls(**{**PRESETS[name], **overrides})
