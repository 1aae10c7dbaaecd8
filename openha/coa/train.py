"""`openha train coa`: train the CoA model on CoA shards through `policies.training.train`.

From scratch: a BPE tokenizer is built from the training corpus and a Qwen2-VL is sized by the
preset. With `pretrained=DIR` (a local Qwen2-VL checkpoint, e.g. OpenHA's or an earlier run),
the model is fine-tuned with `peft` LoRA on the attention projections and merged for export.
The out dir holds the model (safetensors), tokenizer, coa_config.json, train_config.json, logs.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from openha.coa.data import shards
from openha.coa.dataset import CoADataset, Collator, mix_modes
from openha.coa.model import CoAModelConfig, build_model
from openha.coa.tokenizer import SPECIAL, build_tokenizer
from policies.training import TrainConfig, train

LORA_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj")


@dataclass
class CoATrainConfig:
    """Data, model choice and the shared training settings (`train`)."""

    data: str
    train: TrainConfig
    preset: str = "small"
    mix: str = "all"
    pretrained: str | None = None  # local VLM dir -> LoRA fine-tuning
    lora_rank: int = 8
    eval_fraction: float = 0.1  # of the shards (whole episodes), at least one when > 0
    history: int | None = None  # override the preset's frame history
    model: CoAModelConfig = field(default_factory=CoAModelConfig)

    def validate(self) -> None:
        mix_modes(self.mix)
        if not 0 <= self.eval_fraction < 1:
            raise ValueError(f"--eval-fraction {self.eval_fraction}: must be in [0, 1)")
        if self.pretrained and not Path(self.pretrained).is_dir():
            raise ValueError(f"--pretrained {self.pretrained}: not a folder with a HF checkpoint")


def split(paths: list[Path], fraction: float, seed: int) -> tuple[list[Path], list[Path]]:
    """Shards for training and for evaluation (whole episodes, fixed by `seed`)."""
    paths = list(paths)
    if fraction <= 0 or len(paths) < 2:
        return paths, []
    rng = random.Random(seed)
    rng.shuffle(paths)
    n = max(1, round(len(paths) * fraction))
    return sorted(paths[n:]), sorted(paths[:n])


def _pretrained(cfg: CoATrainConfig, model_cfg: CoAModelConfig) -> tuple[Any, Any]:
    from peft import LoraConfig, get_peft_model
    from transformers import AutoTokenizer, Qwen2VLForConditionalGeneration

    tokenizer = AutoTokenizer.from_pretrained(cfg.pretrained)
    model = Qwen2VLForConditionalGeneration.from_pretrained(cfg.pretrained)
    missing = [t for t in SPECIAL if t not in tokenizer.get_vocab()]
    if missing:
        tokenizer.add_tokens(missing, special_tokens=True)
        model.resize_token_embeddings(len(tokenizer))
    lora = LoraConfig(r=cfg.lora_rank, lora_alpha=2 * cfg.lora_rank, lora_dropout=0.0,
                      target_modules=list(LORA_TARGETS))  # fmt: skip
    return get_peft_model(model, lora), tokenizer


def train_coa(cfg: CoATrainConfig) -> dict[str, Any]:
    """Train (or resume) and save; returns the final metrics."""
    cfg.validate()
    model_cfg = cfg.model
    if cfg.pretrained and (Path(cfg.pretrained) / "coa_config.json").exists():
        model_cfg = CoAModelConfig.load(cfg.pretrained)
    if cfg.history is not None:
        model_cfg.history = int(cfg.history)
    train_paths, eval_paths = split(shards(cfg.data), cfg.eval_fraction, cfg.train.seed)
    train_ds = CoADataset(train_paths, cfg.mix, model_cfg)
    eval_ds = CoADataset(eval_paths, cfg.mix, model_cfg) if eval_paths else None
    out = Path(cfg.train.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if cfg.pretrained:
        model, tokenizer = _pretrained(cfg, model_cfg)
    elif cfg.train.resume and (out / "tokenizer.json").exists():
        from transformers import PreTrainedTokenizerFast

        tokenizer = PreTrainedTokenizerFast.from_pretrained(str(out))
        model = build_model(model_cfg, tokenizer)
    else:
        tokenizer = build_tokenizer(train_ds.texts(), model_cfg.vocab_size)
        model = build_model(model_cfg, tokenizer)
    tokenizer.save_pretrained(str(out))
    model_cfg.save(out)
    metrics = train(model, train_ds, eval_ds, cfg.train, collate_fn=Collator(tokenizer, model_cfg))
    if cfg.pretrained:  # merge LoRA into the weights so `coa:PATH` loads a plain model
        merged = model.merge_and_unload()
        for name in ("adapter_model.safetensors", "adapter_config.json"):
            (out / name).unlink(missing_ok=True)
        merged.save_pretrained(str(out))
    card = {"mix": cfg.mix, "preset": cfg.preset, "pretrained": cfg.pretrained,
            "train_shards": [p.name for p in train_paths], "eval_shards": [p.name for p in eval_paths],
            "train_samples": len(train_ds), "eval_samples": len(eval_ds) if eval_ds else 0,
            "metrics": metrics, "model": asdict(model_cfg)}  # fmt: skip
    (out / "coa_run.json").write_text(json.dumps(card, indent=2, default=float) + "\n")
    return metrics
