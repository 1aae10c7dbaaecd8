"""VPT contractor data: jsonl → MineRL actions with VPT's loader rules, and a folder build."""

from __future__ import annotations

import json

import numpy as np
import pytest

pytest.importorskip("h5py")

from data_helpers import vpt_tick, write_video  # noqa: E402

from data_pipeline.jobs import build  # noqa: E402
from data_pipeline.schema import ShardReader, validate  # noqa: E402
from data_pipeline.sources.contractor import draw_cursor, read_jsonl  # noqa: E402
from data_pipeline.stages import BuildConfig  # noqa: E402

# tick: what it tests
TICKS = [
    vpt_tick(
        buttons=[0], new_buttons=[0]
    ),  # 0 attack stuck from the start → cleared → null → dropped
    vpt_tick(keys=["key.keyboard.w"], buttons=[0]),  # 1 still stuck: forward only
    vpt_tick(dx=5, dy=-3),  # 2 camera = (dy, dx) · 0.15 = (-0.45, 0.75), float
    vpt_tick(),  # 3 null → dropped
    vpt_tick(buttons=[0], new_buttons=[0]),  # 4 attack pressed again → no longer stuck
    vpt_tick(hotbar=3),  # 5 scroll wheel to slot 3 → hotbar.4 (kept although no key)
    vpt_tick(
        keys=["key.keyboard.f3", "key.keyboard.e"], buttons=[1, 2], gui=True, x=300, y=200, hotbar=3
    ),  # 6
    None,  # 7 broken line
    vpt_tick(
        keys=["key.keyboard.left.control", "key.keyboard.f3"], hotbar=3
    ),  # 8 sprint; hotbar same
]


def write_jsonl(path, ticks):
    path.write_text("\n".join("{broken" if t is None else json.dumps(t) for t in ticks) + "\n")


def test_jsonl_rules(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", TICKS)
    t = read_jsonl(tmp_path / "a.jsonl")
    acts = t.actions()
    assert t.keep.tolist() == [False, True, True, False, True, True, True, False, True]
    assert acts["attack"].tolist() == [
        0,
        0,
        0,
        0,
        1,
        0,
        0,
        0,
        0,
    ]  # stuck attack cleared until re-pressed
    assert t.stuck_attack_cleared == 2
    assert acts["forward"][1] == 1
    assert acts["camera"].dtype == np.float32
    np.testing.assert_allclose(acts["camera"][2], [-0.45, 0.75], rtol=1e-6)  # not truncated to ints
    assert acts["hotbar.4"].tolist() == [0, 0, 0, 0, 0, 1, 0, 0, 0]  # scroll change, once
    assert (acts["inventory"][6], acts["use"][6], acts["pickItem"][6]) == (1, 1, 1)
    assert acts["sprint"][8] == 1
    assert t.unknown_keys == {"key.keyboard.f3": 2}
    assert t.null == 2
    assert len(t.broken) == 1 and t.broken[0].startswith(f"{tmp_path / 'a.jsonl'}:8: ")
    assert t.cursor[6].tolist() == [300, 200] and t.cursor[5].tolist() == [-1, -1]


def test_cursor_is_drawn_at_scaled_position():
    frame = np.zeros((360, 640, 3), np.uint8)
    draw_cursor(frame, 300, 200)  # 720p coords → (150, 100) at 360p
    ys, xs = np.nonzero(frame.max(axis=2) == 255)
    assert ys.min() >= 100 and xs.min() >= 150 and ys.max() < 116 and xs.max() < 166


def test_vpt_folder_builds(tmp_path):
    src = tmp_path / "contractor"
    src.mkdir()
    write_video(src / "cheeky-cornflower-setter-abc.mp4", len(TICKS), size=(64, 36))
    write_jsonl(src / "cheeky-cornflower-setter-abc.jsonl", TICKS)
    report = build([src], BuildConfig(out=str(tmp_path / "out"), source="vpt", resolution=(32, 32)))
    assert report.built == 1, report.skipped
    shard = tmp_path / "out" / "shards" / "cheeky-cornflower-setter-abc.h5"
    assert validate(shard) == []
    with ShardReader(shard) as r:
        ep = r.episodes()[0]
        ticks = r.file[f"data/{ep}/obs/tick"][()]
        acts = r.actions(ep)
        attrs = r.attrs(ep)
        pov = r.frames(ep)
    assert ticks.tolist() == [1, 2, 4, 5, 6, 8]  # null and broken ticks dropped with their frames
    assert acts["attack"].tolist() == [0, 0, 1, 0, 0, 0]
    assert acts["hotbar.4"].tolist() == [0, 0, 0, 1, 0, 0]
    assert pov.shape == (6, 32, 32, 3)
    assert attrs["labeller"] == "contractor" and json.loads(attrs["unknown_keys"]) == {
        "key.keyboard.f3": 2
    }
    assert attrs["n_broken_lines"] == 1 and ":8:" in json.loads(attrs["broken_lines"])[0]
