"""Tiny random-weight multimodal checkpoints (model + processor + chat template) built offline,
for tests and smoke runs of the `hf` planner and `openha serve`. They answer gibberish, fast.

    save_tiny_llava("tiny-llava")              # < 1 MB; loads with AutoProcessor /
    save_tiny_qwen2vl("tiny-qwen2vl")          # AutoModelForImageTextToText like a real one
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["save_tiny_qwen2vl", "save_tiny_llava", "CHAT_TEMPLATE"]

SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|vision_start|>", "<|vision_end|>",
            "<|image_pad|>", "<|video_pad|>"]
LLAVA_SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<image>"]

# Qwen2-VL's chat format (ChatML with vision markers), written for this tiny tokenizer.
CHAT_TEMPLATE = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
    "{% if message['content'] is string %}{{ message['content'] }}"
    "{% else %}{% for part in message['content'] %}"
    "{% if part['type'] == 'image' %}<|vision_start|><|image_pad|><|vision_end|>"
    "{% elif part['type'] == 'text' %}{{ part['text'] }}{% endif %}{% endfor %}{% endif %}"
    "<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def _tokenizer(specials: list[str]):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    alphabet = pre_tokenizers.ByteLevel.alphabet()
    vocab = {ch: i for i, ch in enumerate(sorted(alphabet))}
    tok = Tokenizer(models.BPE(vocab=vocab, merges=[]))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|im_end|>", pad_token="<|endoftext|>")
    fast.add_special_tokens({"additional_special_tokens": specials})
    fast.padding_side = "left"
    return fast


def save_tiny_qwen2vl(path: str | Path, hidden: int = 32, layers: int = 1, seed: int = 0) -> Path:
    """Write a tiny random Qwen2-VL (`hidden` wide, `layers` deep) with its processor files
    (tokenizer, `preprocessor_config.json`, `chat_template.jinja`) to `path`."""
    import torch
    from transformers import Qwen2VLConfig, Qwen2VLForConditionalGeneration
    from transformers.models.qwen2_vl.image_processing_pil_qwen2_vl import Qwen2VLImageProcessorPil

    from .qwen2vl_processor import Qwen2VLLiteProcessor

    path = Path(path)
    tok = _tokenizer(SPECIALS)
    ids = {t: tok.convert_tokens_to_ids(t) for t in SPECIALS}
    heads = 2
    half = hidden // heads // 2
    section = [half - 2 * (half // 3), half // 3, half // 3]
    config = Qwen2VLConfig(
        text_config={**_text(tok, hidden, layers, heads), "rope_parameters": {
            "rope_type": "default", "rope_theta": 10000.0, "mrope_section": section}},
        vision_config={"depth": 1, "embed_dim": 32, "hidden_size": hidden, "num_heads": 2, "mlp_ratio": 2,
                       "patch_size": 14, "spatial_merge_size": 2, "temporal_patch_size": 2},
        image_token_id=ids["<|image_pad|>"], video_token_id=ids["<|video_pad|>"],
        vision_start_token_id=ids["<|vision_start|>"], vision_end_token_id=ids["<|vision_end|>"],
    )
    torch.manual_seed(seed)
    model = Qwen2VLForConditionalGeneration(config).eval()
    image = Qwen2VLImageProcessorPil(min_pixels=28 * 28 * 4, max_pixels=28 * 28 * 16)
    processor = Qwen2VLLiteProcessor(tok, image, CHAT_TEMPLATE)
    return _save(path, model, processor, tok)


def save_tiny_llava(path: str | Path, hidden: int = 32, layers: int = 1, seed: int = 0) -> Path:
    """Write a tiny random LLaVA (CLIP vision tower 28 px, Llama text model) with its processor
    and a ChatML template to `path`; needs only torch + transformers + Pillow."""
    import torch
    from transformers import (
        CLIPImageProcessor,
        CLIPVisionConfig,
        LlamaConfig,
        LlavaConfig,
        LlavaForConditionalGeneration,
        LlavaProcessor,
    )

    path = Path(path)
    tok = _tokenizer(LLAVA_SPECIALS)
    vision = CLIPVisionConfig(hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2,
                              image_size=28, patch_size=14, projection_dim=32)
    config = LlavaConfig(vision_config=vision, text_config=LlamaConfig(**_text(tok, hidden, layers, 2)),
                         image_token_index=tok.convert_tokens_to_ids("<image>"),
                         vision_feature_select_strategy="default", vision_feature_layer=-1)
    torch.manual_seed(seed)
    model = LlavaForConditionalGeneration(config).eval()
    image = CLIPImageProcessor(size={"shortest_edge": 28}, crop_size={"height": 28, "width": 28})
    processor = LlavaProcessor(image_processor=image, tokenizer=tok, patch_size=14,
                               vision_feature_select_strategy="default", num_additional_image_tokens=1,
                               chat_template=CHAT_TEMPLATE.replace(
                                   "<|vision_start|><|image_pad|><|vision_end|>", "<image>"),
                               image_token="<image>")
    return _save(path, model, processor, tok)


def _text(tok, hidden: int, layers: int, heads: int) -> dict:
    ids = {t: tok.convert_tokens_to_ids(t) for t in ("<|im_start|>", "<|im_end|>", "<|endoftext|>")}
    return {"vocab_size": len(tok), "hidden_size": hidden, "intermediate_size": hidden * 2,
            "num_hidden_layers": layers, "num_attention_heads": heads, "num_key_value_heads": 1,
            "max_position_embeddings": 4096, "bos_token_id": ids["<|im_start|>"],
            "eos_token_id": ids["<|im_end|>"], "pad_token_id": ids["<|endoftext|>"]}


def _save(path: Path, model, processor, tok) -> Path:
    model.generation_config.eos_token_id = tok.convert_tokens_to_ids("<|im_end|>")
    model.generation_config.pad_token_id = tok.convert_tokens_to_ids("<|endoftext|>")
    path.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(path)
    processor.save_pretrained(path)
    return path
