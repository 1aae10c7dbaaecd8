"""Results and Datasets tabs: reading runs and demonstrations, the episode player, error messages."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from openha.app import datasets, panels, results
from openha.app.browse import BrowseTabs
from openha.app.live import AppContext
from openha.app.player import ArraySource, Player, VideoSource, close_player
from openha.app.tasks import TaskCatalog

ROWS = [
    {
        "task": "mine_block/dirt",
        "family": "mine_block",
        "seed": 0,
        "success": True,
        "steps": 20,
        "reason": "success",
        "video": "v/a.mp4",
        "trace": "t/a.jsonl",
    },
    {
        "task": "mine_block/dirt",
        "family": "mine_block",
        "seed": 1,
        "success": False,
        "steps": 1200,
        "reason": "timeout",
    },
    {
        "task": "craft_item/stick",
        "family": "craft_item",
        "seed": 0,
        "success": True,
        "steps": 9,
        "reason": "success",
    },
]


def video(path: Path, n: int = 12, size=(36, 64)) -> Path:
    from openha.video import VideoWriter

    with VideoWriter(path) as v:
        for i in range(n):
            v.write(np.full((*size, 3), (8 * i) % 256, np.uint8))
    return path


@pytest.fixture
def run(tmp_path) -> Path:
    """A run written through the eval results store (what `openha eval` writes)."""
    from openha.eval import ResultStore

    r = tmp_path / "runs" / "r1"
    video(r / "v" / "a.mp4")
    (r / "t").mkdir()
    (r / "t" / "a.jsonl").write_text('{"step": 0, "plan": "find dirt"}\n')
    with ResultStore(r) as store:
        store.begin({"agent": "expert", "tasks": "mine_block,craft_item/stick"}, resume=False)
        for row in ROWS:
            store.record({**row, "status": "done", "attempt": 0})
    return r


@pytest.fixture
def browse(tmp_path):
    return BrowseTabs(AppContext(TaskCatalog(), tmp_path / "demos", tmp_path / "runs"))


def test_read_a_run_and_build_the_family_table(run):
    assert results.list_runs(run.parent) == [str(run)] == results.list_runs(run)
    eps = results.read_episodes(run)
    assert sorted(e["family"] for e in eps) == ["craft_item", "mine_block", "mine_block"]
    first = next(e for e in eps if e["video"])
    assert first["video"] == str(run / "v" / "a.mp4") and first["trace"] == str(
        run / "t" / "a.jsonl"
    )
    assert "find dirt" in results.trace_preview(first["trace"])
    table = {r["family"]: r for r in results.family_table(eps)}
    assert (
        table["mine_block"]["success %"] == 50.0
        and table["mine_block"]["mean steps (success)"] == 20
    )
    assert table["all"]["episodes"] == 3 and table["all"]["successes"] == 2
    lo, hi = results.wilson(1, 2)
    assert 0 < lo < 0.5 < hi < 1
    assert results.run_info(run)["agent"] == "expert"


def test_missing_and_empty_runs_are_errors_with_a_fix(tmp_path):
    with pytest.raises(results.RunError, match="does not exist"):
        results.read_episodes(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(results.RunError, match="openha eval"):
        results.read_episodes(tmp_path / "empty")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "results.sqlite").write_text("this is not a database")
    with pytest.raises(results.RunError, match="cannot read"):
        results.read_episodes(tmp_path / "bad")


def test_results_callbacks_show_messages_for_missing_runs(browse, run, tmp_path):
    dd, msg = browse.results_runs(str(tmp_path / "nowhere"))
    assert "no `openha eval` runs" in msg and dd.choices == []
    dd, msg = browse.results_runs(str(run.parent))
    assert dd.value == str(run)
    *_, msg = browse.results_load(str(tmp_path / "gone"))
    assert "does not exist" in msg
    fams, plot, images, table, eps, msg = browse.results_load(str(run))
    assert "agent expert, 3 episodes, 2 successes" in msg
    assert sorted(plot["family"]) == ["craft_item", "mine_block"]
    row = [i for i, e in enumerate(eps) if e["video"]][0]
    assert table["video"][row] == "a.mp4"
    player, pov, slider, file, trace, msg = browse.results_select(
        eps, None, SimpleNamespace(index=[row, 2])
    )
    assert isinstance(player, Player) and len(player) == 12 and pov.startswith("data:image/jpeg")
    assert slider.maximum == 11 and file == str(run / "v" / "a.mp4") and "find dirt" in trace
    other = next(i for i, e in enumerate(eps) if not e["video"])
    *_, msg = browse.results_select(eps, player, SimpleNamespace(index=[other, 0]))
    assert "no video was recorded" in msg
    close_player(player)


def test_player_plays_in_real_time_and_seeks(tmp_path):
    p = Player(VideoSource(video(tmp_path / "x.mp4", n=30)))
    b = BrowseTabs(AppContext(TaskCatalog(), tmp_path, tmp_path))
    timer, button = b.player_toggle(p)
    assert timer.active and p.playing
    p.last_tick -= 0.5  # half a second at 20 fps -> 10 frames on
    img, pos, *_ = b.player_tick(p)
    assert pos == 10 and img.startswith("data:image/jpeg")
    assert np.array_equal(p.source.frame(3), p.source.frame(3))
    b.player_seek(p, 28)
    p.last_tick -= 1.0
    _, pos, timer, button = b.player_tick(p)
    assert pos == 29 and not p.playing and not timer.active and "Play" in button.value
    assert b.timeline_click(p, SimpleNamespace(_data={"frame": 5}))[1] == 5
    p.close()


def test_demonstrations_are_listed_with_the_pipelines_goal_segments(tmp_path):
    """A recording's goal segments are the data pipeline's: cut where counters go up."""
    from envs.voxel.spaces import noop
    from openha.app.recording import DemoRecorder

    rec = DemoRecorder(
        tmp_path / "demos", "ep1", {"task": "mine_block/dirt", "instruction": "Dig."}
    )
    for i in range(8):
        a = noop()
        a["forward"] = 1
        stats = {"mine_block.dirt": int(i >= 3), "pickup.dirt": int(i >= 5)}
        rec.write(np.full((36, 64, 3), 30 * i, np.uint8), a, hotbar=0, gui_open=False, stats=stats)
    rec.close(success=True)
    (tmp_path / "demos" / "junk.json").write_text("{}")  # metadata without a video: ignored
    eps, notes = datasets.list_episodes(tmp_path / "demos")
    assert len(eps) == 1 and "mine_block/dirt ✓" in eps[0][0] and not notes
    src, info = datasets.open_episode(eps[0][1])
    assert len(src) == 8
    segs = info["segments"]
    assert [(g["start"], g["end"], g["success"]) for g in segs] == [(0, 6, True), (6, 8, False)]
    assert "dirt" in segs[0]["goal"] and segs[1]["goal"] == "Dig."
    assert info["actions"]["ticks"] == 8 and info["actions"]["forward"] == 8
    html = panels.timeline_html(segs, info["frames"])
    assert html.count("data-start=") == 4 and "Dig." in html
    src.close()
    eps, notes = datasets.list_episodes(tmp_path / "nothing")
    assert not eps and "does not exist" in notes[0]


def test_hdf5_shards_are_browsed_or_explained(tmp_path, monkeypatch, browse):
    pytest.importorskip("h5py")
    from data_pipeline.schema import Episode, Goal, write_shard

    pov = np.random.default_rng(0).integers(0, 255, (10, 24, 32, 3), dtype=np.uint8)
    attrs = {
        "source": "test",
        "fps": 20,
        "resolution": [32, 24],
        "labeller": "none",
        "env_version": "0",
        "seed": 0,
    }
    write_shard(
        tmp_path / "demos" / "s.h5",
        [
            Episode(
                "e0",
                pov,
                goals=[Goal("chop a tree", 0, 9, True, "mine_block.oak_log")],
                attrs=attrs,
            )
        ],
    )
    dd, msg = browse.datasets_list(str(tmp_path / "demos"))
    assert dd.value.startswith("h5::") and "1 episode" in msg
    player, pov_url, slider, timeline, meta, acts, files, msg = browse.datasets_open(dd.value, None)
    assert len(player) == 10 and np.array_equal(player.image(), pov[0]) and slider.maximum == 9
    assert (
        "chop a tree" in timeline
        and meta["source"] == "test"
        and files == [str(tmp_path / "demos" / "s.h5")]
    )
    close_player(player)

    monkeypatch.setattr(datasets, "h5py_available", lambda: False)
    eps, notes = datasets.list_episodes(tmp_path / "demos")
    assert not eps and "h5py is not installed" in notes[0]
    *_, msg = browse.datasets_open("h5::x.h5::e0", None)
    assert "h5py is not installed" in msg


def test_array_source_clamps():
    s = ArraySource(np.zeros((3, 4, 4, 3), np.uint8), fps=10)
    assert len(s) == 3 and s.frame(99).shape == (4, 4, 3) and s.fps == 10
