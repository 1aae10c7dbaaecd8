"""IDMConfig: sizes of the inverse dynamics model, with `tiny` (tests) and `small` (CPU) presets."""

from __future__ import annotations

from typing import Any

from transformers import PretrainedConfig

PRESETS: dict[str, dict[str, Any]] = {
    "tiny": dict(image_size=32, window=8, conv3d_channels=8, conv3d_kernel=3,
                 impala_channels=(8, 8), hidden_size=32, depth=1, heads=2, label_margin=2),
    "small": dict(image_size=64, window=16, conv3d_channels=8, conv3d_kernel=5,
                  impala_channels=(16, 32, 32), hidden_size=128, depth=2, heads=4, label_margin=2,
                  camera_regression=True),
}


def check_trunk(cfg) -> None:
    """Raise ValueError naming the bad field of a video-trunk config (the IDM's, the event
    detector's: `policies/idm/trunk.py`) and the fix."""
    name = type(cfg).__name__
    if cfg.window < 2:
        raise ValueError(f"{name}.window={cfg.window}: use ≥ 2 (what happens at t shows in t+1)")
    if cfg.conv3d_kernel < 1 or cfg.conv3d_kernel % 2 == 0:
        raise ValueError(f"{name}.conv3d_kernel={cfg.conv3d_kernel}: use an odd number ≥ 1")
    if not 0 <= 2 * cfg.label_margin < cfg.window:
        raise ValueError(f"{name}.label_margin={cfg.label_margin}: use 0 ≤ 2·margin < "
                         f"window={cfg.window}")
    if cfg.hidden_size % cfg.heads:
        raise ValueError(f"{name}.hidden_size={cfg.hidden_size} is not divisible by "
                         f"heads={cfg.heads}")


class IDMConfig(PretrainedConfig):
    """A window of `window` frames → a 3D convolution over time (`conv3d_kernel` frames, 1×1 in
    space, as VPT's IDM) → an ImpalaCNN per frame → a bidirectional transformer over the window →
    VPT's factored action head (8641 joint button classes, 121 camera classes) at every frame.
    With `camera_regression`, a second camera head predicts the turn in degrees (pitch, yaw) per
    frame (smooth-L1 on degrees / `camera_scale`, weighted `camera_loss_weight`): VPT's camera
    classes stop at ±10° per tick, so turns beyond that (our expert turns up to 20°) can only be
    labelled by a continuous head. Labels then carry the regressed degrees (float32, as MineRL's
    camera) and the VPT classes of those degrees.

    The action at frame t is the one taken after seeing frame t, so its effect shows in frame t+1:
    the model is non-causal on purpose. Labelling runs windows that overlap by `label_margin`
    frames on each side and keeps each frame's prediction from the window where it sits most
    centrally."""

    model_type = "openha_idm"

    def __init__(self, image_size: int = 64, window: int = 16, conv3d_channels: int = 16,
                 conv3d_kernel: int = 5, impala_channels: tuple[int, ...] = (16, 32, 32),
                 hidden_size: int = 128, depth: int = 2, heads: int = 4, label_margin: int = 2,
                 camera_regression: bool = False, camera_scale: float = 10.0,
                 camera_loss_weight: float = 1.0, **kwargs):
        super().__init__(**kwargs)
        self.image_size, self.window = image_size, window
        self.conv3d_channels, self.conv3d_kernel = conv3d_channels, conv3d_kernel
        self.impala_channels = list(impala_channels)
        self.hidden_size, self.depth, self.heads = hidden_size, depth, heads
        self.label_margin = label_margin
        self.camera_regression = bool(camera_regression)
        self.camera_scale, self.camera_loss_weight = float(camera_scale), float(camera_loss_weight)
        self.check()

    def check(self) -> None:
        """Raise ValueError naming the bad field and the fix."""
        check_trunk(self)
        if self.camera_scale <= 0 or self.camera_loss_weight < 0:
            raise ValueError(f"IDMConfig.camera_scale={self.camera_scale} / camera_loss_weight="
                             f"{self.camera_loss_weight}: use a scale > 0 and a weight ≥ 0")

    @classmethod
    def preset(cls, name: str, **overrides) -> IDMConfig:
        if name not in PRESETS:
            raise ValueError(f"IDM preset {name!r} unknown; use one of {sorted(PRESETS)}")
        return cls(**{**PRESETS[name], **overrides})
