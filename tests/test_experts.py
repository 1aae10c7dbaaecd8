"""The privileged scripted expert solves benchmark tasks; its demonstrations replay exactly."""

from __future__ import annotations

import json

import numpy as np
import pytest

from openha.agent import make_agent
from openha.experts.agent import ExpertAgent
from openha.experts.control import MAX_TURN, MOUSE_DEG
from openha.experts.recorder import action_to_line, line_to_action, record, replay
from openha.experts.runner import make_env, run_episode
from openha.tasks import load_suite

# ≥ 1 quick task per family (the full suite runs in benchmarks/expert_solvability.py)
SAMPLE = [
    "mine_block/allium",  # placed plant
    "mine_block/oak_log",  # find a tree in the generated world
    "mine_block/iron_ore_nearby",  # needs the given pickaxe
    "kill_entity/cow",
    "kill_entity/zombie_at_night",
    "craft_item/stick",  # inventory 2x2 grid
    "craft_item/wooden_pickaxe",  # crafting table
    "smelt_item/iron_ingot",
    "interact_block/oak_door",
    "interact_block/crafting_table",
    "interact_block/shear_sheep",
    "mcu/build_pillar",
    "mcu/torch_from_coal_ore",
    "long_horizon/wooden_pickaxe",  # from nothing: tree, planks, sticks, table, pickaxe
]


@pytest.fixture(scope="module")
def suite():
    return load_suite()


@pytest.fixture(scope="module")
def headless_env():
    env = make_env(16, 16, headless=True)
    yield env
    env.close()


@pytest.mark.parametrize("task_id", SAMPLE)
def test_expert_solves_sample_task(task_id, suite, headless_env):
    task = suite.get(task_id)
    r = run_episode(headless_env, task, seed=0)
    assert r["success"], f"{task_id}: {r['reason']} missing {r['missing']}; notes {r['notes']}\n{r['error']}"
    assert r["steps"] <= task.max_steps


def test_registered_as_expert_and_acts_like_a_person(suite, headless_env):
    agent = make_agent("expert")
    assert isinstance(agent, ExpertAgent) and agent.privileged
    task = suite.get("mine_block/oak_log")
    agent.bind(headless_env)
    obs, info = headless_env.reset(seed=1, options={"task": task})
    agent.reset(task, obs, info)
    space = headless_env.action_space
    for _ in range(200):
        action, trace = agent.act(obs, info)
        assert isinstance(trace, dict) and "note" in trace
        gui = headless_env.unwrapped.game.gui_open
        assert space.contains({k: (np.int64(v) if k != "camera" else v) for k, v in action.items()})
        cam = np.asarray(action["camera"], np.float64)
        if not gui:  # in the world: human-like turns (MAX_TURN°, 30° in a fight), whole mouse units
            assert np.all(np.abs(cam) <= max(MAX_TURN, 30.0) + 1e-4)
            units = cam / MOUSE_DEG
            assert np.allclose(units, np.round(units), atol=1e-3)
        obs, _, term, _, info = headless_env.step(action)
        if task.success.check(info["stats"], obs["inventory"]) or term:
            break


def test_unbound_expert_says_how_to_fix(suite):
    with pytest.raises(RuntimeError, match="bind"):
        ExpertAgent().reset(suite.get("craft_item/stick"))


def test_contractor_lines_round_trip_camera_exactly():
    rng = np.random.default_rng(0)

    class FakeGame:
        gui_open, gui, yaw, pitch = False, None, 0.0, 0.0

        class inventory:  # noqa: N801
            selected = 3

        @staticmethod
        def feet():
            return (0.0, 64.0, 0.0)

    for _ in range(300):
        a = {"forward": int(rng.integers(2)), "attack": int(rng.integers(2)), "hotbar.4": 1,
             "camera": rng.uniform(-180, 180, 2).astype(np.float32)}
        line = action_to_line(a, None, FakeGame, 0)
        back = line_to_action(json.loads(json.dumps(line)))
        assert back["camera"].dtype == np.float32
        assert np.array_equal(back["camera"], a["camera"])
        assert back["forward"] == a["forward"] and back["attack"] == a["attack"] and back["hotbar.4"] == 1
        assert ("key.keyboard.w" in line["keyboard"]["keys"]) == bool(a["forward"])
        assert (0 in line["mouse"]["buttons"]) == bool(a["attack"])
        assert line["hotbar"] == 3


@pytest.mark.parametrize("task_id", ["craft_item/wooden_pickaxe", "kill_entity/cow", "mcu/torch_from_coal_ore"])
def test_recorded_demonstration_replays_to_the_same_stats(task_id, suite, tmp_path):
    from openha.video import read_video

    env = make_env(32, 32)
    meta = record(env, suite.get(task_id), seed=0, out_dir=tmp_path)
    assert meta["success"]
    lines = (tmp_path / meta["actions"]).read_text().splitlines()
    assert len(lines) == meta["steps"]
    first = json.loads(lines[0])
    assert set(first) >= {"mouse", "keyboard", "hotbar", "isGuiOpen", "tick"}
    assert set(first["mouse"]) >= {"dx", "dy", "buttons", "newButtons", "x", "y"}
    assert set(first["keyboard"]) >= {"keys", "newKeys"}
    if task_id.startswith("craft_item"):
        assert any(json.loads(s)["isGuiOpen"] for s in lines)
    saved = json.loads((tmp_path / meta["actions"]).with_suffix(".json").read_text())
    assert saved["task"] == task_id and saved["stats"] == meta["stats"] and saved["events"]
    frames = read_video(tmp_path / meta["video"])
    assert frames.shape[0] == meta["steps"] and frames.shape[1:] == (32, 32, 3)
    same, stats = replay(tmp_path / meta["actions"])
    assert same, (stats, meta["stats"])
    # the dataset pipeline reads the same actions back (VPT loader rules, every tick kept)
    from data_pipeline.sources.contractor import read_jsonl

    ticks = read_jsonl(tmp_path / meta["actions"], fix_stuck_attack=False, skip_null=False)
    assert not ticks.broken and not ticks.unknown_keys
    for i, raw in enumerate(lines):
        ours = line_to_action(json.loads(raw))
        assert np.array_equal(ticks.camera[i], ours["camera"])
    assert any(e["stat"].startswith(("craft_item", "kill_entity", "mine_block")) for e in saved["events"])


@pytest.mark.slow
@pytest.mark.parametrize("task_id", ["long_horizon/iron_pickaxe", "long_horizon/diamond",
                                     "kill_entity/creeper_x2_at_night", "mine_block/diamond_ore"])
def test_expert_solves_hard_tasks(task_id, suite, headless_env):
    r = run_episode(headless_env, suite.get(task_id), seed=0)
    assert r["success"], f"{task_id}: {r['reason']} {r['missing']} {r['notes']}"
