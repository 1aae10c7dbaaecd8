"""`openha serve`: a real server process (Ray Serve, tiny random LLaVA saved to tmp) answering the
`openai` planner, batching concurrent requests, rejecting bad bodies; plus its pure helpers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import numpy as np
import pytest
from eval_helpers import free_port, ray_env

from openha.planners import make_planner
from openha.serve.app import ServeConfig, _check_body, completion_payload
from openha.tasks import load_suite


def test_request_checks_and_response_shape(tmp_path):
    assert _check_body({"messages": [{"role": "user", "content": "hi"}]}) is None
    assert "messages" in _check_body({"messages": []})
    assert "messages[0]" in _check_body({"messages": [{"content": "x"}]})
    assert "max_tokens" in _check_body({"messages": [{"role": "user", "content": "x"}], "max_tokens": -1})
    body = completion_payload("m", "Skill: mine(oak_log)", 3, 4)
    assert body["choices"][0]["message"]["content"] == "Skill: mine(oak_log)"
    assert body["object"] == "chat.completion" and body["usage"]["total_tokens"] == 7
    with pytest.raises(ValueError, match="config.json"):
        ServeConfig(model=str(tmp_path))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from openha.planners.tiny import save_tiny_llava

    model = save_tiny_llava(tmp_path_factory.mktemp("serve") / "tiny-llava")
    port = free_port()
    log = tmp_path_factory.mktemp("serve-log") / "serve.log"
    cmd = [sys.executable, "-m", "openha.cli_serve", "--model", str(model), "--port", str(port),
           "--max-batch", "8", "--batch-wait-ms", "200", "--max-new-tokens", "16"]
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=ray_env(), start_new_session=True)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.time() + 240
    try:
        while time.time() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"openha serve exited: {log.read_text()[-2000:]}")
            if "serving tiny-llava" in log.read_text():
                break
            time.sleep(1)
        else:
            pytest.fail(f"openha serve did not start in 240 s: {log.read_text()[-2000:]}")
        yield url
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


@pytest.mark.slow
def test_openai_planner_against_a_real_openha_serve(server):
    task = next(t for t in load_suite() if t.id == "long_horizon/wooden_pickaxe")
    obs = {"pov": np.full((72, 128, 3), 90, np.uint8), "inventory": {}}
    planner = make_planner(f"openai:{server}#tiny-llava", max_tokens=12, timeout_s=60)
    plan = planner.plan(task, obs, {"stats": {}})
    assert isinstance(plan.text, str) and (plan.subgoals or plan.errors)
    assert not any("tries failed" in e or "HTTP" in e for e in plan.errors)
    models = httpx.get(f"{server}/models").json()
    assert models["data"][0]["id"] == "tiny-llava"

    def one(i):
        o = {**obs, "inventory": {"stick": i + 1}}
        return make_planner(f"openai:{server}#tiny-llava", max_tokens=8, timeout_s=60).plan(task, o, {"stats": {}})

    with ThreadPoolExecutor(6) as ex:
        plans = list(ex.map(one, range(6)))
    assert all(isinstance(p.text, str) for p in plans)
    batches = httpx.get(server.removesuffix("/v1") + "/health").json()["batches"]
    assert max(batches) > 1  # concurrent requests shared a generate call
    bad = httpx.post(f"{server}/chat/completions", json={"messages": "hello"})
    assert bad.status_code == 400 and "messages" in bad.json()["error"]["message"]
