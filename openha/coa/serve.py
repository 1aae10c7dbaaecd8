"""Batched inference servers (`BatchModel`s built from a `ModelSpec` by the eval runner): one
loaded model answers the requests of many episodes at once.

`CoAServer`: our `openha train coa` checkpoints; a request is {frames, instruction, mode}.
`HFServer`: any local Qwen2-VL checkpoint with its own processor (OpenHA's releases); a request
is {frames, space, instruction} and the prompt is OpenHA's (`prompts.messages`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def _torch_threads() -> None:
    import os

    import torch

    torch.set_num_threads(int(os.environ.get("OPENHA_TORCH_THREADS", "1")))


class CoAServer:
    """Greedy (or sampled) decoding of a CoA checkpoint; requests with different frame counts
    are answered in separate sub-batches."""

    def __init__(self, device: str = "cpu", path: str = "", sample: bool = False,
                 temperature: float = 1.0, max_new_tokens: int | None = None):  # fmt: skip
        from openha.coa.model import load

        _torch_threads()
        self.model, self.tokenizer, self.cfg = load(path, device)
        if max_new_tokens:
            self.cfg.max_new_tokens = int(max_new_tokens)
        self.sample, self.temperature, self.device = bool(sample), float(temperature), device

    def predict_batch(self, inputs: Sequence[dict[str, Any]]) -> list[str]:
        from openha.coa.model import generate

        out: list[str | None] = [None] * len(inputs)
        groups: dict[int, list[int]] = {}
        for i, x in enumerate(inputs):
            groups.setdefault(len(x["frames"]), []).append(i)
        for idx in groups.values():
            queries = [(inputs[i]["frames"], inputs[i]["instruction"], inputs[i]["mode"]) for i in idx]
            texts = generate(self.model, self.tokenizer, self.cfg, queries, self.sample,
                             self.temperature)  # fmt: skip
            for i, t in zip(idx, texts, strict=True):
                out[i] = t
        return out  # type: ignore[return-value]


class HFServer:
    """A local HF vision-language checkpoint (Qwen2-VL classes) with its tokenizer and image
    processor; prompts rendered with the checkpoint's chat template (ours when it has none)."""

    def __init__(self, device: str = "cpu", path: str = "", sample: bool = False,
                 temperature: float = 1.0, max_new_tokens: int = 256):  # fmt: skip
        from transformers import AutoImageProcessor, AutoModelForImageTextToText, AutoTokenizer

        from openha.coa.tokenizer import CHAT_TEMPLATE

        _torch_threads()
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        if not self.tokenizer.chat_template:
            self.tokenizer.chat_template = CHAT_TEMPLATE
        self.images = AutoImageProcessor.from_pretrained(path)
        self.model = AutoModelForImageTextToText.from_pretrained(path).to(device).eval()
        self.merge = int(getattr(self.images, "merge_size", 2)) ** 2
        self.sample, self.temperature = bool(sample), float(temperature)
        self.max_new_tokens, self.device = int(max_new_tokens), device

    def _ids(self, text: str, grids: list) -> list[int]:
        """Token ids with each <|image_pad|> expanded to its image's token count."""
        pad = "<|image_pad|>"
        parts = text.split(pad)
        if len(parts) - 1 != len(grids):
            raise ValueError(f"prompt has {len(parts) - 1} image slots for {len(grids)} images")
        out = pad.join(parts[i] + pad * (int(g.prod()) // self.merge - 1) if i < len(grids)
                       else parts[i] for i, g in enumerate(grids + [None]))  # fmt: skip
        return self.tokenizer.encode(out, add_special_tokens=False)

    def predict_batch(self, inputs: Sequence[dict[str, Any]]) -> list[str]:
        import torch

        from openha.coa.prompts import messages

        tok = self.tokenizer
        rows, frames = [], []
        for x in inputs:
            chat = messages(x["space"], x["instruction"], len(x["frames"]))
            rows.append(tok.apply_chat_template(chat, add_generation_prompt=True, tokenize=False))
            frames += list(x["frames"])
        pix = self.images(images=frames, return_tensors="pt")
        grids = list(pix["image_grid_thw"])
        ids, at = [], 0
        for x, text in zip(inputs, rows, strict=True):
            n = len(x["frames"])
            ids.append(self._ids(text, grids[at : at + n]))
            at += n
        width = max(len(r) for r in ids)
        pad_id = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id
        input_ids = torch.full((len(ids), width), pad_id, dtype=torch.long)
        mask = torch.zeros((len(ids), width), dtype=torch.long)
        for i, r in enumerate(ids):  # left padding for generation
            input_ids[i, width - len(r) :] = torch.tensor(r)
            mask[i, width - len(r) :] = 1
        image_id = tok.convert_tokens_to_ids("<|image_pad|>")
        batch = {"input_ids": input_ids, "attention_mask": mask,
                 "mm_token_type_ids": (input_ids == image_id).long(),
                 "pixel_values": pix["pixel_values"], "image_grid_thw": pix["image_grid_thw"]}  # fmt: skip
        batch = {k: v.to(self.device) for k, v in batch.items()}
        with torch.no_grad():
            out = self.model.generate(**batch, max_new_tokens=self.max_new_tokens,
                                      do_sample=self.sample,
                                      temperature=self.temperature if self.sample else None,
                                      top_p=None, top_k=None, pad_token_id=pad_id)  # fmt: skip
        new = out[:, width:]
        texts = tok.batch_decode(new, skip_special_tokens=False)  # keep the grounding tags
        return [t.split("<|im_end|>")[0].replace(tok.pad_token or "<|endoftext|>", "").strip()
                for t in texts]  # fmt: skip
