"""GOAP's Action-guided Behavior Encoder (Optimus-2): a causal perceiver that fuses each step's
observation tokens with the actions taken before it, and a history aggregator whose memory bank
is compressed MA-LMM style (merge the most similar adjacent entries) and read by K queries."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .layers import Block


class CausalPerceiver(nn.Module):
    """Step t's observation tokens attend to the embeddings of actions a_{<t} (never a_t or
    later), then S learned queries pool the fused tokens into S step tokens."""

    def __init__(self, dim: int, heads: int, depth: int, step_tokens: int):
        super().__init__()
        self.fuse = nn.ModuleList(Block(dim, heads) for _ in range(depth))
        self.queries = nn.Parameter(torch.randn(1, step_tokens, dim) * 0.02)
        self.pool = Block(dim, heads)

    def forward(self, obs: torch.Tensor, prev_actions: torch.Tensor) -> torch.Tensor:
        """obs (B, T, N, D) tokens of frames t; prev_actions (B, T, D) embeddings of a_{t-1}.
        Returns step tokens (B, T, S, D); step t depends on prev_actions[:, :t+1] only."""
        b, t, n, d = obs.shape
        x = obs.reshape(b, t * n, d)
        step = torch.arange(t, device=obs.device).repeat_interleave(n)  # step of each obs token
        same_step = step[:, None] == step[None, :]  # obs tokens see their own frame's tokens
        # and the action embedding j (= a_{j-1}) iff j <= their step: never a_t or later
        past_action = torch.arange(t, device=obs.device)[None, :] <= step[:, None]
        mask = torch.cat([same_step, past_action], 1)  # (T*N, T*N + T)
        for block in self.fuse:
            x = block(x, kv=torch.cat([x, prev_actions], 1), mask=mask)
        x = x.reshape(b * t, n, d)
        q = self.queries.expand(b * t, -1, -1)
        return self.pool(q, kv=torch.cat([x, q], 1)).reshape(b, t, -1, d)

    def step(self, obs: torch.Tensor, actions: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
        """Inference for one frame: obs (B, N, D) tokens, actions (B, W, D) embeddings of the
        last W actions before this frame, valid (B, W) which exist. Returns (B, S, D)."""
        b, n, _ = obs.shape
        mask = torch.cat([valid.new_ones(b, n), valid], 1)[:, None, :].expand(b, n, -1)
        x = obs
        for block in self.fuse:
            x = block(x, kv=torch.cat([x, actions], 1), mask=mask)
        q = self.queries.expand(b, -1, -1)
        return self.pool(q, kv=torch.cat([x, q], 1))

    def frame_only(self, obs: torch.Tensor) -> torch.Tensor:
        """The encoder-off ablation: a frame's tokens (B, N, D) pooled into S step tokens with
        no action in view. Returns (B, S, D)."""
        x = obs
        for block in self.fuse:
            x = block(x, kv=x)
        q = self.queries.expand(obs.shape[0], -1, -1)
        return self.pool(q, kv=torch.cat([x, q], 1))


class MemoryBank:
    """Fixed-capacity bank of behaviour entries with merge weights (batched; plain tensors).

    `bank` (B, M, D), `weight` (B, M) = how many steps each entry stands for (0 = empty),
    `count` (B,) entries in use. Appending to a full bank merges the two most similar adjacent
    entries (cosine similarity) into their weighted mean, as MA-LMM does."""

    @staticmethod
    def empty(batch: int, capacity: int, dim: int, device=None) -> dict[str, torch.Tensor]:
        return {
            "bank": torch.zeros(batch, capacity, dim, device=device),
            "weight": torch.zeros(batch, capacity, device=device),
            "count": torch.zeros(batch, dtype=torch.long, device=device),
        }

    @staticmethod
    def append(state: dict[str, torch.Tensor], entry: torch.Tensor) -> dict[str, torch.Tensor]:
        bank, weight, count = state["bank"], state["weight"], state["count"]
        b, m, d = bank.shape
        rows = torch.arange(b, device=bank.device)
        full = count >= m
        if bool(full.any()):
            bank, weight = MemoryBank._merge_most_similar(bank, weight, full)
            count = torch.where(full, count - 1, count)
        bank = bank.clone()
        weight = weight.clone()
        bank[rows, count] = entry
        weight[rows, count] = 1.0
        return {"bank": bank, "weight": weight, "count": count + 1}

    @staticmethod
    def _merge_most_similar(bank, weight, which):
        """For rows in `which` (full banks), merge the most similar adjacent pair; the freed
        slot moves to the end."""
        b, m, d = bank.shape
        sim = F.cosine_similarity(bank[:, :-1], bank[:, 1:], dim=-1)  # (B, M-1)
        i = sim.argmax(dim=1)  # merge i and i+1
        idx = torch.arange(m, device=bank.device)
        rows = torch.arange(b, device=bank.device)
        wi, wj = weight[rows, i], weight[rows, i + 1]
        merged = (bank[rows, i] * wi[:, None] + bank[rows, i + 1] * wj[:, None]) / (
            (wi + wj).clamp_min(1e-6)[:, None])
        # source index for each slot after removing i+1: slots > i take slot+1
        src = idx[None].expand(b, m) + (idx[None] > i[:, None]).long()
        src = src.clamp_max(m - 1)
        new_bank = bank.gather(1, src[..., None].expand(b, m, d)).clone()
        new_weight = weight.gather(1, src).clone()
        new_bank[rows, i] = merged
        new_weight[rows, i] = wi + wj
        new_bank[:, -1] = 0.0
        new_weight[:, -1] = 0.0
        keep = ~which
        new_bank = torch.where(keep[:, None, None], bank, new_bank)
        new_weight = torch.where(keep[:, None], weight, new_weight)
        return new_bank, new_weight


class HistoryAggregator(nn.Module):
    """K learned queries read the memory bank (and the current step tokens) into K tokens."""

    def __init__(self, dim: int, heads: int, queries: int, capacity: int, compress: bool = True):
        super().__init__()
        self.capacity, self.compress = capacity, compress
        self.queries = nn.Parameter(torch.randn(1, queries, dim) * 0.02)
        self.read_block = Block(dim, heads)
        self.pos = nn.Parameter(torch.randn(1, capacity, dim) * 0.02)

    def empty(self, batch: int, device=None) -> dict[str, torch.Tensor]:
        return MemoryBank.empty(batch, self.capacity, self.queries.shape[-1], device)

    def step(self, state: dict[str, torch.Tensor], step_tokens: torch.Tensor):
        """Append this step's behaviour (mean of its tokens) and read K tokens.
        step_tokens (B, S, D) -> (K tokens (B, K, D), new state)."""
        if not self.compress and bool((state["count"] >= self.capacity).any()):
            # without compression the bank is a FIFO window of the last `capacity` steps
            state = {k: torch.cat([v[:, 1:], torch.zeros_like(v[:, :1])], 1) if v.dim() > 1
                     else v - 1 for k, v in state.items()}
        state = MemoryBank.append(state, step_tokens.mean(dim=1))
        return self.read(state, step_tokens), state

    def read(self, state, step_tokens):
        bank = state["bank"] + self.pos
        valid = state["weight"] > 0  # (B, M)
        kv = torch.cat([bank, step_tokens], 1)
        mask = torch.cat([valid, valid.new_ones(step_tokens.shape[:2])], 1)  # (B, M+S)
        q = self.queries.expand(bank.shape[0], -1, -1)
        return self.read_block(q, kv=kv, mask=mask[:, None, :])

