"""`openha eval --env crafter`: Crafter's achievements as tasks, its own agents (uniform random,
noop), success read from Crafter's achievement counters, traces in Crafter's action names, the
CLI with resume, and clear errors for what does not apply to Crafter."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

pytest.importorskip("crafter", reason="pip install 'openha[crafter]'")

from envs.crafter import ACTIONS, CrafterEnv  # noqa: E402
from openha.agent import AgentError  # noqa: E402
from openha.compat.crafter import CrafterRandomAgent, select_crafter_tasks  # noqa: E402
from openha.eval import EvalConfig, read_meta, read_results, run_eval  # noqa: E402
from openha.eval.environments import get_env  # noqa: E402

TWO = "crafter/collect_sapling,crafter/place_plant"  # a random agent unlocks these ~half the time
SEEDS = [0, 1, 2, 3]


def replay(task_id: str, seed: int, steps: int) -> int:
    """The achievement counter after replaying the random agent's episode by hand."""
    env, agent = CrafterEnv(size=64), CrafterRandomAgent()
    env.reset(seed=seed)
    agent.reset(None, None, {"episode": {"seed": seed}})
    info = {"stats": {}}
    for _ in range(steps):
        _, _, _, _, info = env.step(agent.act()[0])
    return info["stats"].get(f"achievement.{task_id.split('/')[1]}", 0)


def test_random_agent_in_process_success_matches_crafter(tmp_path):
    s = run_eval(EvalConfig(out=tmp_path, env="crafter", tasks=TWO, agent="random", seeds=SEEDS,
                            workers=0, max_steps=400))
    rows = read_results(tmp_path)
    assert s.recorded == len(rows) == 8 and s.errors == 0
    assert {(r["task"], r["seed"]) for r in rows} == {(t, k) for t in TWO.split(",") for k in SEEDS}
    assert {r["family"] for r in rows} == {"crafter"}
    assert 0 < s.successes < 8  # some unlocked, some not: the check is not constant
    for r in rows:  # success is exactly "Crafter counted the achievement within the episode"
        assert (replay(r["task"], r["seed"], r["steps"]) >= 1) == r["success"], r
        if r["success"]:
            assert replay(r["task"], r["seed"], r["steps"] - 1) == 0  # ... and stops at once
        else:
            assert r["reason"] in ("timeout", "death:unknown") and r["missing"]
    trace = (tmp_path / rows[0]["trace"]).read_text().splitlines()
    assert len(trace) == rows[0]["steps"] and json.loads(trace[0])["action"] in ACTIONS
    meta = read_meta(tmp_path)
    assert (meta["env"], meta["width"], meta["height"]) == ("crafter", 64, 64)


def test_task_selection_and_errors(tmp_path):
    assert len(select_crafter_tasks("crafter")) == 22 == len(select_crafter_tasks("all"))
    assert [t.id for t in select_crafter_tasks("crafter/make_iron_*")] == [
        "crafter/make_iron_pickaxe", "crafter/make_iron_sword"]
    with pytest.raises(KeyError, match="crafter/chop_tree"):
        select_crafter_tasks("crafter/chop_tree")
    with pytest.raises(ValueError, match="--tasks-root"):
        select_crafter_tasks("all", tasks_root=tmp_path)
    with pytest.raises(AgentError, match="noop, random"):
        run_eval(EvalConfig(out=tmp_path / "a", env="crafter", agent="expert", workers=0))
    with pytest.raises(ValueError, match="square"):
        get_env("crafter").make(64, 32)
    with pytest.raises(ValueError, match="choose one of crafter, voxel"):
        run_eval(EvalConfig(out=tmp_path / "b", env="minecraft", workers=0))
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()  # nothing written


def test_cli_env_crafter_and_resume(tmp_path):
    from openha.cli_eval import eval_app

    out = tmp_path / "run"
    args = ["eval", "--out", str(out), "--env", "crafter", "--tasks", "tag:medium",
            "--agent", "noop", "--seeds", "1", "--workers", "0", "--max-steps", "20",
            "--progress", "none", "--no-report"]  # fmt: skip
    r = CliRunner().invoke(eval_app, args)
    assert r.exit_code == 0, r.output
    assert "3 episodes recorded" in r.output  # collect_diamond, make_iron_pickaxe, make_iron_sword
    r = CliRunner().invoke(eval_app, ["eval", "--out", str(out), "--seeds", "2", "--resume",
                                      "--workers", "0", "--progress", "none", "--no-report"])
    assert r.exit_code == 0, r.output
    assert "3 episodes recorded (3 already there)" in r.output  # env, tasks, agent from the run
    rows = read_results(out)
    assert len(rows) == 6 and all(r["steps"] == 20 and not r["success"] for r in rows)
    r = CliRunner().invoke(eval_app, ["eval", "--out", str(out), "--env", "voxel", "--resume",
                                      "--workers", "0", "--progress", "none"])
    assert r.exit_code == 2 and "env='crafter'" in r.output
