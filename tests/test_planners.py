"""The recipe planner, subgoal success tests, symbolic execution, the reply parser and the
planner registry (no model, no env)."""

from __future__ import annotations

import pytest

from openha.planners import Condition, Plan, PlannerError, make_planner
from openha.planners.chat import build_messages, parse_plan
from openha.planners.recipe import RecipePlanner
from openha.planners.symbolic import reaches_goal
from openha.tasks import load_suite


@pytest.fixture(scope="module")
def suite():
    return {t.id: t for t in load_suite()}


@pytest.fixture(scope="module")
def planner():
    return RecipePlanner()


def start_obs(task):
    return {"inventory": dict(task.init_state().inventory)}, {"stats": {}}


def test_every_craft_and_smelt_plan_reaches_its_goal_symbolically(suite, planner):
    tasks = [t for t in suite.values() if t.family in ("craft_item", "smelt_item")]
    assert len(tasks) > 100
    bad = []
    for t in tasks:
        plan = planner.plan(t, *start_obs(t))
        ok, why = reaches_goal(t, plan)
        if not ok or plan.errors:
            bad.append((t.id, why, plan.errors))
    assert not bad, bad[:5]


def test_iron_pickaxe_from_nothing_walks_the_tech_tree(suite, planner):
    plan = planner.plan(suite["long_horizon/iron_pickaxe"], {"inventory": {}}, {"stats": {}})
    order = [(s.action, s.target) for s in plan.subgoals]
    assert order == [("mine", "oak_log"), ("craft", "oak_planks"), ("craft", "stick"),
                     ("craft", "crafting_table"), ("craft", "wooden_pickaxe"), ("mine", "stone"),
                     ("craft", "stone_pickaxe"), ("mine", "iron_ore"), ("craft", "furnace"),
                     ("smelt", "iron_ingot"), ("craft", "iron_pickaxe")]
    counts = {s.target: s.count for s in plan.subgoals}
    assert counts["iron_ore"] == 3 and counts["iron_ingot"] == 3 and counts["iron_pickaxe"] == 1
    assert "fuel" in plan.subgoals[9].text and plan.subgoals[4].text.endswith("at the crafting_table")
    assert all(s.budget > 0 for s in plan.subgoals)


def test_replan_starts_from_what_is_held(suite, planner):
    task = suite["long_horizon/iron_pickaxe"]
    planner.plan(task, {"inventory": {}}, {"stats": {}})
    inv = {"birch_log": 3, "wooden_pickaxe": 1, "stick": 4, "crafting_table": 1}
    plan = planner.replan({"inventory": inv}, "budget spent on 'mine 4 oak_log'", {"stats": {}})
    assert plan.reason == "budget spent on 'mine 4 oak_log'"
    targets = [s.target for s in plan.subgoals]
    assert "wooden_pickaxe" not in targets and "crafting_table" not in targets
    assert "oak_log" not in targets and "oak_planks" in targets  # birch logs count as logs
    held = {"inventory": {"iron_ingot": 3, "stick": 2, "crafting_table": 1}}
    assert [s.target for s in planner.replan(held, "x", {"stats": {}}).subgoals] == ["iron_pickaxe"]


def test_a_station_that_failed_is_made_again(suite, planner):
    task = suite["long_horizon/wooden_pickaxe"]
    obs = {"inventory": {"oak_planks": 3, "stick": 2}}
    stats = {"stats": {"use_item.crafting_table": 1}}  # the agent placed one somewhere
    plan = planner.plan(task, obs, stats)
    assert [s.target for s in plan.subgoals] == ["wooden_pickaxe"]
    again = planner.replan(obs, "the executor gave up on 'craft 1 wooden_pickaxe at the crafting_table'", stats)
    assert "crafting_table" in [s.target for s in again.subgoals]


def test_symbolic_execution_catches_a_broken_plan(suite, planner):
    task = suite["long_horizon/stone_pickaxe"]
    plan = planner.plan(task, {"inventory": {}}, {"stats": {}})
    assert reaches_goal(task, plan) == (True, "")
    no_sticks = Plan([s for s in plan.subgoals if s.target != "stick"], "edited")
    ok, why = reaches_goal(task, no_sticks)
    assert not ok and "stick" in why
    short = Plan(plan.subgoals[:-1], "edited")
    ok, why = reaches_goal(task, short)
    assert not ok and "craft_item.stone_pickaxe" in why


