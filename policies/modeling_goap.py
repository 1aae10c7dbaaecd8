"""GOAPPolicy: Optimus-2's GOAP. Per step t: ViT tokens of frame t → causal perceiver (fused with
the embeddings of actions a_{<t}) → S step tokens → history aggregator (memory bank → K
behaviour tokens) → causal LM over [goal bytes, K behaviour tokens, S step tokens] → VPT head."""

from __future__ import annotations

import torch
from torch import nn
from transformers import AutoConfig, AutoModel

from .behaviour import CausalPerceiver, HistoryAggregator
from .configuration_goap import GOAPConfig
from .layers import ACTION_HEADS, N_BYTE_IDS, ActionEmbedding, ViTEncoder
from .modeling_base import PolicyModel, PolicyOutput, window_push


def build_backbone(config: GOAPConfig) -> nn.Module:
    """The causal LM trunk (no LM head), from the config dict: nothing is downloaded."""
    spec = dict(config.backbone)
    model_type = spec.pop("model_type")
    return AutoModel.from_config(AutoConfig.for_model(model_type, **spec))


def add_lora(backbone: nn.Module, config: GOAPConfig) -> nn.Module:
    """Inject LoRA adapters (peft) into `lora_targets` and freeze every other backbone weight."""
    from peft import LoraConfig, inject_adapter_in_model

    lora = LoraConfig(r=config.lora_r, lora_alpha=config.lora_alpha,
                      target_modules=list(config.lora_targets), lora_dropout=0.0)
    backbone = inject_adapter_in_model(lora, backbone)
    for name, p in backbone.named_parameters():
        p.requires_grad = "lora_" in name
    return backbone


