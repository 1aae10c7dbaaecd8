"""The `hf` planner with tiny random-weight multimodal checkpoints built offline: whatever the
model writes goes through the parsers into a plan or a recorded error, never an exception."""

from __future__ import annotations

import numpy as np
import pytest

from openha.agent.executors import make_executor
from openha.agent.hierarchical import HierarchicalAgent
from openha.planners import make_planner
from openha.planners.chat import build_messages
from openha.planners.hf import HFChatModel
from openha.planners.tiny import save_tiny_llava
from openha.tasks import load_suite


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return save_tiny_llava(tmp_path_factory.mktemp("tiny-llava"))


@pytest.fixture(scope="module")
def task():
    return next(t for t in load_suite() if t.id == "long_horizon/crafting_table")


def obs(seed=0):
    rng = np.random.default_rng(seed)
    return {"pov": rng.integers(0, 255, (72, 128, 3), dtype=np.uint8), "inventory": {"oak_log": 1}}


def test_hf_planner_output_goes_through_the_parsers(tiny, task):
    planner = make_planner(f"hf:{tiny}", max_new_tokens=24)
    for plan in (planner.plan(task, obs(), {"stats": {}}),
                 planner.replan(obs(1), "budget spent on 'mine 1 oak_log'", {"stats": {}})):
        assert isinstance(plan.text, str) and plan.planner == planner.name
        assert plan.subgoals or plan.errors  # random weights: almost surely a parse error
    assert planner.calls == 2


def test_batched_generation_matches_one_by_one(tiny, task):
    model = HFChatModel(tiny)
    a = build_messages(task, obs(0), {"stats": {}}, image_size=64)
    b = build_messages(task, {**obs(1), "inventory": {}}, {"stats": {}}, reason="x", image_size=64)
    both = model.generate([a, b], max_new_tokens=6)
    assert both == [model.generate([a], 6)[0], model.generate([b], 6)[0]]
    text_only = [{"role": "user", "content": "Plan: craft a crafting table."}]
    assert isinstance(model.generate([text_only], 4)[0], str)


@pytest.mark.slow
def test_gibberish_planner_falls_back_to_recipe_and_the_episode_succeeds(tiny, task):
    from openha.eval.runner import EpisodeJob, run_episode
    from openha.experts import make_env

    agent = HierarchicalAgent(make_planner(f"hf:{tiny}", max_new_tokens=12), make_executor("skills"))
    env = make_env(64, 64)
    try:
        agent.bind(env)
        res = run_episode(env, agent, EpisodeJob(task, 0))
    finally:
        env.close()
    first = res["trace"][0]
    assert isinstance(first["text"], str) and first["error"]
    if res["trace"][0]["planner"] == "recipe":  # the usual case: nothing parsed
        assert "fallback to the recipe planner" in first["event"]
    assert res["success"]


def test_tiny_qwen2vl_plans_or_records_a_parse_error(tmp_path, task):
    """A tiny random Qwen2-VL (AutoModelForImageTextToText) sees the frame and its text goes
    through the parsers; without torchvision its processor is `Qwen2VLLiteProcessor`."""
    from openha.planners.tiny import save_tiny_qwen2vl

    path = save_tiny_qwen2vl(tmp_path / "q")
    plan = make_planner(f"hf:{path}", max_new_tokens=16).plan(task, obs(), {"stats": {}})
    assert isinstance(plan.text, str) and (plan.subgoals or plan.errors)


def test_qwen2vl_lite_processor_expands_image_tokens_to_the_vision_grid(tmp_path, task):
    import torch
    from PIL import Image

    from openha.planners.qwen2vl_processor import IMAGE_PAD
    from openha.planners.tiny import save_tiny_qwen2vl

    path = save_tiny_qwen2vl(tmp_path / "q")
    model = HFChatModel(path)
    msgs = build_messages(task, obs(), {"stats": {}}, image_size=56)
    batch = model._inputs([msgs, msgs])
    pad = model.tokenizer.convert_tokens_to_ids(IMAGE_PAD)
    per_image = batch["image_grid_thw"].prod(-1) // 4  # 2×2 merge
    assert batch["image_grid_thw"].shape == (2, 3)
    assert (batch["input_ids"] == pad).sum(-1).tolist() == per_image.tolist()
    assert batch["pixel_values"].shape[0] == int(batch["image_grid_thw"].prod(-1).sum())
    with torch.inference_mode():  # the model accepts them: image features fill the pads exactly
        assert model.model(**batch).logits.shape[:2] == batch["input_ids"].shape
    with pytest.raises(ValueError, match="images given"):
        model.processor(text=["no image here"], images=[[Image.new("RGB", (56, 56))]])
