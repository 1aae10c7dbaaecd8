"""VPTPolicy: the baseline. Frame t → ImpalaCNN → + goal embedding (bytes → transformer → mean,
added to every frame as STEVE-1 adds its MineCLIP goal) → causal transformer over the last
`window` frames → VPT's factored action head at every position."""

from __future__ import annotations

import torch
from torch import nn

from .configuration_vpt import VPTConfig
from .layers import N_BYTE_IDS, Block, FactoredActionHead, ImpalaCNN, action_loss, causal_mask
from .modeling_base import PolicyModel, PolicyOutput, window_push


class GoalEncoder(nn.Module):
    """Goal bytes → one vector (embedding, one self-attention block, masked mean)."""

    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.embed = nn.Embedding(N_BYTE_IDS, dim)
        self.block = Block(dim, heads)

    def forward(self, ids, mask):
        x = self.block(self.embed(ids), mask=mask[:, None, :])
        m = mask.unsqueeze(-1).float()
        return (x * m).sum(1) / m.sum(1).clamp_min(1.0)


class VPTPolicy(PolicyModel):
    config_class = VPTConfig

    def __init__(self, config: VPTConfig):
        super().__init__(config)
        d = config.hidden_size
        self.cnn = ImpalaCNN(config.image_size, tuple(config.impala_channels), d)
        self.goal = GoalEncoder(d, config.heads)
        self.pos = nn.Parameter(torch.randn(1, config.window, d) * 0.02)
        self.blocks = nn.ModuleList(Block(d, config.heads) for _ in range(config.depth))
        self.head = FactoredActionHead(d)
        self.post_init()

    @classmethod
    def create(cls, config: VPTConfig) -> VPTPolicy:
        return cls(config)

    def _trunk(self, x: torch.Tensor, goal: torch.Tensor) -> torch.Tensor:
        """x (B, T ≤ window, D) frame embeddings → (B, T, D), causal over T."""
        t = x.shape[1]
        x = x + goal[:, None] + self.pos[:, :t]
        mask = causal_mask(t, x.device)
        for block in self.blocks:
            x = block(x, mask=mask)
        return x

    def forward(self, frames, goal_ids, goal_mask, prev_actions=None, actions=None, loss_mask=None):
        """frames uint8 (B, T, H, W, 3), T ≤ window; actions int64 (B, T, 2) for the loss.
        (`prev_actions` is accepted for a common batch format; VPT does not read it.)"""
        b, t = frames.shape[:2]
        if t > self.config.window:
            raise ValueError(f"{t} frames > VPTConfig.window={self.config.window}")
        x = self.cnn(frames.flatten(0, 1)).unflatten(0, (b, t))
        buttons, camera = self.head(self._trunk(x, self.goal(goal_ids, goal_mask)))
        loss = action_loss(buttons, camera, actions, loss_mask) if actions is not None else None
        return PolicyOutput(loss=loss, buttons_logits=buttons, camera_logits=camera)

    def init_state(self, batch: int) -> dict[str, torch.Tensor]:
        d, w = self.config.hidden_size, self.config.window
        return {
            "prev_action": self.null_actions(batch, self.device),
            "frames": torch.zeros(batch, w, d, device=self.device),
            "n_frames": torch.zeros(batch, dtype=torch.long, device=self.device),
            "goal_ids": torch.full((batch, self.config.goal_max_len), -1, dtype=torch.long,
                                   device=self.device),
            "goal": torch.zeros(batch, d, device=self.device),
        }

    def step(self, frames, goal_ids, goal_mask, state):
        """One frame per env (B, H, W, 3) -> (buttons logits, camera logits, new state)."""
        window, n, last = window_push(state["frames"], state["n_frames"], self.cnn(frames))
        goal = state["goal"]
        changed = (state["goal_ids"] != goal_ids).any(-1)  # encode each env's goal once
        if bool(changed.any()):
            goal = goal.clone()
            goal[changed] = self.goal(goal_ids[changed], goal_mask[changed])
        h = self._trunk(window, goal)
        h = h[torch.arange(h.shape[0], device=h.device), last]
        buttons, camera = self.head(h)
        return buttons, camera, {**state, "frames": window, "n_frames": n, "goal": goal,
                                 "goal_ids": goal_ids}
