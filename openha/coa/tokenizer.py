"""A byte-level BPE tokenizer built offline from our CoA corpus (`tokenizers` library), with
Qwen2-VL's chat and vision tokens, OpenHA's grounding tags and every reserved action token of the
`tokens` space as special tokens, wrapped as a `PreTrainedTokenizerFast` (save/load as usual)."""

from __future__ import annotations

from collections.abc import Iterable

from openha.actions.grounding import OBJ_END, OBJ_START, PT_END, PT_START
from openha.actions.tokens import LAYOUT, TEMPLATE

CHAT = ("<|endoftext|>", "<|im_start|>", "<|im_end|>")
VISION = ("<|vision_start|>", "<|vision_end|>", "<|image_pad|>", "<|video_pad|>")
SPECIAL = (*CHAT, *VISION, OBJ_START, OBJ_END, PT_START, PT_END,
           *(TEMPLATE.format(n) for n in LAYOUT))  # fmt: skip
CHAT_TEMPLATE = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
    "{% if message['content'] is string %}{{ message['content'] }}{% else %}"
    "{% for part in message['content'] %}{% if part['type'] == 'text' %}{{ part['text'] }}"
    "{% elif part['type'] in ('image', 'image_url') %}<|vision_start|><|image_pad|><|vision_end|>"
    "{% endif %}{% endfor %}{% endif %}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def build_tokenizer(corpus: Iterable[str], vocab_size: int = 1024):
    """Train BPE on `corpus` (instructions + targets) and return a PreTrainedTokenizerFast."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE(unk_token=None))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=list(SPECIAL),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(corpus, trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        additional_special_tokens=[s for s in SPECIAL if s not in ("<|im_end|>", "<|endoftext|>")],
    )
    fast.chat_template = CHAT_TEMPLATE
    fast.image_token = "<|image_pad|>"
    fast.video_token = "<|video_pad|>"
    return fast
