"""Building blocks shared by the policies: goal bytes, image encoders, attention, action head."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from openha.actions.vpt import N_BUTTONS, joint_bits

N_CAMERA = 121  # 11 × 11 mu-law bins (openha.actions.vpt)
NULL_ACTION = (0, 60)  # VPT's no-op: no buttons, camera class 60
PAD_ID, BOS_ID, N_BYTE_IDS = 0, 1, 258  # byte b -> id b + 2


def encode_goals(goals: list[str], max_len: int) -> tuple[torch.Tensor, torch.Tensor]:
    """UTF-8 bytes of each goal as ids, left-padded to `max_len` (the last token is always real).
    Returns (ids, mask) int64/bool tensors of shape (B, max_len). Offline: no tokenizer files."""
    ids = torch.full((len(goals), max_len), PAD_ID, dtype=torch.long)
    for i, goal in enumerate(goals):
        raw = [BOS_ID] + [b + 2 for b in goal.strip().lower().encode("utf-8")][: max_len - 1]
        ids[i, max_len - len(raw):] = torch.tensor(raw)
    return ids, ids != PAD_ID


def frames_to_float(frames: torch.Tensor) -> torch.Tensor:
    """uint8 (..., H, W, 3) -> float (..., 3, H, W) in [-1, 1]."""
    x = frames.float().div(127.5).sub(1.0)
    return x.movedim(-1, -3)


class Attention(nn.Module):
    """Multi-head attention (PyTorch SDPA) with separate query and key/value inputs."""

    def __init__(self, dim: int, heads: int):
        super().__init__()
        if dim % heads:
            raise ValueError(f"hidden size {dim} is not divisible by {heads} heads")
        self.heads = heads
        self.q_proj = nn.Linear(dim, dim)
        self.kv_proj = nn.Linear(dim, 2 * dim)
        self.o_proj = nn.Linear(dim, dim)

    def forward(self, q: torch.Tensor, kv: torch.Tensor, mask: torch.Tensor | None = None):
        b, nq, d = q.shape
        h = self.heads
        k, v = self.kv_proj(kv).chunk(2, dim=-1)
        q = self.q_proj(q).view(b, nq, h, -1).transpose(1, 2)
        k = k.reshape(b, -1, h, d // h).transpose(1, 2)
        v = v.reshape(b, -1, h, d // h).transpose(1, 2)
        if mask is not None and mask.dim() == 3:
            mask = mask[:, None]
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        return self.o_proj(out.transpose(1, 2).reshape(b, nq, d))


class Block(nn.Module):
    """Pre-norm transformer block; cross-attention when `kv` is given, else self-attention."""

    def __init__(self, dim: int, heads: int, mlp_ratio: int = 4, dropout: float = 0.0):
        super().__init__()
        self.norm_q = nn.LayerNorm(dim)
        self.norm_kv = nn.LayerNorm(dim)
        self.attn = Attention(dim, heads)
        self.norm_mlp = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(
            nn.Linear(dim, mlp_ratio * dim), nn.GELU(), nn.Linear(mlp_ratio * dim, dim)
        )
        self.drop = nn.Dropout(dropout)

    def forward(self, x, kv=None, mask=None):
        q = self.norm_q(x)
        kv = q if kv is None else self.norm_kv(kv)
        x = x + self.drop(self.attn(q, kv, mask))
        return x + self.drop(self.mlp(self.norm_mlp(x)))


def causal_mask(n: int, device=None) -> torch.Tensor:
    """Boolean (n, n) mask, True where attention is allowed (key index ≤ query index)."""
    return torch.ones(n, n, dtype=torch.bool, device=device).tril()


class ViTEncoder(nn.Module):
    """A small Vision Transformer: patch embedding + learned positions + self-attention blocks."""

    def __init__(self, image_size: int, patch: int, dim: int, depth: int, heads: int):
        super().__init__()
        if image_size % patch:
            raise ValueError(f"image_size {image_size} is not a multiple of patch_size {patch}")
        self.n_patches = (image_size // patch) ** 2
        self.patch = nn.Conv2d(3, dim, patch, stride=patch)
        self.pos = nn.Parameter(torch.randn(1, self.n_patches, dim) * 0.02)
        self.blocks = nn.ModuleList(Block(dim, heads) for _ in range(depth))
        self.norm = nn.LayerNorm(dim)

    def forward(self, frames: torch.Tensor) -> torch.Tensor:
        """uint8 (N, H, W, 3) -> patch tokens (N, n_patches, dim)."""
        x = self.patch(frames_to_float(frames)).flatten(2).transpose(1, 2) + self.pos
        for block in self.blocks:
            x = block(x)
        return self.norm(x)


class ImpalaBlock(nn.Module):
    """IMPALA CNN stage: conv, max-pool /2, two residual blocks."""

    def __init__(self, cin: int, cout: int):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, padding=1)
        self.res = nn.ModuleList(
            nn.Sequential(nn.ReLU(), nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU(),
                          nn.Conv2d(cout, cout, 3, padding=1))
            for _ in range(2)
        )

    def forward(self, x):
        x = F.max_pool2d(self.conv(x), 3, stride=2, padding=1)
        for res in self.res:
            x = x + res(x)
        return x


class ImpalaCNN(nn.Module):
    """VPT's image encoder family: IMPALA stages then a dense layer to `dim`."""

    def __init__(self, image_size: int, channels: tuple[int, ...], dim: int):
        super().__init__()
        stages, cin = [], 3
        for c in channels:
            stages.append(ImpalaBlock(cin, c))
            cin = c
        self.stages = nn.Sequential(*stages)
        side = image_size
        for _ in channels:
            side = math.ceil(side / 2)
        self.out = nn.Sequential(nn.ReLU(), nn.Flatten(), nn.Linear(cin * side * side, dim),
                                 nn.ReLU())

    def forward(self, frames: torch.Tensor) -> torch.Tensor:
        """uint8 (N, H, W, 3) -> (N, dim)."""
        return self.out(self.stages(frames_to_float(frames)))


