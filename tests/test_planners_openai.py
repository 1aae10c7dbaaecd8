"""The `openai` planner against small stdlib HTTP servers that answer well, hang, fail with 500,
send garbage, fail then recover, or count concurrent requests; and its replay cache."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from openha.planners import make_planner
from openha.tasks import load_suite

GOOD = "Skill: mine(oak_log, 2)\nSkill: craft(oak_planks, 8)"


class Server:
    """A local HTTP server whose POST behaviour is `mode`; records requests and concurrency."""

    def __init__(self, mode: str):
        self.mode, self.hits, self.bodies = mode, 0, []
        self.inflight = self.max_inflight = 0
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(n))
                with outer.lock:
                    outer.hits += 1
                    outer.bodies.append(body)
                    outer.inflight += 1
                    outer.max_inflight = max(outer.max_inflight, outer.inflight)
                    hit = outer.hits
                try:
                    outer.respond(self, hit)
                finally:
                    with outer.lock:
                        outer.inflight -= 1

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def respond(self, h, hit: int) -> None:
        mode = self.mode
        if mode == "flaky":
            mode = "500" if hit <= 2 else "good"
        if mode == "hang":
            time.sleep(3)
            return
        if mode == "500":
            return self._send(h, 500, b"boom")
        if mode == "garbage":
            return self._send(h, 200, b"\x00not json{{")
        if mode == "wrong_shape":
            return self._send(h, 200, json.dumps({"choices": []}).encode())
        if mode == "slow":
            time.sleep(0.3)
        reply = {"choices": [{"index": 0, "message": {"role": "assistant", "content": GOOD}}]}
        self._send(h, 200, json.dumps(reply).encode())

    @staticmethod
    def _send(h, code: int, data: bytes) -> None:
        h.send_response(code)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(request):
    s = Server(request.param)
    yield s
    s.close()


@pytest.fixture(scope="module")
def task():
    return next(t for t in load_suite() if t.id == "long_horizon/wooden_pickaxe")


OBS = {"pov": np.full((36, 64, 3), 120, np.uint8), "inventory": {}}


def planner(server, **kw):
    kw.setdefault("backoff_s", 0.01)
    return make_planner(f"openai:{server.url}#test-model", **kw)


@pytest.mark.parametrize("server", ["good"], indirect=True)
def test_good_server_gives_a_plan_with_the_image_sent(server, task):
    plan = planner(server).plan(task, OBS, {"stats": {}})
    assert [s.target for s in plan.subgoals] == ["oak_log", "oak_planks"] and not plan.errors
    body = server.bodies[0]
    assert body["model"] == "test-model"
    parts = body["messages"][1]["content"]
    assert parts[0]["image_url"]["url"].startswith("data:image/png;base64,")


@pytest.mark.parametrize("server", ["hang"], indirect=True)
def test_hanging_server_times_out_and_is_recorded(server, task):
    t0 = time.perf_counter()
    plan = planner(server, timeout_s=0.3, retries=1).plan(task, OBS, {"stats": {}})
    assert time.perf_counter() - t0 < 2.5
    assert plan.subgoals == [] and "timeout" in plan.errors[0] and server.hits == 2


@pytest.mark.parametrize("server", ["500", "garbage", "wrong_shape"], indirect=True)
def test_failing_server_is_retried_then_recorded(server, task):
    plan = planner(server, retries=2).plan(task, OBS, {"stats": {}})
    assert plan.subgoals == [] and server.hits == 3
    assert "3 tries failed" in plan.errors[0]


@pytest.mark.parametrize("server", ["flaky"], indirect=True)
def test_retries_with_backoff_recover(server, task):
    t0 = time.perf_counter()
    plan = planner(server, retries=3, backoff_s=0.1).plan(task, OBS, {"stats": {}})
    assert len(plan.subgoals) == 2 and server.hits == 3
    assert time.perf_counter() - t0 >= 0.1 + 0.2  # backoff doubles


@pytest.mark.parametrize("server", ["slow"], indirect=True)
def test_concurrency_limit_per_endpoint(server, task):
    def one(_):
        return planner(server, max_concurrency=2).plan(task, OBS, {"stats": {}})

    with ThreadPoolExecutor(6) as ex:
        plans = list(ex.map(one, range(6)))
    assert all(len(p.subgoals) == 2 for p in plans)
    assert server.max_inflight <= 2 and server.hits == 6


@pytest.mark.parametrize("server", ["good"], indirect=True)
def test_cache_replays_without_the_server(server, task, tmp_path):
    first = planner(server, cache_dir=str(tmp_path)).plan(task, OBS, {"stats": {}})
    assert server.hits == 1 and len(list(tmp_path.glob("*.json"))) == 1
    server.close()
    again = planner(server, cache_dir=str(tmp_path), retries=0, timeout_s=0.5).plan(task, OBS, {"stats": {}})
    assert again.text == first.text and not again.errors
    other = {**OBS, "inventory": {"stick": 1}}  # a different request misses the cache
    miss = planner(server, cache_dir=str(tmp_path), retries=0, timeout_s=0.5).plan(task, other, {"stats": {}})
    assert miss.subgoals == [] and miss.errors
