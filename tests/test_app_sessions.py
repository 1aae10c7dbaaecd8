"""Per-session logic and callbacks of the Play and Watch tabs, without a browser."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from openha.app.live import AppContext, LiveTabs
from openha.app.play import PlaySession
from openha.app.session import SessionRegistry, close_state
from openha.app.tasks import FREE_PLAY, TaskCatalog
from openha.app.watch import WatchSession, agent_names
from openha.tasks import SuccessCondition, TaskSpec

W, H = 96, 54  # small frames: the logic does not depend on the size
JUMP = TaskSpec(
    id="mine_block/jump_test",
    family="mine_block",
    instruction="Jump once.",
    success=SuccessCondition.from_dict({"custom": {"jump": 1}}),
    max_steps=50,
)


def controls(held=(), taps=None, **kw) -> str:
    return json.dumps({"held": list(held), "taps": taps or {}, "mx": 0, "my": 0, **kw})


def script(n: int = 60) -> list[str]:
    """A deterministic play: walk, turn, jump, attack, open and click in the inventory, hotbar."""
    out, taps = [], {}
    for t in range(n):
        held = ["KeyW"] if t < 25 else []
        if 5 <= t < 12:
            held.append("ArrowRight")
        if t in (10, 11):
            held.append("Space")
        if 14 <= t < 20:
            held.append("Mouse0")
        for code, when in (("KeyE", (30, 45)), ("Digit3", (50,)), ("Mouse0", (36, 40))):
            if t in when:
                taps[code] = taps.get(code, 0) + 1
        out.append(controls(held, dict(taps), ax=0.3 + 0.005 * t, ay=0.6))
    return out


@pytest.fixture(scope="module")
def catalog():
    return TaskCatalog.load()


@pytest.fixture
def live(catalog, tmp_path):
    return LiveTabs(AppContext(catalog, tmp_path / "demos", tmp_path / "runs", width=W, height=H))


def test_play_session_steps_from_controls_and_checks_success():
    s = PlaySession(W, H, min_interval=0, pipelined=False)
    try:
        s.start(JUMP, seed=3)
        assert s.running and s.steps == 0 and not s.success()
        for _ in range(5):
            assert s.tick(controls())
        s.tick(controls(["Space"], {"Space": 1}))
        for _ in range(3):
            s.tick(controls())
        assert s.success() and s.success_step is not None and s.steps == 9
        assert "Success" in s.success_panel() and "play-step-count" in s.status()
    finally:
        s.close()
    assert s.env is None and s.closed


def test_pipelined_ticks_play_the_same_game_one_frame_behind():
    outs = []
    for pipelined in (False, True):
        s = PlaySession(W, H, min_interval=0, pipelined=pipelined)
        s.start(None, seed=5)
        shown = []
        for c in script(40):
            s.tick(c)
            shown.append(s.steps)
        s.flush()
        g = s.env.unwrapped.game
        outs.append((s.steps, g.feet(), g.yaw, dict(s.info["stats"]), shown))
        s.close()
    (n0, pos0, yaw0, st0, shown0), (n1, pos1, yaw1, st1, shown1) = outs
    assert n0 == n1 == 40 and pos0 == pos1 and yaw0 == yaw1 and st0 == st1
    assert shown0[-1] == 40 and shown1[-1] == 39  # the page sees the previous step's frame


def test_the_game_runs_at_most_20_steps_a_second():
    s = PlaySession(W, H, pipelined=False)
    s.start(None, seed=1)
    s.tick(controls())
    assert not s.tick(controls())  # 50 ms have not passed
    assert s.steps == 1
    s.close()


def test_a_recorded_play_replays_to_the_same_state(tmp_path, catalog):
    """The VPT jsonl of a recording, replayed in a fresh env, reproduces the episode exactly."""
    import gymnasium as gym

    import envs  # noqa: F401

    task = catalog.get("craft_item/oak_planks")
    s = PlaySession(W, H, min_interval=0, pipelined=False)
    s.start(task, seed=2, record_to=tmp_path)
    for c in script(60):
        s.tick(c)
    g = s.env.unwrapped.game
    final = (g.feet(), g.pitch, g.yaw, dict(s.info["stats"]), dict(s.obs["inventory"]))
    saved = s.stop_recording()
    s.close()
    meta = json.loads(Path(saved["meta"]).read_text())
    assert meta["frames"] == 60 and meta["task"] == task.id and meta["seed"] == 2
    assert meta["instruction"] == task.instruction and meta["labeller"] == "human"

    from data_pipeline.sources.contractor import read_jsonl

    env = gym.make("openha/VoxelWorld-v0", width=W, height=H)
    obs, info = env.reset(seed=meta["seed"], options={"task": task})
    lines = [json.loads(x) for x in Path(saved["actions"]).read_text().splitlines()]
    assert any(x["isGuiOpen"] for x in lines)  # the script opened the inventory and clicked in it
    assert (
        lines[-1]["stats"] == final[3] and lines[-1]["hotbar"] == 2
    )  # after the step; "3" pressed
    acts = read_jsonl(
        saved["actions"], fix_stuck_attack=False, skip_null=False
    ).actions()  # the pipeline's reader
    for i in range(len(lines)):
        obs, _, _, _, info = env.step({k: v[i] for k, v in acts.items()})
    g = env.unwrapped.game
    assert (g.feet(), g.pitch, g.yaw, dict(info["stats"]), dict(obs["inventory"])) == final


def test_death_ends_the_episode_and_saves_the_recording(tmp_path):
    s = PlaySession(W, H, min_interval=0, pipelined=False)
    s.start(None, seed=1, record_to=tmp_path)
    s.tick(controls())
    s.env.unwrapped.execute_cmd("/kill @p")
    s.tick(controls())
    assert not s.running and s.done.startswith("died")
    assert not s.tick(controls())
    assert s.recorder is None and s.saved and Path(s.saved["video"]).exists()
    s.close()


def test_sessions_do_not_share_state_and_the_registry_frees_them():
    reg = SessionRegistry()
    a, b = (
        PlaySession(W, H, min_interval=0, pipelined=False),
        PlaySession(W, H, min_interval=0, pipelined=False),
    )
    reg.add("alice", a)
    reg.add("bob", b)
    a.start(None, seed=1)
    b.start(None, seed=1)
    for _ in range(3):
        a.tick(controls(["KeyW"]))
    assert (a.steps, b.steps) == (3, 0) and a.env is not b.env
    assert reg.live() == 2
    assert reg.close("alice") == 1 and a.env is None and b.env is not None and reg.live() == 1
    close_state(b)  # gr.State's delete callback
    assert b.env is None and reg.live() == 0
    close_state(None)


def test_watch_session_runs_the_expert_to_success_and_writes_the_video(tmp_path, catalog):
    w = WatchSession(W, H, video_dir=tmp_path)
    w.start("expert", catalog.get("craft_item/stick"), seed=0)
    while w.running:
        assert w.advance(5) > 0
    assert w.done == "success" and 0 < w.steps < 100
    assert w.video_path is not None and w.video_path.stat().st_size > 0
    assert "note" in w.trace_text() and w.action_text()
    w.close()
    assert "expert" in agent_names() and "random" in agent_names()


def test_watch_pacing_and_stop(tmp_path, catalog):
    w = WatchSession(W, H, video_dir=tmp_path)
    w.start("random", catalog.get("mine_block/dirt"), seed=0)
    assert w.advance(3, paced=True) == 3
    assert w.advance(3, paced=True) == 0  # within the same 50 ms frame
    w.stop()
    assert w.done == "stopped" and w.video_path.exists() and not w.running
    w.close()


# -- callbacks ------------------------------------------------------------------------------------
REQ = SimpleNamespace(session_hash="s1")


def test_play_callbacks_start_tick_record_and_report_errors(live, tmp_path):
    out = live.play_start(None, "no_such/task", 0, False, "", REQ)
    assert "unknown task" in out[5] and out[0] is not None  # a message, not an exception
    sess, pov, status, success, inv, msg, timer = live.play_start(
        None, "craft_item/oak_planks", 4, True, str(tmp_path / "d"), REQ
    )
    assert pov.startswith("data:image/jpeg;base64,") and "oak_planks" in success
    assert "Recording to" in msg and timer.active
    sess.min_interval = 0
    frames = [live.play_tick(sess, controls(["KeyW"])) for _ in range(4)]
    assert frames[-1][0].startswith("data:image/jpeg")
    assert live.play_record(sess, str(tmp_path / "d"), REQ)[0].count("saved") == 1
    assert len(list((tmp_path / "d").glob("*.jsonl"))) == 1
    assert "recording" in live.play_record(sess, str(tmp_path / "d"), REQ)[0]  # toggles back on
    live.play_tick(sess, controls())
    live.unload(REQ)  # the tab closes: env freed, the open recording saved
    assert sess.env is None and len(list((tmp_path / "d").glob("*.jsonl"))) == 2
    assert "start an episode" in live.play_record(None, "", REQ)[0]
    assert all(
        isinstance(x, type(live.play_tick(None, "")[0])) for x in live.play_tick(None, "")[:4]
    )


def test_watch_callbacks(live):
    out = live.watch_start(None, "expert", FREE_PLAY, 0, REQ)
    assert "needs a task" in out[8]
    out = live.watch_start(None, "nonexistent-agent", "craft_item/stick", 0, REQ)
    assert "unknown agent" in out[8]
    sess = live.watch_start(None, "expert", "craft_item/stick", 0, REQ)[0]
    timer, button = live.watch_pause(sess)
    assert not timer.active and "Resume" in button.value
    out = live.watch_step(sess)
    assert sess.steps == 1 and "watch-step-count" in out[1]
    timer, button = live.watch_pause(sess)
    assert timer.active and "Pause" in button.value
    for _ in range(100):
        sess._last_frame = 0.0
        out = live.watch_tick(sess, 5)
        if not sess.running:
            break
    assert sess.done == "success" and out[6] and out[7].active is False
    live.unload(REQ)
    assert sess.env is None


def test_a_broken_task_file_is_a_message_and_free_play_still_works(tmp_path):
    bad = tmp_path / "tasks" / "craft_item"
    bad.mkdir(parents=True)
    (bad / "broken.yaml").write_text("id: craft_item/broken\nfamily: craft_item\n")
    cat = TaskCatalog.load(tmp_path / "tasks")
    assert "could not load the benchmark tasks" in cat.error and "broken.yaml" in cat.error
    assert cat.choices() == [("▶ free play (no task)", FREE_PLAY)] and cat.get(FREE_PLAY) is None
    with pytest.raises(KeyError, match="unknown task"):
        cat.get("craft_item/broken")


def test_the_app_builds_and_shows_a_broken_suite(tmp_path):
    import gradio as gr

    from openha.app import build_app

    (tmp_path / "t" / "mine_block").mkdir(parents=True)
    (tmp_path / "t" / "mine_block" / "x.yaml").write_text("{not yaml")
    demo = build_app(tasks_root=tmp_path / "t", runs_dir=tmp_path / "missing")
    assert isinstance(demo, gr.Blocks) and demo.openha.catalog.error
    assert np.all(np.array([demo.openha.registry.live()]) == 0)


def test_app_module_is_importable():
    import gradio as gr

    import app

    assert isinstance(app.demo, gr.Blocks)


def test_openha_app_command(monkeypatch):
    import typer
    from typer.testing import CliRunner

    from openha import cli_app

    calls = {}
    monkeypatch.setattr("openha.app.ui.launch", lambda demo, **kw: calls.update(kw, demo=demo))
    cli = typer.Typer()
    cli.command("app")(cli_app.app_command)
    cli.command("other")(lambda: None)  # a group, as in `openha`
    res = CliRunner().invoke(cli, ["app", "--port", "7999", "--runs", "nowhere"])
    assert res.exit_code == 0, res.output
    assert calls["host"] == "127.0.0.1" and 7999 <= calls["port"] < 8049
    assert calls["demo"].openha.runs_dir.name == "nowhere"
