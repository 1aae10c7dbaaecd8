"""`openha eval` on a REAL local Ray cluster started by the test (`ray start --head`, joined with
an address): fault injection (worker SIGKILLed mid-episode, a hung env, a raising env/agent),
the shared batched inference actor, and resume after the driver itself is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from eval_helpers import TASKS, count_rows, ray_env, ray_head, write_tasks

from openha.eval import EvalConfig, read_meta, read_results, run_eval

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """(address, tasks_root): one head for the module; this process joins it as the driver."""
    saved = {k: os.environ.get(k) for k in ("RAY_AUTH_MODE", "RAY_ADDRESS")}
    os.environ.update({k: v for k, v in ray_env().items() if k.startswith("RAY_")})
    os.environ.pop("RAY_ADDRESS", None)
    root = write_tasks(tmp_path_factory.mktemp("tasks"))
    with ray_head(num_cpus=2) as address:
        ray.init(address=address, log_to_driver=False)
        try:
            yield address, root
        finally:
            ray.shutdown()
            for k, v in saved.items():
                os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)


def cfg(out, cluster, **kw) -> EvalConfig:
    address, root = cluster
    base = dict(out=out, tasks="all", agent="random", seeds=[0], workers=2, address=address,
                width=64, height=64, tasks_root=root, hang_timeout=8.0)  # fmt: skip
    return EvalConfig(**{**base, **kw})


def keys(run) -> list[tuple[str, int]]:
    return [(r["task"], r["seed"]) for r in read_results(run)]


def test_faults_are_retried_and_every_episode_recorded_once(tmp_path, cluster):
    faults = ("chaos:kill@4=mine_block/*,env-hang@2=kill_entity/*,"
              "raise@3=smelt_item/*,env-raise@0=craft_item/*")  # fmt: skip
    s = run_eval(cfg(tmp_path, cluster, agent=faults, seeds=[0, 1]))
    got = keys(tmp_path)
    assert sorted(got) == sorted((t, seed) for t in TASKS for seed in (0, 1))  # all, once each
    assert s.errors == 0 and s.recorded == 10
    rows = read_results(tmp_path)
    # have_stick succeeds at reset, before env-raise@0 could fire on the first step; walk_far has
    # no fault
    once = ("craft_item/have_stick", "long_horizon/walk_far")
    assert all(r["attempts"] == (1 if r["task"] in once else 2) for r in rows)
    kinds = sorted(a["kind"] for a in read_meta(tmp_path)["attempts"])
    assert kinds == ["crash"] * 2 + ["exception"] * 2 + ["hang"] * 2
    assert all(r["status"] != "error" and r["trace"] for r in rows)


def test_persistent_fault_becomes_error_with_traceback(tmp_path, cluster):
    agent = "chaos:env-raise@2=smelt_item/*,kill@2=kill_entity/*,attempts=99"
    s = run_eval(cfg(tmp_path, cluster, agent=agent, retries=1,
                     tasks="smelt_item/never,kill_entity/jump_forever,craft_item/have_stick"))
    rows = {r["task"]: r for r in read_results(tmp_path)}
    assert s.recorded == 3 and s.errors == 2
    env_err, crash = rows["smelt_item/never"], rows["kill_entity/jump_forever"]
    assert (env_err["status"], env_err["reason"], env_err["attempts"]) == ("error", "exception", 2)
    assert "Traceback" in env_err["error"] and "chaos: env.step raised" in env_err["error"]
    assert (crash["status"], crash["reason"], crash["attempts"]) == ("error", "crash", 2)
    assert "died" in crash["error"]
    assert rows["craft_item/have_stick"]["success"]


def test_model_agent_uses_one_shared_inference_actor(tmp_path, cluster):
    s = run_eval(cfg(tmp_path, cluster, agent="test-model:", tasks="smelt_item/never,kill_entity/*",
                     seeds=[0, 1]))
    assert s.recorded == 4 and s.errors == 0
    inf = s.info["inference"]
    assert inf["requests"] == s.env_steps == 80 and 1 <= inf["batches"] <= 80
    assert inf["device"] == "cpu"



def test_crafter_random_agent_on_ray_matches_in_process(tmp_path, cluster):
    pytest.importorskip("crafter", reason="pip install 'openha[crafter]'")
    two = dict(env="crafter", tasks="crafter/collect_sapling,crafter/place_plant", agent="random",
               seeds=[0, 1, 2], max_steps=300, width=None, height=None, tasks_root=None)
    s = run_eval(cfg(tmp_path / "ray", cluster, **two))
    local = run_eval(cfg(tmp_path / "local", cluster, workers=0, **two))
    assert s.info["workers"] == 2 and s.recorded == local.recorded == 6 and s.errors == 0

    def outcome(run):
        return sorted((r["task"], r["seed"], r["success"], r["steps"]) for r in read_results(run))

    assert outcome(tmp_path / "ray") == outcome(tmp_path / "local")  # same episodes, same results
    assert 0 < s.successes < 6

def _driver(out, address, root, *extra):
    # 40 ms per action: the 8 episodes left after the kill take ~10 s on 2 workers, so the Ctrl-C
    # below always lands while the run is still going (at 10 ms a quiet machine could finish first)
    cmd = [sys.executable, "-m", "openha.cli_eval", "eval", "--out", str(out), "--address", address,
           "--tasks", "smelt_item/never,long_horizon/*", "--seeds", "5", "--workers", "2",
           "--agent", "test-model:delay=0.04", "--width", "64", "--height", "64",
           "--tasks-root", str(root), "--progress", "lines", "--no-report", *extra]  # fmt: skip
    # the child gets Ctrl-C's default meaning even if something in this test process ignores
    # SIGINT (an ignored signal is inherited, and Python then installs no KeyboardInterrupt)
    return subprocess.Popen(cmd, env=ray_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, preexec_fn=_default_sigint)


def _default_sigint():
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_rows(out, n, proc, timeout=120):
    deadline = time.monotonic() + timeout
    while count_rows(out) < n:
        assert proc.poll() is None, proc.stdout.read()
        assert time.monotonic() < deadline, f"no {n} results in {timeout} s"
        time.sleep(0.1)


def test_resume_after_driver_killed_and_interrupted(tmp_path, cluster):
    address, root = cluster
    out = tmp_path / "run"
    p = _driver(out, address, root)
    _wait_rows(out, 2, p)
    p.send_signal(signal.SIGKILL)  # the driver dies mid-run: running episodes are lost
    p.wait()
    first = {(r["task"], r["seed"]): r["finished_at"] for r in read_results(out)}
    assert 2 <= len(first) < 10

    p = _driver(out, address, root, "--resume")  # Ctrl-C: a clean stop
    _wait_rows(out, len(first) + 1, p)
    p.send_signal(signal.SIGINT)
    log, _ = p.communicate(timeout=120)
    assert p.returncode == 130, log
    assert "--resume" in log
    second = {(r["task"], r["seed"]): r["finished_at"] for r in read_results(out)}
    assert len(second) > len(first) and all(second[k] == v for k, v in first.items())

    p = _driver(out, address, root, "--resume")
    log, _ = p.communicate(timeout=180)
    assert p.returncode == 0, log
    got = keys(out)
    assert len(got) == len(set(got)) == 10  # 2 tasks x 5 seeds, each exactly once
    assert f"({len(second)} already there)" in log
