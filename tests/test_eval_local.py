"""Evaluation without Ray: agent registry and trace, the results store (resume, no duplicates,
survives SIGKILL), the in-process runner, retries, reports, videos and the CLI."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest
from eval_helpers import TASKS, count_rows, write_tasks
from typer.testing import CliRunner

from openha.agent import TRACE_FIELDS, AgentError, compact_action, make_agent, names, register
from openha.eval import EvalConfig, ResultStore, StoreError, parse_seeds, read_results, run_eval
from openha.eval.report import summarize, wilson, write_report
from openha.eval.session import episode_path


@pytest.fixture(scope="module")
def tasks_root(tmp_path_factory):
    return write_tasks(tmp_path_factory.mktemp("tasks"))


def cfg(tmp_path, tasks_root, **kw) -> EvalConfig:
    base = dict(out=tmp_path / "run", tasks="all", agent="random", seeds=[0, 1], workers=0,
                width=64, height=64, tasks_root=tasks_root)  # fmt: skip
    return EvalConfig(**{**base, **kw})


# -- agents -------------------------------------------------------------------------------------
def test_registry_names_prefixes_and_errors():
    assert make_agent("random").name == "random"
    assert make_agent("chaos:raise@2=craft_item/*,attempts=3").faults == [("raise", 2, "craft_item/*")]
    with pytest.raises(AgentError, match=r"unknown agent 'randm' \(did you mean 'random'\?\).*known agents: .*expert"):
        make_agent("randm")
    with pytest.raises(AgentError, match="unknown agent 'nope:x'"):
        make_agent("nope:x")

    @register("echo:")
    class Echo:
        name = "echo"

        def __init__(self, arg):
            self.arg = arg

    assert make_agent("echo:a:b").arg == "a:b"
    assert "echo:ARG" in names() and "random" in names()
    with pytest.raises(ValueError, match="prefix"):
        register("bad:name")


def test_compact_action():
    from envs.voxel.spaces import noop

    a = noop()
    assert compact_action(a) == "noop"
    a.update(forward=1, attack=1, camera=np.array([-1.5, 3.0], np.float32))
    assert compact_action(a) == "attack+forward cam(-1.5,3.0)"


def test_parse_seeds():
    assert parse_seeds("3") == [0, 1, 2]
    assert parse_seeds("0,5,9") == [0, 5, 9]
    assert parse_seeds("10-12,20") == [10, 11, 12, 20]
    with pytest.raises(ValueError, match="--seeds 'x'"):
        parse_seeds("x")


# -- store ---------------------------------------------------------------------------------------
def _row(task="craft_item/a", seed=0, **kw):
    return {"task": task, "seed": seed, "family": task.split("/")[0], "tags": ["easy"],
            "status": "success", "success": True, "reason": "success", "steps": 3, **kw}


def test_store_never_records_twice_and_guards_the_run(tmp_path):
    with ResultStore(tmp_path) as st:
        assert st.begin({"agent": "random", "max_steps": None}, resume=False) == set()
        assert st.record(_row()) is True
        assert st.record(_row(steps=99)) is False  # same (task, seed): ignored
        with pytest.raises(StoreError, match="another `openha eval` is writing"):
            ResultStore(tmp_path)
    with ResultStore(tmp_path) as st:
        with pytest.raises(StoreError, match="pass --resume"):
            st.begin({"agent": "random", "max_steps": None}, resume=False)
        with pytest.raises(StoreError, match="agent='expert'.*started with agent='random'"):
            st.begin({"agent": "expert", "max_steps": None}, resume=True)
        assert st.begin({"agent": "random", "max_steps": None}, resume=True) == {("craft_item/a", 0)}
    (r,) = read_results(tmp_path)
    assert r["steps"] == 3 and r["tags"] == ["easy"] and r["attempts"] == 1


def test_store_survives_sigkill_mid_write(tmp_path):
    """A writer killed at a random moment leaves a valid database with whole rows only."""
    code = textwrap.dedent(f"""
        from openha.eval.store import ResultStore
        st = ResultStore({str(tmp_path)!r})
        st.begin({{"agent": "random"}}, resume=False)
        i = 0
        while True:
            st.record({{"task": "craft_item/t%d" % i, "seed": 0, "family": "craft_item",
                        "status": "failure", "success": False, "reason": "timeout",
                        "error": "x" * 5000}})
            i += 1
    """)
    p = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 60
    while count_rows(tmp_path) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    p.send_signal(signal.SIGKILL)
    p.wait()
    con = sqlite3.connect(tmp_path / "results.sqlite")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    rows = read_results(tmp_path)
    assert len(rows) >= 20 and all(len(r["error"]) == 5000 for r in rows)
    with ResultStore(tmp_path) as st:  # the dead writer's lock is gone
        assert len(st.begin({"agent": "random"}, resume=True)) == len(rows)


# -- in-process runs -----------------------------------------------------------------------------
def test_local_run_traces_resume_and_report(tmp_path, tasks_root):
    s = run_eval(cfg(tmp_path, tasks_root))
    assert (s.planned, s.recorded, s.errors) == (10, 10, 0)
    rows = {(r["task"], r["seed"]): r for r in read_results(tmp_path / "run")}
    assert set(rows) == {(t, seed) for t in TASKS for seed in (0, 1)}
    assert rows[("craft_item/have_stick", 0)]["steps"] == 0 and rows[("craft_item/have_stick", 0)]["success"]
    assert rows[("smelt_item/never", 1)]["reason"] == "timeout"
    assert rows[("smelt_item/never", 1)]["steps"] == 20
    assert rows[("smelt_item/never", 1)]["counts"] == {"smelt_item.iron_ingot": 0}
    assert rows[("craft_item/have_stick", 0)]["counts"] == {"inventory.stick": 1}
    assert rows[("mine_block/jump_twice", 0)]["counts"]["custom.jump"] >= 2  # what was reached
    jt = rows[("mine_block/jump_twice", 0)]
    lines = [json.loads(x) for x in (tmp_path / "run" / jt["trace"]).read_text().splitlines()]
    assert len(lines) == jt["steps"] and all(k in lines[0] for k in TRACE_FIELDS)
    assert [x["step"] for x in lines] == list(range(jt["steps"]))

    # resume with one more seed: only the new episodes run, nothing is recorded twice
    with pytest.raises(StoreError, match="--resume"):
        run_eval(cfg(tmp_path, tasks_root, seeds=[0, 1, 2]))
    s2 = run_eval(cfg(tmp_path, tasks_root, seeds=[0, 1, 2], resume=True))
    assert (s2.skipped, s2.recorded) == (10, 5)
    assert len(read_results(tmp_path / "run")) == 15

    rep = write_report(tmp_path / "run")
    fam = {r["group"]: r for r in rep["summary"]["families"]}
    assert fam["craft_item"]["rate"] == 1.0 and fam["smelt_item"]["rate"] == 0.0
    assert rep["summary"]["failures"]["timeout"] >= 6
    md = (tmp_path / "run" / "report.md").read_text()
    assert "## By tag" in md and "| jumpy |" in md
    for f in rep["files"]:
        assert (tmp_path / "run" / f).stat().st_size > 0


def test_local_retries_then_records_error(tmp_path, tasks_root):
    agent = "chaos:raise@2=mine_block/*,env-raise@1=smelt_item/*,attempts=9"
    s = run_eval(cfg(tmp_path, tasks_root, agent=agent, seeds=[0], retries=1))
    rows = {r["task"]: r for r in read_results(tmp_path / "run")}
    assert len(rows) == 5 and s.retries == 4 and s.errors == 2
    for t in ("mine_block/jump_twice", "smelt_item/never"):
        assert rows[t]["status"] == "error" and rows[t]["attempts"] == 2
        assert "ChaosError" in rows[t]["error"] and "Traceback" in rows[t]["error"]
    assert rows["craft_item/have_stick"]["status"] == "success"
    # a transient fault (first try only) is retried and then succeeds
    s = run_eval(cfg(tmp_path / "b", tasks_root, agent="chaos:raise@2", seeds=[0]))
    assert s.errors == 0 and s.retries == 4  # every task but have_stick (0 steps) raised once


def test_model_agent_in_process(tmp_path, tasks_root):
    s = run_eval(cfg(tmp_path, tasks_root, agent="test-model:", seeds=[0], tasks="smelt_item/never"))
    (r,) = read_results(tmp_path / "run")
    assert s.recorded == 1 and r["steps"] == 20 and r["status"] == "failure"
    line = json.loads((tmp_path / "run" / r["trace"]).read_text().splitlines()[0])
    assert line["text"].startswith("model said")


def test_video_overlay(tmp_path, tasks_root):
    from openha.video import read_video

    run_eval(cfg(tmp_path, tasks_root, agent="random", seeds=[0], video=1, tasks="smelt_item/never"))
    (r,) = read_results(tmp_path / "run")
    assert r["video"] == episode_path("videos", "smelt_item/never", 0)
    frames = read_video(tmp_path / "run" / r["video"])
    assert frames.shape == (21, 512, 512, 3)  # reset frame + 20 steps, 64 px scaled up x8
    assert frames[:, :4].mean() < frames[:, 100:400].mean()  # the dark text band on top


def test_wilson_and_summary():
    lo, hi = wilson(8, 10)
    assert abs(lo - 0.490) < 0.002 and abs(hi - 0.943) < 0.002
    assert wilson(0, 0) == (0.0, 0.0)
    s = summarize([_row(steps=4), _row("craft_item/b", steps=None, success=False, status="error",
                                       reason="hang")])
    assert s["overall"]["episodes"] == 2 and s["failures"] == {"hang": 1}
    assert s["families"][0]["steps_mean"] == 4 and len(s["errors"]) == 1


def test_cli_eval_and_report(tmp_path, tasks_root):
    from openha.cli_eval import eval_app

    out = tmp_path / "cli"
    args = ["eval", "--out", str(out), "--tasks", "craft_item,smelt_item/never", "--workers", "0",
            "--width", "64", "--height", "64", "--progress", "lines", "--tasks-root", str(tasks_root)]
    res = CliRunner().invoke(eval_app, args)
    assert res.exit_code == 0, res.output
    assert "2 episodes recorded" in res.output and (out / "report.md").exists()
    res = CliRunner().invoke(eval_app, ["eval", "--out", str(out), "--resume", "--seeds", "2", "--workers", "0",
                                        "--progress", "none", "--tasks-root", str(tasks_root)])
    assert res.exit_code == 0, res.output  # tasks, agent, size come from the run
    assert "2 episodes recorded (2 already there)" in res.output
    res = CliRunner().invoke(eval_app, ["report", str(out)])
    assert res.exit_code == 0 and "Success by family" in res.output
    res = CliRunner().invoke(eval_app, args[:3] + ["--agent", "nope", "--workers", "0"])
    assert res.exit_code == 2 and "unknown agent 'nope'" in res.output
