"""The CoA model: Hugging Face `Qwen2VLForConditionalGeneration` from a small config, and the
prompt layout our from-scratch models are trained and queried with.

    cfg = CoAModelConfig.preset("small")
    model = build_model(cfg, tokenizer)
    batch = encode([sample], tokenizer, cfg)       # input_ids, labels, pixel_values, …
    texts = generate(model, tokenizer, cfg, [(frames, instruction, "grounding")])
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from openha.coa import vision

CONFIG_FILE = "coa_config.json"
MODES = ("text", "motion", "grounding", "skill", "tokens")


@dataclass
class CoAModelConfig:
    """Sizes of the language and vision towers, the frame size and the decoding budget."""

    hidden_size: int = 128
    layers: int = 2
    heads: int = 4
    kv_heads: int = 2
    intermediate: int = 384
    vision_dim: int = 64
    vision_depth: int = 2
    vision_heads: int = 4
    image_size: int = 112  # frame side; (image_size/28)² image tokens per frame
    history: int = 0  # earlier decision frames shown before the current one
    every: int = 4  # ticks per decision the model was trained for
    max_new_tokens: int = 64
    vocab_size: int = 1024  # BPE merges budget when building the tokenizer

    @classmethod
    def preset(cls, name: str) -> CoAModelConfig:
        presets = {
            "tiny": cls(hidden_size=32, layers=1, heads=2, kv_heads=1, intermediate=64,
                        vision_dim=32, vision_depth=1, vision_heads=2, image_size=56,
                        max_new_tokens=48, vocab_size=600),
            "small": cls(),
        }  # fmt: skip
        if name not in presets:
            raise ValueError(f"--preset {name!r}: choose one of {', '.join(presets)}")
        return presets[name]

    def save(self, out_dir: str | Path) -> None:
        Path(out_dir, CONFIG_FILE).write_text(json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def load(cls, path: str | Path) -> CoAModelConfig:
        f = Path(path, CONFIG_FILE)
        if not f.exists():
            raise FileNotFoundError(f"{path}: no {CONFIG_FILE}; is this a `openha train coa` checkpoint?")
        data = json.loads(f.read_text())
        known = {x.name for x in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def build_model(cfg: CoAModelConfig, tokenizer: Any):
    """A randomly initialised Qwen2-VL sized by `cfg`, its vocabulary that of `tokenizer`."""
    from transformers import Qwen2VLConfig, Qwen2VLForConditionalGeneration

    head_dim = cfg.hidden_size // cfg.heads
    half = head_dim // 2  # M-RoPE: time, height, width shares of the rotary dims (Qwen's 1:1.5:1.5)
    section = [half // 4, (half - half // 4) // 2, half - half // 4 - (half - half // 4) // 2]
    ids = {t: tokenizer.convert_tokens_to_ids(t) for t in
           ("<|image_pad|>", "<|video_pad|>", "<|vision_start|>", "<|vision_end|>")}  # fmt: skip
    config = Qwen2VLConfig(
        text_config=dict(
            vocab_size=len(tokenizer), hidden_size=cfg.hidden_size,
            intermediate_size=cfg.intermediate, num_hidden_layers=cfg.layers,
            num_attention_heads=cfg.heads, num_key_value_heads=cfg.kv_heads,
            max_position_embeddings=2048, tie_word_embeddings=True,
            rope_scaling={"type": "mrope", "mrope_section": section},
            bos_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
            pad_token_id=tokenizer.pad_token_id,
        ),
        vision_config=dict(
            depth=cfg.vision_depth, embed_dim=cfg.vision_dim, hidden_size=cfg.hidden_size,
            num_heads=cfg.vision_heads, mlp_ratio=2, patch_size=vision.PATCH,
            spatial_merge_size=vision.MERGE, temporal_patch_size=vision.TEMPORAL,
        ),
        image_token_id=ids["<|image_pad|>"], video_token_id=ids["<|video_pad|>"],
        vision_start_token_id=ids["<|vision_start|>"], vision_end_token_id=ids["<|vision_end|>"],
        tie_word_embeddings=True,
    )  # fmt: skip
    config.bos_token_id = tokenizer.pad_token_id
    config.eos_token_id = tokenizer.eos_token_id
    config.pad_token_id = tokenizer.pad_token_id
    return Qwen2VLForConditionalGeneration(config)


def prompt(instruction: str, mode: str, n_frames: int, image_size: int) -> str:
    """Our chat layout: the frames, the task and the output space; the answer follows."""
    if mode not in MODES:
        raise ValueError(f"mode {mode!r}: choose one of {', '.join(MODES)}")
    image = "<|vision_start|>" + "<|image_pad|>" * vision.n_tokens(image_size) + "<|vision_end|>"
    return (f"<|im_start|>user\n{image * n_frames}Task: {instruction}\nOutput: {mode}<|im_end|>\n"
            "<|im_start|>assistant\n")  # fmt: skip


def encode(samples: Sequence[dict], tokenizer: Any, cfg: CoAModelConfig, train: bool = True) -> dict:
    """Batch of {frames, instruction, mode[, target]} -> model inputs (right padding for
    training with labels on the answer only; left padding for generation)."""
    import torch

    rows, frames = [], []
    for s in samples:
        p = tokenizer.encode(prompt(s["instruction"], s["mode"], len(s["frames"]), cfg.image_size),
                             add_special_tokens=False)  # fmt: skip
        a = tokenizer.encode(s["target"] + "<|im_end|>", add_special_tokens=False) if train else []
        rows.append((p, a))
        frames += list(s["frames"])
    width = max(len(p) + len(a) for p, a in rows)
    pad = tokenizer.pad_token_id
    ids = np.full((len(rows), width), pad, np.int64)
    labels = np.full((len(rows), width), -100, np.int64)
    mask = np.zeros((len(rows), width), np.int64)
    for i, (p, a) in enumerate(rows):
        seq = p + a
        start = 0 if train else width - len(seq)
        ids[i, start : start + len(seq)] = seq
        mask[i, start : start + len(seq)] = 1
        if a:
            labels[i, start + len(p) : start + len(seq)] = a
    pixel_values, grid = vision.patches(frames, cfg.image_size)
    image_id = tokenizer.convert_tokens_to_ids("<|image_pad|>")
    batch = {
        "input_ids": torch.from_numpy(ids),
        "attention_mask": torch.from_numpy(mask),
        "mm_token_type_ids": torch.from_numpy((ids == image_id).astype(np.int64)),
        "pixel_values": torch.from_numpy(pixel_values),
        "image_grid_thw": torch.from_numpy(grid),
    }
    if train:
        batch["labels"] = torch.from_numpy(labels)
    return batch


def generate(model: Any, tokenizer: Any, cfg: CoAModelConfig, queries: Sequence[tuple],
             sample: bool = False, temperature: float = 1.0) -> list[str]:
    """Responses for (frames, instruction, mode) queries, decoded up to <|im_end|>."""
    import torch

    batch = encode([{"frames": f, "instruction": i, "mode": m} for f, i, m in queries],
                   tokenizer, cfg, train=False)  # fmt: skip
    with torch.no_grad():
        out = model.generate(**batch, max_new_tokens=cfg.max_new_tokens, do_sample=sample,
                             temperature=temperature if sample else None, top_p=None, top_k=None,
                             eos_token_id=tokenizer.eos_token_id,
                             pad_token_id=tokenizer.pad_token_id)  # fmt: skip
    new = out[:, batch["input_ids"].shape[1] :]
    texts = tokenizer.batch_decode(new, skip_special_tokens=False)
    return [t.split("<|im_end|>")[0].replace("<|endoftext|>", "").strip() for t in texts]


def load(path: str | Path, device: str = "cpu") -> tuple[Any, Any, CoAModelConfig]:
    """(model, tokenizer, config) of a checkpoint written by `openha train coa`."""
    from transformers import PreTrainedTokenizerFast, Qwen2VLForConditionalGeneration

    cfg = CoAModelConfig.load(path)
    tokenizer = PreTrainedTokenizerFast.from_pretrained(str(path))
    model = Qwen2VLForConditionalGeneration.from_pretrained(str(path)).to(device).eval()
    return model, tokenizer, cfg
