"""`openha eval` with the default in-process `ray.init()` (no --address): Ray is started for the
run and shut down after it."""

from __future__ import annotations

import pytest
from eval_helpers import write_tasks

from openha.eval import EvalConfig, read_results, run_eval

ray = pytest.importorskip("ray")


def test_local_ray_init_runs_and_shuts_down(tmp_path, monkeypatch):
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")
    root = write_tasks(tmp_path / "tasks")
    assert not ray.is_initialized()
    s = run_eval(EvalConfig(out=tmp_path / "run", tasks="smelt_item/never,craft_item/*",
                            agent="random", seeds=[0, 1], workers=1, width=64, height=64,
                            tasks_root=root))
    assert not ray.is_initialized()
    assert s.info["workers"] == 1 and s.recorded == 4 and s.errors == 0
    assert sorted((r["task"], r["seed"]) for r in read_results(tmp_path / "run")) == [
        ("craft_item/have_stick", 0), ("craft_item/have_stick", 1),
        ("smelt_item/never", 0), ("smelt_item/never", 1)]
