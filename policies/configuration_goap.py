"""GOAPConfig: Optimus-2's Goal-Observation-Action conditioned Policy at laptop sizes."""

from __future__ import annotations

from typing import Any

from transformers import PretrainedConfig


# A small Llama-architecture causal LM built from config (trained from scratch, offline).
def tiny_llama(hidden: int, layers: int, heads: int) -> dict[str, Any]:
    return {"model_type": "llama", "hidden_size": hidden, "intermediate_size": 4 * hidden,
            "num_hidden_layers": layers, "num_attention_heads": heads,
            "num_key_value_heads": heads, "vocab_size": 8, "max_position_embeddings": 256}


PRESETS: dict[str, dict[str, Any]] = {
    "tiny": dict(image_size=32, patch_size=16, hidden_size=32, vit_depth=1, heads=2,
                 perceiver_depth=1, step_tokens=2, behaviour_queries=2, memory_capacity=4,
                 window=6, goal_max_len=16, backbone=tiny_llama(32, 1, 2)),
    "small": dict(image_size=64, patch_size=16, hidden_size=128, vit_depth=2, heads=4,
                  perceiver_depth=1, step_tokens=2, behaviour_queries=4, memory_capacity=8,
                  window=16, goal_max_len=48, backbone=tiny_llama(128, 2, 4)),
    "base": dict(image_size=128, patch_size=16, hidden_size=384, vit_depth=6, heads=6,
                 perceiver_depth=2, step_tokens=4, behaviour_queries=8, memory_capacity=32,
                 window=32, goal_max_len=64, backbone=tiny_llama(512, 8, 8)),
}


class GOAPConfig(PretrainedConfig):
    """ViT → causal perceiver → history aggregator → causal LM (goal + behaviour) → VPT head.

    `backbone` is a transformers config dict (with `model_type`); `backbone_path` a local model
    to start from instead (then `lora_r` > 0 trains LoRA adapters on `lora_targets` only).
    Ablations (Optimus-2's table): `behaviour_encoder=False` (the LM reads the goal and the
    current frame's tokens only: no action history, no memory), `compress_memory=False` (the
    memory bank is a FIFO of the last `memory_capacity` steps), `action_head="flat"`
    (`layers.FlatActionHead`)."""

    model_type = "openha_goap"

    def __init__(self, image_size: int = 64, patch_size: int = 16, hidden_size: int = 128,
                 vit_depth: int = 2, heads: int = 4, perceiver_depth: int = 1,
                 step_tokens: int = 2, behaviour_queries: int = 4, memory_capacity: int = 8,
                 compress_memory: bool = True, behaviour_encoder: bool = True,
                 action_head: str = "factored", window: int = 16, goal_max_len: int = 48,
                 backbone: dict | None = None, backbone_path: str | None = None,
                 lora_r: int = 0, lora_alpha: int = 16,
                 lora_targets: tuple[str, ...] = ("q_proj", "v_proj"), **kwargs):
        super().__init__(**kwargs)
        self.image_size, self.patch_size, self.hidden_size = image_size, patch_size, hidden_size
        self.vit_depth, self.heads, self.perceiver_depth = vit_depth, heads, perceiver_depth
        self.step_tokens, self.behaviour_queries = step_tokens, behaviour_queries
        self.memory_capacity, self.compress_memory = memory_capacity, compress_memory
        if action_head not in ("factored", "flat"):
            raise ValueError(f"action_head {action_head!r}: use 'factored' (VPT's) or 'flat' (per-key)")
        self.behaviour_encoder, self.action_head = bool(behaviour_encoder), action_head
        self.window, self.goal_max_len = window, goal_max_len
        self.backbone = dict(backbone or tiny_llama(128, 2, 4))
        self.backbone_path = backbone_path
        self.lora_r, self.lora_alpha, self.lora_targets = lora_r, lora_alpha, list(lora_targets)

    @classmethod
    def preset(cls, name: str, **overrides) -> GOAPConfig:
        if name not in PRESETS:
            raise ValueError(f"GOAP preset {name!r} unknown; use one of {sorted(PRESETS)}")
        return cls(**{**PRESETS[name], **overrides})
