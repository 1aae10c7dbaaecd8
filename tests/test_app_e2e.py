"""End to end in a real headless browser: Playwright (pip) drives Debian's Chromium
(`apt-get install chromium`) against the app served on a free localhost port.

Play: pick a task by searching, start it with recording on, press keys, see the view change and the
step counter advance, open the inventory, save the recording. Watch: the expert plays a short task
to success. Results and Datasets: a run and the recorded demonstration are browsed. Screenshots go
to `test-artifacts/app/`.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "app"
CHROMIUM = os.environ.get("OPENHA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="playwright is not installed (pip install playwright; see README set-up)",
)
if not Path(CHROMIUM).exists():
    pytest.skip(
        f"no Chromium at {CHROMIUM} (apt-get install chromium; see README set-up)",
        allow_module_level=True,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _eval_run(runs: Path) -> Path:
    """A real `openha eval` run (in-process, expert, 2 short tasks, videos) and its report."""
    from openha.eval import EvalConfig, run_eval
    from openha.eval.report import write_report

    run = runs / "expert-smoke"
    summary = run_eval(
        EvalConfig(
            out=run,
            tasks="craft_item/stick,mine_block/dirt",
            agent="expert",
            seeds=[0],
            workers=0,
            width=160,
            height=90,
            video=1,
        )
    )
    assert summary.recorded == 2
    write_report(run)
    return run


def _warm_up() -> None:
    """Load (or compile: ~30 s on a fresh checkout) the renderer's JIT code before any timing."""
    from envs.voxel.spaces import noop
    from openha.app.session import make_env

    env = make_env(640, 360)
    env.reset(seed=0)
    env.step(noop())
    env.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from openha.app import build_app

    tmp = tmp_path_factory.mktemp("app")
    _warm_up()
    _eval_run(tmp / "runs")
    demo = build_app(datasets_dir=tmp / "demos", runs_dir=tmp / "runs")
    port = _free_port()
    demo.queue(default_concurrency_limit=4)
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        yield demo, f"http://127.0.0.1:{port}", tmp
    finally:
        demo.close()