class GOAPPolicy(PolicyModel):
    config_class = GOAPConfig

    def __init__(self, config: GOAPConfig, backbone: nn.Module | None = None):
        super().__init__(config)
        d = config.hidden_size
        self.vit = ViTEncoder(config.image_size, config.patch_size, d, config.vit_depth,
                              config.heads)
        self.action_embed = ActionEmbedding(d)
        self.perceiver = CausalPerceiver(d, config.heads, config.perceiver_depth,
                                         config.step_tokens)
        self.aggregator = HistoryAggregator(d, config.heads, config.behaviour_queries,
                                            config.memory_capacity, config.compress_memory)
        self.backbone = backbone if backbone is not None else build_backbone(config)
        lm = self.backbone.config.hidden_size
        self.goal_embed = nn.Embedding(N_BYTE_IDS, lm)
        self.to_lm = nn.Linear(d, lm)
        self.head = ACTION_HEADS[config.action_head](lm)
        self.post_init()
        if config.lora_r > 0:
            self.backbone = add_lora(self.backbone, config)

    @classmethod
    def create(cls, config: GOAPConfig) -> GOAPPolicy:
        """A fresh model for training: from `backbone_path` (a local pretrained causal LM) when
        set, else built from `config.backbone`."""
        if not config.backbone_path:
            return cls(config)
        backbone = AutoModel.from_pretrained(config.backbone_path)
        config.backbone = {"model_type": backbone.config.model_type,
                           **backbone.config.to_diff_dict()}
        return cls(config, backbone=backbone)

    def _goal_prefix(self, goal_ids, goal_mask) -> list[torch.Tensor]:
        """The LM's key/value cache over the goal (per layer: keys, values), computed once per
        goal at inference; `_lm_cached` continues from it exactly as `_lm` would."""
        out = self.backbone(inputs_embeds=self.goal_embed(goal_ids),
                            attention_mask=goal_mask.long(), use_cache=True)
        return [t for layer in out.past_key_values.layers for t in (layer.keys, layer.values)]

    def _lm_cached(self, prefix: list[torch.Tensor], goal_mask, behaviour, step_tokens):
        from transformers import DynamicCache

        tokens = self.to_lm(torch.cat([behaviour, step_tokens], 1))
        cache = DynamicCache([(prefix[i], prefix[i + 1]) for i in range(0, len(prefix), 2)])
        mask = torch.cat([goal_mask, goal_mask.new_ones(tokens.shape[:2])], 1).long()
        out = self.backbone(inputs_embeds=tokens, attention_mask=mask, cache=cache,
                            use_cache=True)
        return out.last_hidden_state[:, -1]

    def _lm(self, goal_ids, goal_mask, behaviour, step_tokens):
        """Last hidden state of the LM over [goal, behaviour, step tokens]; all (N, ·, ·)."""
        tokens = self.to_lm(torch.cat([behaviour, step_tokens], 1))
        embeds = torch.cat([self.goal_embed(goal_ids), tokens], 1)
        mask = torch.cat([goal_mask, goal_mask.new_ones(tokens.shape[:2])], 1).long()
        out = self.backbone(inputs_embeds=embeds, attention_mask=mask)
        return out.last_hidden_state[:, -1]

    def forward(self, frames, goal_ids, goal_mask, prev_actions, actions=None, loss_mask=None) -> PolicyOutput:
        """frames uint8 (B, T, H, W, 3); goal (B, L); prev_actions / actions int64 (B, T, 2)
        where prev_actions[:, t] = a_{t-1}. Loss: mean over all T steps."""
        b, t = frames.shape[:2]
        obs = self.vit(frames.flatten(0, 1))
        if self.config.behaviour_encoder:
            steps = self.perceiver(obs.unflatten(0, (b, t)), self.action_embed(prev_actions))
            state = self.aggregator.empty(b, frames.device)
            behaviour = []
            for i in range(t):
                tokens, state = self.aggregator.step(state, steps[:, i])
                behaviour.append(tokens)
            behaviour = torch.stack(behaviour, 1).flatten(0, 1)  # (B*T, K, D)
            steps = steps.flatten(0, 1)  # (B*T, S, D)
        else:  # ablation: the current frame only
            steps = self.perceiver.frame_only(obs)
            behaviour = steps[:, :0]
        h = self._lm(goal_ids.repeat_interleave(t, 0), goal_mask.repeat_interleave(t, 0),
                     behaviour, steps)
        h = h.unflatten(0, (b, t))
        buttons, camera = self.head(h)
        loss = self.head.loss(h, (buttons, camera), actions, loss_mask) if actions is not None else None
        return PolicyOutput(loss=loss, buttons_logits=buttons, camera_logits=camera)

    def init_state(self, batch: int) -> dict[str, torch.Tensor]:
        w, lm = self.config.window, self.backbone.config
        heads = getattr(lm, "num_key_value_heads", None) or lm.num_attention_heads
        head_dim = getattr(lm, "head_dim", None) or lm.hidden_size // lm.num_attention_heads
        kv = torch.zeros(batch, heads, self.config.goal_max_len, head_dim, device=self.device)
        return {
            "goal_ids": torch.full((batch, self.config.goal_max_len), -1, dtype=torch.long,
                                   device=self.device),
            **{f"goal_kv{i}": kv for i in range(2 * lm.num_hidden_layers)},
            "prev_action": self.null_actions(batch, self.device),
            "actions": torch.zeros(batch, w, 2, dtype=torch.long, device=self.device),
            "n_actions": torch.zeros(batch, dtype=torch.long, device=self.device),
            **self.aggregator.empty(batch, self.device),
        }

    def step(self, frames, goal_ids, goal_mask, state):
        """One frame per env (B, H, W, 3) -> (buttons logits, camera logits, new state)."""
        actions, n_actions, _ = window_push(state["actions"], state["n_actions"],
                                            state["prev_action"])
        obs = self.vit(frames)  # (B, N, D)
        bank = {k: state[k] for k in ("bank", "weight", "count")}
        if self.config.behaviour_encoder:
            steps = self.perceiver.step(obs, self.action_embed(actions),
                                        torch.arange(actions.shape[1], device=self.device)[None]
                                        < n_actions[:, None])
            behaviour, bank = self.aggregator.step(bank, steps)
        else:  # ablation: the current frame only
            steps = self.perceiver.frame_only(obs)
            behaviour = steps[:, :0]
        n_kv = 2 * self.backbone.config.num_hidden_layers
        prefix = [state[f"goal_kv{i}"] for i in range(n_kv)]
        changed = (state["goal_ids"] != goal_ids).any(-1)  # run the goal through the LM once
        if bool(changed.any()):
            fresh = self._goal_prefix(goal_ids[changed], goal_mask[changed])
            prefix = [p.clone() for p in prefix]
            for p, f in zip(prefix, fresh, strict=True):
                p[changed] = f
        buttons, camera = self.head(self._lm_cached(prefix, goal_mask, behaviour, steps))
        return buttons, camera, {**state, **bank, "actions": actions, "n_actions": n_actions,
                                 "goal_ids": goal_ids,
                                 **{f"goal_kv{i}": p for i, p in enumerate(prefix)}}
