"""What every openha policy model shares: the training batch contract, stepwise inference with
per-env state (dicts of tensors, batch first) and sampling from the factored action head."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from transformers import PreTrainedModel
from transformers.utils import ModelOutput

from openha.actions.vpt import N_BUTTONS

from .layers import NULL_ACTION, encode_goals


@dataclass
class PolicyOutput(ModelOutput):
    loss: torch.Tensor | None = None
    buttons_logits: torch.Tensor | None = None
    camera_logits: torch.Tensor | None = None


def window_push(window: torch.Tensor, count: torch.Tensor, item: torch.Tensor):
    """Left-aligned sliding window (B, W, ...) holding `count` items: append `item` (B, ...),
    dropping the oldest when full. Returns (window, count, index of the new item)."""
    full = count >= window.shape[1]
    rolled = torch.cat([window[:, 1:], torch.zeros_like(window[:, :1])], 1)
    view = (-1,) + (1,) * (window.dim() - 1)
    window = torch.where(full.view(view), rolled, window).clone()
    count = torch.where(full, count, count + 1)
    rows = torch.arange(window.shape[0], device=window.device)
    window[rows, count - 1] = item
    return window, count, count - 1


class PolicyModel(PreTrainedModel):
    """Base class: subclasses implement `forward(frames, goal_ids, goal_mask, prev_actions,
    actions=None)` over windows and `init_state(batch)` / `step(...)` for one frame per env."""

    main_input_name = "frames"
    _supports_sdpa = True

    def goal_ids(self, goals: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
        ids, mask = encode_goals(goals, self.config.goal_max_len)
        return ids.to(self.device), mask.to(self.device)

    @staticmethod
    def null_actions(batch: int, device=None) -> torch.Tensor:
        return torch.tensor([NULL_ACTION] * batch, dtype=torch.long, device=device)

    @torch.no_grad()
    def act(self, frames: torch.Tensor, goals: list[str], state: dict | None,
            temperature: float = 1.0, generator: torch.Generator | None = None):
        """One action per env. frames uint8 (B, H, W, 3) at the model's image size; `state` from
        `init_state` (None: a new episode for every env). Returns ((B, 2) VPT classes, state)."""
        b = frames.shape[0]
        if state is None:
            state = self.init_state(b)
        ids, mask = self.goal_ids(goals)
        buttons, camera, state = self.step(frames.to(self.device), ids, mask, state)
        b_cls = sample(buttons, temperature, generator)
        # VPT's hierarchy: the camera class is read only when the button class moves the camera
        # (odd classes below `inventory`); then it is never the null bin.
        moves = (b_cls % 2 == 1) & (b_cls != N_BUTTONS - 1)
        camera = camera.clone()
        camera[:, NULL_ACTION[1]] = float("-inf")
        c_cls = torch.where(moves, sample(camera, temperature, generator), NULL_ACTION[1])
        out = torch.stack([b_cls, c_cls], dim=-1)
        state = dict(state, prev_action=out)
        return out, state


def sample(logits: torch.Tensor, temperature: float, generator=None) -> torch.Tensor:
    """Sample class indices (argmax at temperature 0)."""
    if temperature <= 0:
        return logits.argmax(-1)
    probs = torch.softmax(logits.float() / temperature, dim=-1)
    return torch.multinomial(probs, 1, generator=generator).squeeze(-1)


def stack_states(states: list[dict]) -> dict:
    return {k: torch.cat([s[k] for s in states], 0) for k in states[0]}


def split_state(state: dict, batch: int) -> list[dict]:
    return [{k: v[i:i + 1] for k, v in state.items()} for i in range(batch)]