@pytest.fixture(scope="module")
def page(server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(server[1])
        pg.wait_for_selector("#play-start", timeout=30_000)
        yield pg
        browser.close()
        assert not errors, f"JavaScript errors in the page: {errors}"


def _int(page, selector: str) -> int:
    return int(page.inner_text(selector))


def _wait(cond, timeout: float, what: str, every: float = 0.1):
    timeout *= 3  # generous: a loaded 2-core CI machine serves the app slowly
    t0 = time.time()
    while time.time() - t0 < timeout:
        v = cond()
        if v:
            return v
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _pick(page, dropdown: str, text: str) -> None:
    """Choose in a filterable Gradio dropdown by typing and picking the first match."""
    box = page.locator(f"#{dropdown} input")
    box.click()
    box.fill("")
    page.keyboard.type(text, delay=10)
    page.locator("[data-testid=dropdown-option]", has_text=text).first.click()


def test_play_keys_move_the_view_and_record(page, server):
    demo, _, tmp = server
    _pick(page, "play-task", "oak planks in your inventory")  # search matches instructions too
    page.locator("#play-record-start input").check()
    page.click("#play-start")
    _wait(lambda: _int(page, "#play-step-count") > 5, 30, "the Play view to start ticking")
    assert "craft_item/oak_planks" in page.inner_text("#play-success")

    page.click("#play-pov img")  # focus the game, attack once
    s0, src0 = _int(page, "#play-step-count"), page.get_attribute("#play-pov img", "src")
    t0 = time.time()
    page.keyboard.down("KeyW")
    page.keyboard.down("ArrowRight")
    time.sleep(1.5)
    page.keyboard.up("KeyW")
    page.keyboard.up("ArrowRight")
    s1, src1 = _int(page, "#play-step-count"), page.get_attribute("#play-pov img", "src")
    fps = (s1 - s0) / (time.time() - t0)
    print(f"Play frame rate in the browser: {fps:.1f} fps (640x360)")
    assert s1 > s0 and src1 != src0, "keys did not advance the game or change the view"
    assert fps >= 3, f"the live view runs at {fps:.1f} fps"
    page.screenshot(path=str(ARTIFACTS / "play.png"), full_page=True)

    page.keyboard.press("KeyE")  # inventory screen
    _wait(lambda: "GUI: inventory" in page.inner_text("#play-status"), 5, "the inventory screen")
    page.screenshot(path=str(ARTIFACTS / "play-inventory.png"), full_page=True)
    page.keyboard.press("KeyE")
    _wait(lambda: "GUI:" not in page.inner_text("#play-status"), 5, "the inventory to close")

    page.click("#play-record")  # stop and save the recording
    _wait(lambda: "saved" in page.inner_text("#play-msg"), 10, "the recording to be saved")
    metas = list((tmp / "demos").glob("*.json"))
    assert len(metas) == 1
    meta = json.loads(metas[0].read_text())
    lines = metas[0].with_suffix(".jsonl").read_text().splitlines()
    assert meta["task"] == "craft_item/oak_planks" and meta["frames"] == len(lines) > 10
    assert metas[0].with_suffix(".mp4").stat().st_size > 0
    keys = [json.loads(x)["keyboard"]["keys"] for x in lines]
    assert any("key.keyboard.w" in k for k in keys) and any("key.keyboard.e" in k for k in keys)


def test_watch_expert_finishes_a_short_task(page, server):
    page.get_by_role("tab", name="Watch").click()
    page.wait_for_selector("#watch-start", state="visible")
    assert page.input_value("#watch-agent input") == "expert"
    assert "mine_block" in page.input_value("#watch-task input")
    page.click("#watch-start")
    _wait(
        lambda: page.query_selector("#watch-success [data-success='1']"),
        60,
        "the expert to succeed",
    )
    _wait(
        lambda: "done: success" in page.inner_text("#watch-status"), 10, "the status to say success"
    )
    steps = _int(page, "#watch-step-count")
    assert 0 < steps < 1200
    assert "note:" in page.input_value("#watch-trace textarea")
    assert page.input_value("#watch-action textarea")
    _wait(lambda: page.query_selector("#watch-video a"), 10, "the episode video link")
    page.screenshot(path=str(ARTIFACTS / "watch.png"), full_page=True)


def test_results_and_datasets_tabs(page, server):
    page.get_by_role("tab", name="Results").click()
    page.wait_for_selector("#results-families", state="visible")
    _wait(lambda: "2 episodes" in page.inner_text("#results-msg"), 30, "the run to load")
    fam = page.inner_text("#results-families")
    assert "mine_block" in fam and "craft_item" in fam and "100" in fam
    page.locator("#results-episodes").get_by_text("mine_block/dirt").first.click()
    _wait(
        lambda: "mine_block/dirt seed 0: success" in page.inner_text("#results-msg"),
        15,
        "the episode video to open",
    )
    assert '"step"' in page.input_value("#results-trace textarea")
    src0 = page.get_attribute("#results-player img", "src")
    page.click("#results-play")
    _wait(lambda: page.get_attribute("#results-player img", "src") != src0, 10, "the video to play")
    page.screenshot(path=str(ARTIFACTS / "results.png"), full_page=True)

    page.get_by_role("tab", name="Datasets").click()
    page.wait_for_selector("#ds-episode", state="visible")
    page.locator("button:has-text('list episodes')").click()
    _wait(
        lambda: "oak_planks" in page.input_value("#ds-episode input"),
        30,
        "the recorded demo to be listed",
    )
    _wait(lambda: page.query_selector("#ds-timeline [data-start]"), 15, "the goal timeline")
    assert "oak planks" in page.inner_text("#ds-timeline").lower()
    src0 = page.get_attribute("#ds-player img", "src")
    page.click("#ds-play")
    _wait(lambda: page.get_attribute("#ds-player img", "src") != src0, 10, "the demo to play")
    _wait(
        lambda: int(page.input_value("#ds-frame input[type=number]")) > 5,
        10,
        "the frame slider to follow",
    )
    page.screenshot(path=str(ARTIFACTS / "datasets.png"), full_page=True)
    page.click("#ds-play")  # pause, then jump to the goal segment's start from the timeline
    page.locator("#ds-timeline li[data-start]").first.click()
    _wait(
        lambda: page.input_value("#ds-frame input[type=number]") == "0", 10, "the timeline to seek"
    )


def test_closing_the_page_frees_the_envs(server, page):
    demo = server[0]
    assert demo.openha.registry.live() >= 2  # Play and Watch envs of this browser session
    page.close()
    _wait(
        lambda: demo.openha.registry.live() == 0, 20, "the session's envs to be closed", every=0.25
    )