class ActionEmbedding(nn.Module):
    """Embeds a VPT action (buttons class, camera class) as one vector."""

    def __init__(self, dim: int):
        super().__init__()
        self.buttons = nn.Embedding(N_BUTTONS, dim)
        self.camera = nn.Embedding(N_CAMERA, dim)

    def forward(self, actions: torch.Tensor) -> torch.Tensor:
        """(..., 2) int64 -> (..., dim)."""
        return self.buttons(actions[..., 0]) + self.camera(actions[..., 1])


class FactoredActionHead(nn.Module):
    """VPT's factored head: logits over 8641 joint button classes and 121 camera classes."""

    def __init__(self, dim: int):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.buttons = nn.Linear(dim, N_BUTTONS)
        self.camera = nn.Linear(dim, N_CAMERA)

    def forward(self, h: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.norm(h)
        return self.buttons(h), self.camera(h)

    def loss(self, h, logits, actions: torch.Tensor, mask: torch.Tensor | None = None):
        """Training loss from this head's own `forward(h)` output `logits` (h is not needed)."""
        return action_loss(*logits, actions, mask)


class FlatActionHead(nn.Module):
    """Ablation of the factored head: one independent Bernoulli per button bit (VPT's 20
    buttons + "camera moves") and one softmax per camera axis (11 pitch, 11 yaw bins), trained
    with per-bit BCE + per-axis CE. `forward` scores VPT's joint classes with it (each class's
    log-probability under the independent model), so sampling stays in the same action space."""

    def __init__(self, dim: int):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self._bits = torch.from_numpy(joint_bits())  # a constant, kept out of the state dict
        self.bits = nn.Linear(dim, self._bits.shape[1])
        self.n_bins = math.isqrt(N_CAMERA)
        self.axes = nn.Linear(dim, 2 * self.n_bins)

    def table(self, like: torch.Tensor) -> torch.Tensor:
        if self._bits.device != like.device:
            self._bits = self._bits.to(like.device)
        return self._bits

    def _raw(self, h):
        h = self.norm(h)
        return self.bits(h), self.axes(h).unflatten(-1, (2, self.n_bins))

    def forward(self, h: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        z, axes = self._raw(h)
        table = self.table(z)
        buttons = F.logsigmoid(z) @ table.T + F.logsigmoid(-z) @ (1 - table).T
        la = F.log_softmax(axes, -1)
        return buttons, (la[..., 0, :, None] + la[..., 1, None, :]).flatten(-2)

    def loss(self, h, logits, actions: torch.Tensor, mask: torch.Tensor | None = None):
        """Per-bit BCE + per-axis CE, from the pre-activations of `h` (not the class scores)."""
        z, axes = self._raw(h)
        bce = F.binary_cross_entropy_with_logits(z, self.table(z)[actions[..., 0]], reduction="none").sum(-1)
        pitch, yaw = actions[..., 1] // self.n_bins, actions[..., 1] % self.n_bins
        ce = (F.cross_entropy(axes[..., 0, :].flatten(0, -2), pitch.flatten(), reduction="none")
              + F.cross_entropy(axes[..., 1, :].flatten(0, -2), yaw.flatten(), reduction="none"))
        per_step = bce.flatten() + ce
        if mask is None:
            return per_step.mean()
        m = mask.flatten().float()
        return (per_step * m).sum() / m.sum().clamp_min(1.0)


ACTION_HEADS = {"factored": FactoredActionHead, "flat": FlatActionHead}


def action_loss(buttons_logits, camera_logits, actions: torch.Tensor,
                mask: torch.Tensor | None = None) -> torch.Tensor:
    """Cross-entropy of the joint button class plus that of the camera class, averaged over
    the steps where `mask` is True (padding excluded)."""
    ce_b = F.cross_entropy(buttons_logits.flatten(0, -2), actions[..., 0].flatten(), reduction="none")
    ce_c = F.cross_entropy(camera_logits.flatten(0, -2), actions[..., 1].flatten(), reduction="none")
    if mask is None:
        return (ce_b + ce_c).mean()
    m = mask.flatten().float()
    return ((ce_b + ce_c) * m).sum() / m.sum().clamp_min(1.0)