def test_subgoal_success_tests_read_only_stats_and_inventory(suite, planner):
    plan = planner.plan(suite["long_horizon/stone_pickaxe"], {"inventory": {}}, {"stats": {}})
    logs = plan.subgoals[0]
    base = logs.baseline({"inventory": {"oak_log": 1}}, {"stats": {"mine_block.oak_log": 1}})
    assert not logs.done(base, {"inventory": {"oak_log": 2}}, {"stats": {"mine_block.oak_log": 2}})
    got = {"mine_block.oak_log": 2, "mine_block.spruce_log": 2}
    assert logs.done(base, {"inventory": {}}, {"stats": got})  # any wood counts
    last = plan.subgoals[-1]
    assert last.done({}, {}, {"stats": {"craft_item.stone_pickaxe": 1}})
    with pytest.raises(ValueError, match="source"):
        Condition("nbt", ("x",), 1)


def test_non_item_targets_get_a_counter_subgoal(suite, planner):
    task = next(t for t in suite.values() if t.family == "kill_entity")
    plan = planner.plan(task, *start_obs(task))
    kind, name, n = task.success.targets()[0]
    assert plan.subgoals[-1].action == "kill" and plan.subgoals[-1].target == name
    assert plan.subgoals[-1].done({}, {}, {"stats": {f"{kind}.{name}": n}})


def test_parse_plan_reads_skill_lines_and_records_bad_ones():
    text = ("Sure.\nSkill: mine(oak_log, 3)\nSkill: craft(oak_planks, 12)\n"
            "Skill: craft(wooden_pickaxe_x)\nMotion: jump\n")
    plan = parse_plan(text, "m")
    assert [(s.action, s.target, s.count) for s in plan.subgoals] == [("mine", "oak_log", 3), ("craft", "oak_planks", 12)]
    assert len(plan.errors) == 1 and "wooden_pickaxe_x" in plan.errors[0]
    assert len(plan.parsed) == 3 and plan.text == text
    mine = plan.subgoals[0]
    assert mine.done({}, {}, {"stats": {"mine_block.oak_log": 3}})
    for junk in ("", "\x00\xff garbage", "Skill: fly(moon)", None, 42):
        p = parse_plan(junk, "m")
        assert p.subgoals == [] and p.errors


def test_prompt_carries_view_task_inventory_and_failure(suite):
    import numpy as np

    task = suite["long_horizon/iron_pickaxe"]
    obs = {"pov": np.zeros((360, 640, 3), np.uint8), "inventory": {"stick": 2}}
    msgs = build_messages(task, obs, {"stats": {}}, reason="budget spent", image_size=64)
    parts = msgs[1]["content"]
    assert parts[0]["image_url"]["url"].startswith("data:image/png;base64,")
    text = parts[1]["text"]
    assert task.instruction in text and "2 stick" in text and "budget spent" in text


def test_openha_style_prompt_and_a_chain_of_action_reply(suite):
    import numpy as np

    task = suite["long_horizon/iron_pickaxe"]
    obs = {"pov": np.zeros((36, 64, 3), np.uint8), "inventory": {}}
    (msg,) = build_messages(task, obs, {"stats": {}}, style="openha")
    text = msg["content"][0]["text"]
    assert msg["role"] == "user" and text.endswith("## User Instruction\n" + task.instruction + "\n")
    assert text.startswith("You are an AI agent performing tasks in Minecraft")  # OpenHA's mix prompt
    assert "Wrap your hierarchical action inside Skill: skill actions \nGrounding:" in text  # verbatim
    assert msg["content"][1]["type"] == "image_url"
    reply = ("Skill: mine(oak_log)\nGrounding: Mine <|object_ref_start|>oak log<|object_ref_end|>"
             "<|point_start|>(512,300)<|point_end|>\nAction: move(19, 0) and press() and click(left)")
    plan = parse_plan(reply, "m")
    assert [s.target for s in plan.subgoals] == ["oak_log"] and len(plan.parsed) == 2 and not plan.errors
    with pytest.raises(ValueError, match="prompt style"):
        build_messages(task, obs, {}, style="chatty")


def test_registry_names_and_errors():
    assert make_planner("recipe").name == "recipe"
    with pytest.raises(PlannerError, match="known planners"):
        make_planner("recipes")
    with pytest.raises(PlannerError, match="URL#MODEL"):
        make_planner("openai:http://localhost:1/v1")
    with pytest.raises(PlannerError, match="http"):
        make_planner("openai:localhost:1#m")
    with pytest.raises(PlannerError, match="config.json"):
        make_planner("hf:/nonexistent/model")
