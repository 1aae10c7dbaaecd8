"""OpenHA's message layout for its released Qwen2-VL checkpoints (the `hf:PATH` agent): one user
turn whose text is the system prompt of the output space followed by the task instruction, then
the current frame; the model answers as the assistant."""

from __future__ import annotations

from pathlib import Path
from typing import Any

PROMPT_DIR = Path(__file__).with_name("openha_prompts")
# our --action-space name -> OpenHA's system prompt file (their system_message_tag in brackets)
PROMPT_FILES = {
    "text": "text_action.txt",  # text_action
    "grounding": "grounding.txt",  # grounding_action
    "motion": "motion.txt",  # motion_action
    "coa": "grounding-coa.txt",  # grounding_coa
    "motion-coa": "motion-coa.txt",  # motion_coa
    "mix": "mix.txt",  # mix (mix_action_system_prompt: Skill / Grounding / Motion / Action)
}


def system_prompt(space: str) -> str:
    if space not in PROMPT_FILES:
        raise ValueError(f"--action-space {space!r}: choose one of {', '.join(PROMPT_FILES)}")
    return (PROMPT_DIR / PROMPT_FILES[space]).read_text()


def messages(space: str, instruction: str, n_images: int = 1) -> list[dict[str, Any]]:
    """Chat messages as OpenHA builds them (text part first, then the image)."""
    content: list[dict[str, Any]] = [{"type": "text", "text": system_prompt(space) + instruction + "\n"}]
    content += [{"type": "image"} for _ in range(n_images)]
    return [{"role": "user", "content": content}]
