"""`hf` planner: a local Hugging Face multimodal model on disk (`AutoProcessor` +
`AutoModelForImageTextToText`; Qwen2-VL, Qwen2.5-VL, LLaVA, Idefics3 … — text-only causal LMs
load too, through `AutoModelForCausalLM`). Messages are OpenAI-style (`chat.build_messages`) and
go through the checkpoint's own chat template, so OpenHA's released checkpoints get their format.

    planner = make_planner("hf:/models/openha-qwen2vl-7b", device="cuda")
    model = HFChatModel("/models/x"); model.generate([messages, messages])   # also used by serve
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .base import PlannerError
from .chat import ChatPlanner
from .qwen2vl_processor import QWEN2VL_FAMILY, Qwen2VLLiteProcessor

__all__ = ["HFChatConfig", "HFChatModel", "HFPlanner", "to_hf_messages"]


@dataclass(frozen=True)
class HFChatConfig:
    """Generation settings: greedy by default (reproducible plans)."""

    device: str = "cpu"
    max_new_tokens: int = 128
    do_sample: bool = False
    temperature: float = 1.0
    dtype: str = "auto"


def _image(url: str):
    from PIL import Image

    if not url.startswith("data:"):
        raise ValueError(f"image_url {url[:40]!r}: only data: URLs are accepted (nothing is downloaded)")
    data = base64.b64decode(url.split(",", 1)[1])
    return Image.open(io.BytesIO(data)).convert("RGB")


def to_hf_messages(messages: list[dict]) -> tuple[list[dict], list[Any]]:
    """OpenAI chat messages → (chat-template messages with `{"type": "image"}` parts, PIL images)."""
    out, images = [], []
    for m in messages:
        content = m.get("content")
        if isinstance(content, str):
            out.append({"role": m["role"], "content": [{"type": "text", "text": content}]})
            continue
        parts = []
        for p in content or []:
            if p.get("type") == "image_url":
                images.append(_image(p["image_url"]["url"]))
                parts.append({"type": "image"})
            elif p.get("type") == "text":
                parts.append({"type": "text", "text": p.get("text", "")})
        out.append({"role": m["role"], "content": parts})
    return out, images


def _processor(path: Path, auto_processor):
    """The checkpoint's processor; the Qwen2-VL family without torchvision gets the lite one."""
    import importlib.util
    import json

    model_type = json.loads((path / "config.json").read_text()).get("model_type")
    if model_type in QWEN2VL_FAMILY and importlib.util.find_spec("torchvision") is None:
        return Qwen2VLLiteProcessor.from_pretrained(path)
    return auto_processor.from_pretrained(path, local_files_only=True)


class HFChatModel:
    """A local chat model: `generate(list of OpenAI message lists) -> list of reply texts`."""

    def __init__(self, path: str | Path, config: HFChatConfig | None = None):
        import torch
        from transformers import AutoModelForCausalLM, AutoModelForImageTextToText, AutoProcessor

        self.config = config or HFChatConfig()
        p = Path(path)
        if not (p / "config.json").is_file():
            raise PlannerError(f"hf model {path}: no config.json there; give a folder saved with "
                               "save_pretrained (nothing is downloaded from the hub)")
        self.processor = _processor(p, AutoProcessor)
        dtype = self.config.dtype if self.config.dtype == "auto" else getattr(torch, self.config.dtype)
        try:
            self.model = AutoModelForImageTextToText.from_pretrained(p, dtype=dtype, local_files_only=True)
            self.multimodal = True
        except (ValueError, KeyError):
            self.model = AutoModelForCausalLM.from_pretrained(p, dtype=dtype, local_files_only=True)
            self.multimodal = False
        self.model.to(self.config.device).eval()
        self.tokenizer = getattr(self.processor, "tokenizer", self.processor)
        self.tokenizer.padding_side = "left"
        self.torch = torch

    def _inputs(self, batch: list[list[dict]]):
        prompts, images = [], []
        for messages in batch:
            msgs, imgs = to_hf_messages(messages)
            if not self.multimodal:  # text-only model: drop the view
                msgs = [{"role": m["role"], "content": " ".join(p["text"] for p in m["content"] if p["type"] == "text")}
                        for m in msgs]
                imgs = []
            prompts.append(self.processor.apply_chat_template(msgs, add_generation_prompt=True, tokenize=False))
            images.append(imgs)
        if any(images):
            if not all(images):
                raise ValueError("a batch mixes requests with and without images")
            return self.processor(text=prompts, images=images, return_tensors="pt", padding=True)
        if self.multimodal:
            return self.processor(text=prompts, return_tensors="pt", padding=True)
        return self.tokenizer(prompts, return_tensors="pt", padding=True)

    def generate(self, batch: list[list[dict]], max_new_tokens: int | None = None) -> list[str]:
        """Replies for a batch of conversations (one padded forward pass when they can share one)."""
        try:
            return self._generate(batch, max_new_tokens)
        except ValueError:
            if len(batch) == 1:
                raise
            return [self._generate([b], max_new_tokens)[0] for b in batch]

    def _generate(self, batch, max_new_tokens):
        c = self.config
        inputs = self._inputs(batch).to(c.device)
        with self.torch.inference_mode():
            out = self.model.generate(**inputs, max_new_tokens=max_new_tokens or c.max_new_tokens,
                                      do_sample=c.do_sample, temperature=c.temperature if c.do_sample else None)
        new = out[:, inputs["input_ids"].shape[1]:]
        return self.tokenizer.batch_decode(new, skip_special_tokens=True)


class HFPlanner(ChatPlanner):
    """Plans with a local HF multimodal model (registered as `hf:PATH`)."""

    def __init__(self, path: str, image_size: int = 224, budgets=None, style: str = "plan", **config: Any):
        super().__init__(image_size, budgets, style)
        self.model = HFChatModel(path, HFChatConfig(**config))
        self.name = f"hf:{Path(path).name}"

    def complete(self, messages: list[dict]) -> str:
        return self.model.generate([messages])[0]
