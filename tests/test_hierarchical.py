"""HierarchicalAgent: the oracle (recipe planner + scripted skills) in real VoxelWorld episodes
through the eval runner, replanning, fallback after unusable plans, traces, presets."""

from __future__ import annotations

import json

import pytest

from openha.agent import TRACE_FIELDS, trace_record
from openha.agent.executors import ExecutorError, make_executor
from openha.agent.hierarchical import HierarchicalAgent, HierarchicalConfig
from openha.agent.presets import build, from_yaml, oracle
from openha.eval.runner import EpisodeJob, run_episode
from openha.planners.chat import ChatPlanner
from openha.planners.recipe import RecipePlanner, RecipePlannerConfig
from openha.planners.subgoals import BudgetConfig
from openha.tasks import load_suite


@pytest.fixture(scope="module")
def suite():
    return {t.id: t for t in load_suite()}


@pytest.fixture(scope="module")
def env():
    from openha.experts import make_env

    e = make_env(64, 64, headless=True)
    yield e
    e.close()


def play(env, agent, task, seed=0, max_steps=None):
    if getattr(agent, "privileged", False):
        agent.bind(env)
    return run_episode(env, agent, EpisodeJob(task, seed, max_steps=max_steps))


@pytest.mark.parametrize("tid", ["long_horizon/crafting_table", "long_horizon/stone_pickaxe"])
def test_oracle_solves_long_horizon_tasks_with_a_complete_trace(env, suite, tid, tmp_path):
    res = play(env, oracle(), suite[tid])
    assert res["success"], (res["reason"], res["missing"])
    trace = res["trace"]
    assert len(trace) == res["steps"]
    path = tmp_path / "trace.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in trace))
    lines = [json.loads(x) for x in path.read_text().splitlines()]
    for i, rec in enumerate(lines):
        assert rec["step"] == i and all(k in rec for k in (*TRACE_FIELDS, "subgoal", "event", "parsed"))
        assert rec["agent"] == "oracle" and rec["subgoal"]
        if rec["event"] and "start:" in rec["event"]:
            assert rec["plan"] and rec["plan"].split(" ", 1)[1].startswith(rec["subgoal"])
    assert lines[0]["event"].startswith("plan by recipe (start)")
    done = [r["event"] for r in lines if r["event"] and "done:" in r["event"]]
    assert any("craft" in e for e in done) and any("mine" in e for e in done)


def test_budget_runs_out_then_the_agent_replans_with_the_reason(env, suite):
    tiny = RecipePlanner(RecipePlannerConfig(budgets=BudgetConfig(scale=0.02)))
    agent = HierarchicalAgent(tiny, make_executor("skills"), name="tiny-budgets")
    res = play(env, agent, suite["long_horizon/crafting_table"], max_steps=200)
    events = [r["event"] for r in res["trace"] if r["event"]]
    replans = [e for e in events if "replan: budget of" in e]
    assert replans and "oak_log" in replans[0]
    assert agent.replans >= len(replans)


class FixedReply(ChatPlanner):
    """A chat planner whose model always answers `reply` (the parser and agent are real)."""

    def __init__(self, reply):
        super().__init__(image_size=32)
        self.reply, self.name = reply, "fixed"

    def complete(self, messages):
        if isinstance(self.reply, Exception):
            raise self.reply
        return self.reply


@pytest.mark.parametrize("reply", ["I would rather not.", RuntimeError("server on fire")])
def test_unusable_plans_are_recorded_retried_then_fall_back_to_recipe(env, suite, reply):
    planner = FixedReply(reply)
    agent = HierarchicalAgent(planner, make_executor("skills"), HierarchicalConfig(retries=2))
    res = play(env, agent, suite["long_horizon/crafting_table"])
    assert res["success"] and planner.calls == 3  # plan + 2 retries, then recipe took over
    first = res["trace"][0]
    assert "fallback to the recipe planner" in first["event"] and first["error"]
    assert first["planner"] == "recipe"


