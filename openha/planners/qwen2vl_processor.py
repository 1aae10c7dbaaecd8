"""Qwen2-VL / Qwen2.5-VL inputs without torchvision.

transformers' `Qwen2VLProcessor` cannot be built when torchvision is missing (its video
processor needs it, and the class check fails even when no video is given), and torchvision's
PyPI wheels do not load beside the CPU-only torch wheel. Planning needs only images, so this
processor does what `Qwen2VLProcessor` does for text + images: the checkpoint's own chat
template, the PIL image processor (`Qwen2VLImageProcessorPil`: resize to the min/max pixel
bounds, 14-px patches, 2×2 merge), each `<|image_pad|>` expanded to the image's token count,
and `mm_token_type_ids` (image tokens 1, text 0) for the model's multimodal RoPE.

    proc = Qwen2VLLiteProcessor.from_pretrained("/models/Qwen2-VL-7B-Instruct")
    batch = proc(text=[proc.apply_chat_template(msgs, add_generation_prompt=True)], images=[[img]])
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["Qwen2VLLiteProcessor", "QWEN2VL_FAMILY", "IMAGE_PAD"]

QWEN2VL_FAMILY = ("qwen2_vl", "qwen2_5_vl")
IMAGE_PAD = "<|image_pad|>"
_IMAGE_KEYS = ("min_pixels", "max_pixels", "patch_size", "merge_size", "temporal_patch_size",
               "image_mean", "image_std", "size")  # fmt: skip


def _chat_template(path: Path, tokenizer) -> str | None:
    """The processor's chat template as a checkpoint stores it, else the tokenizer's."""
    if (path / "chat_template.jinja").is_file():
        return (path / "chat_template.jinja").read_text()
    if (path / "chat_template.json").is_file():
        return json.loads((path / "chat_template.json").read_text())["chat_template"]
    return getattr(tokenizer, "chat_template", None)


class Qwen2VLLiteProcessor:
    """Text + image processing of the Qwen2-VL family, built from a checkpoint folder."""

    def __init__(self, tokenizer, image_processor, chat_template: str | None):
        self.tokenizer = tokenizer
        self.image_processor = image_processor
        self.chat_template = chat_template

    @classmethod
    def from_pretrained(cls, path: str | Path) -> Qwen2VLLiteProcessor:
        from transformers import AutoTokenizer
        from transformers.models.qwen2_vl.image_processing_pil_qwen2_vl import (
            Qwen2VLImageProcessorPil,
        )

        path = Path(path)
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        cfg_file = path / "preprocessor_config.json"
        cfg = json.loads(cfg_file.read_text()) if cfg_file.is_file() else {}
        image = Qwen2VLImageProcessorPil(**{k: v for k, v in cfg.items() if k in _IMAGE_KEYS})
        return cls(tokenizer, image, _chat_template(path, tokenizer))

    def save_pretrained(self, path: str | Path) -> None:
        """Tokenizer, `preprocessor_config.json` and `chat_template.jinja`, as a checkpoint has them."""
        path = Path(path)
        self.tokenizer.save_pretrained(path)
        self.image_processor.save_pretrained(path)
        if self.chat_template:
            (path / "chat_template.jinja").write_text(self.chat_template)

    def apply_chat_template(self, messages: list[dict], add_generation_prompt: bool = True,
                            tokenize: bool = False) -> str:
        if self.chat_template is None:
            raise ValueError("this checkpoint has no chat template (chat_template.jinja/.json or "
                             "the tokenizer's): add one to the model folder")
        return self.tokenizer.apply_chat_template(messages, chat_template=self.chat_template,
                                                  add_generation_prompt=add_generation_prompt,
                                                  tokenize=tokenize)  # fmt: skip

    def __call__(self, text: list[str], images: list[list[Any]] | None = None,
                 return_tensors: str = "pt", padding: bool = True):
        from transformers import BatchFeature

        if return_tensors != "pt":
            raise ValueError(f"return_tensors={return_tensors!r}: this processor returns torch tensors ('pt')")
        extra: dict[str, Any] = {}
        flat = [im for per_text in images or [] for im in per_text]
        if flat:
            extra = dict(self.image_processor(images=flat, return_tensors=return_tensors))
            merge = self.image_processor.merge_size**2
            counts = iter(int(g.prod()) // merge for g in extra["image_grid_thw"])
            text = [self._expand(t, counts) for t in text]
            if next(counts, None) is not None:
                raise ValueError(f"{len(flat)} images given but the text has fewer {IMAGE_PAD} tokens")
        enc = dict(self.tokenizer(text, return_tensors=return_tensors, padding=padding))
        # M-RoPE needs each token's modality: 1 for image tokens, 0 for text (as the real processor)
        pad = self.tokenizer.convert_tokens_to_ids(IMAGE_PAD)
        enc["mm_token_type_ids"] = (enc["input_ids"] == pad).long()
        return BatchFeature({**enc, **extra})

    @staticmethod
    def _expand(text: str, counts) -> str:
        parts = text.split(IMAGE_PAD)
        out = [parts[0]]
        for part in parts[1:]:
            n = next(counts, None)
            if n is None:
                raise ValueError(f"the text has more {IMAGE_PAD} tokens than images were given")
            out.append(IMAGE_PAD * n + part)
        return "".join(out)