def test_retry_mode_keeps_asking_and_idles_without_crashing(env, suite):
    planner = FixedReply("Skill: teleport(diamond)")
    agent = HierarchicalAgent(planner, make_executor("skills"),
                              HierarchicalConfig(retries=1, on_bad_plan="retry", max_replans=5))
    res = play(env, agent, suite["long_horizon/crafting_table"], max_steps=30)
    assert not res["success"] and res["steps"] == 30
    assert planner.calls == 2 * 6  # each ask = 1 + 1 retry; start + 5 replans
    errs = [r["error"] for r in res["trace"] if r["error"]]
    assert any("teleport" in e for e in errs) and any("gave up after 5 replans" in e for e in errs)
    assert all(r["action"] == "noop" for r in res["trace"])


def test_trace_records_model_text_and_parsed_steps(env, suite):
    reply = "Skill: mine(oak_log, 1)\nSkill: craft(oak_planks, 4)\nSkill: craft(crafting_table)"
    agent = HierarchicalAgent(FixedReply(reply), make_executor("skills"))
    res = play(env, agent, suite["long_horizon/crafting_table"])
    assert res["success"]
    first = trace_record(0, {}, res["trace"][0])
    assert first["text"] == reply and "mine" in first["parsed"] and first["subgoal"] == "mine 1 oak_log"


def test_learned_executors_report_a_bad_checkpoint(tmp_path):
    with pytest.raises(ExecutorError, match="policy:.*config.json"):
        make_executor(f"policy:{tmp_path}/none")
    with pytest.raises(ExecutorError, match="skills, policy:PATH or coa:PATH"):
        make_executor("magic")


@pytest.mark.slow
def test_policy_executor_gets_each_subgoal_as_its_goal(suite, tmp_path):
    import policies
    from openha.agent import LocalModelClient
    from openha.experts import make_env

    policies.make("goap", preset="tiny").save_pretrained(tmp_path / "goap")
    agent = build("recipe", f"policy:{tmp_path / 'goap'}", name="recipe+goap")
    assert not agent.privileged and agent.needs_pov
    agent.attach(LocalModelClient(agent.model_spec().build("cpu")))  # what the eval runner does
    env = make_env(64, 64)
    try:
        res = run_episode(env, agent, EpisodeJob(suite["long_horizon/crafting_table"], 0, max_steps=12))
    finally:
        env.close()
    assert res["steps"] == 12 and agent.executor.inner.goal == "mine 1 oak_log"
    assert all(r["text"] and r["subgoal"] == "mine 1 oak_log" for r in res["trace"])


def test_yaml_presets(tmp_path):
    good = tmp_path / "mine.yaml"
    good.write_text("planner: recipe\nexecutor: skills\nretries: 1\n")
    agent = from_yaml(good)
    assert agent.name == "mine" and agent.config.retries == 1 and agent.privileged
    bad = tmp_path / "bad.yaml"
    bad.write_text("planner: recipe\nexecutor: skills\nretrys: 1\n")
    with pytest.raises(ValueError, match="bad.yaml: unknown keys"):
        from_yaml(bad)
    with pytest.raises(ValueError, match="on_bad_plan"):
        build("recipe", "skills", on_bad_plan="panic")


def test_presets_build_through_the_agent_registry():
    from openha.agent import make_agent, names, register_lazy

    entries = {"oracle": "openha.agent.presets:oracle", "optimus2-small": "openha.agent.presets:optimus2_small",
               "hf-planner:": "openha.agent.presets:hf_planner_agent", "openai:": "openha.agent.presets:openai_agent"}
    for name, target in entries.items():
        if name.rstrip(":") not in {n.removesuffix("ARG").rstrip(":") for n in names()}:
            register_lazy(name, target)
    assert make_agent("oracle").name == "oracle"
    agent = make_agent("openai:http://127.0.0.1:9/v1#m")  # no request until it plans
    assert agent.planner.name == "openai:m" and agent.executor.name == "skills"
