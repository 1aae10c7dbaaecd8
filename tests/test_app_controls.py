"""The app's browser controls -> env actions, and the VPT-format recording of played episodes."""

from __future__ import annotations

import json

import numpy as np
import pytest

from openha.app.controls import KeyMapper, describe, parse_state
from openha.app.recording import DemoRecorder


def state(held=(), taps=None, mx=0.0, my=0.0, **kw) -> str:
    return json.dumps({"held": list(held), "taps": taps or {}, "mx": mx, "my": my, **kw})


def pressed(a) -> set[str]:
    return {k for k, v in a.items() if k != "camera" and v}


def test_held_keys_map_to_minecraft_buttons():
    m = KeyMapper()
    m(state())  # baseline
    a = m(
        state(
            ["KeyW", "Space", "ShiftLeft", "ControlLeft", "Mouse0", "Mouse2"],
            {"KeyW": 1, "Space": 1, "ShiftLeft": 1, "ControlLeft": 1, "Mouse0": 1, "Mouse2": 1},
        )
    )
    assert pressed(a) == {"forward", "jump", "sneak", "sprint", "attack", "use"}
    assert np.all(a["camera"] == 0)


def test_toggle_keys_act_once_per_press_even_if_held_or_tapped_between_ticks():
    m = KeyMapper()
    m(state())
    assert pressed(m(state(["KeyE"], {"KeyE": 1}))) == {"inventory"}
    assert pressed(m(state(["KeyE"], {"KeyE": 1}))) == set()  # still held: no second toggle
    # a tap (down + up) that happened entirely between two ticks still counts once
    assert pressed(m(state([], {"KeyE": 2, "Digit3": 1}))) == {"inventory", "hotbar.3"}
    assert pressed(m(state([], {"KeyE": 2, "Digit3": 1}))) == set()


def test_a_new_press_of_a_button_held_last_tick_is_released_first():
    m = KeyMapper()
    m(state())
    assert pressed(m(state(["Mouse2"], {"Mouse2": 1}))) == {"use"}
    # released and pressed again between ticks: the env must see a release, then a press
    assert pressed(m(state(["Mouse2"], {"Mouse2": 2}))) == set()
    assert pressed(m(state(["Mouse2"], {"Mouse2": 2}))) == {"use"}


def test_the_first_state_is_a_baseline_not_input():
    m = KeyMapper()
    a = m(state([], {"KeyE": 7, "KeyQ": 3}, mx=500, my=-20))
    assert pressed(a) == set() and np.all(a["camera"] == 0)
    m.reset()
    a = m(state([], {"KeyE": 9}, mx=900))
    assert pressed(a) == set() and np.all(a["camera"] == 0)


def test_arrow_keys_and_mouse_look_turn_the_camera():
    m = KeyMapper(camera_step=5.0)
    m(state(mx=100, my=100))
    a = m(state(["ArrowUp", "ArrowRight"], mx=100, my=100))
    assert a["camera"].tolist() == [-5.0, 5.0]  # pitch - looks up
    a = m(state(mx=120, my=90))  # pointer-lock movement since the last tick: +20 px x, -10 px y
    assert a["camera"] == pytest.approx([-10 * 0.15, 20 * 0.15])
    a = m(state(mx=120, my=90))
    assert np.all(a["camera"] == 0)


def test_in_a_gui_the_pointer_position_moves_the_cursor_there():
    from envs.voxel.gui.base import cursor_after

    m = KeyMapper()
    m(state())
    cursor = (320.0, 180.0)
    a = m(state(ax=0.25, ay=0.75), gui_cursor=cursor)
    x, y = cursor_after(*cursor, float(a["camera"][0]), float(a["camera"][1]))
    assert (x, y) == pytest.approx((160.0, 270.0), abs=1e-3)
    a = m(state(ax=0.25, ay=0.75), gui_cursor=None)  # no screen open: the pointer does nothing
    assert np.all(a["camera"] == 0)


def test_bad_control_state_is_nothing_pressed():
    assert parse_state("not json") == {} and parse_state(None) == {} and parse_state("[1]") == {}
    m = KeyMapper()
    assert pressed(m("garbage")) == set()
    assert describe(m(state())) == "no keys"


def test_demo_recorder_writes_three_files_atomically(tmp_path):
    from data_pipeline.sources.contractor import read_jsonl
    from envs.voxel.spaces import noop

    rec = DemoRecorder(tmp_path, "ep", {"task": "x/y"})
    for i in range(5):
        a = noop()
        a["forward"], a["attack"], a["camera"] = 1, i % 2, np.array([0.5, -1.5 * i], np.float32)
        rec.write(
            np.full((36, 64, 3), i * 40, np.uint8),
            a,
            hotbar=i,
            gui_open=i == 3,
            cursor=(100.0, 50.0),
            stats={"custom.jump": i},
        )
    assert not (tmp_path / "ep.jsonl").exists() and not (tmp_path / "ep.json").exists()
    files = rec.close(success=True, stats={"a": np.int64(2)})
    meta = json.loads((tmp_path / "ep.json").read_text())
    assert (
        meta["frames"] == 5
        and meta["task"] == "x/y"
        and meta["success"]
        and meta["stats"] == {"a": 2}
    )
    assert meta["labeller"] == "human" and meta["env"] == "openha/VoxelWorld-v0"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ep.json", "ep.jsonl", "ep.mp4"]
    assert set(files) == {"video", "actions", "meta"}
    lines = [json.loads(x) for x in (tmp_path / "ep.jsonl").read_text().splitlines()]
    assert (
        lines[1]["mouse"]["newButtons"] == [0]
        and lines[3]["isGuiOpen"]
        and lines[3]["mouse"]["x"] == 200
    )
    assert [x["stats"]["custom.jump"] for x in lines] == [0, 1, 2, 3, 4]
    ticks = read_jsonl(
        tmp_path / "ep.jsonl", fix_stuck_attack=False, skip_null=False
    )  # the pipeline's reader
    acts = ticks.actions()
    assert acts["forward"].tolist() == [1] * 5 and acts["attack"].tolist() == [0, 1, 0, 1, 0]
    assert np.allclose(acts["camera"][:, 1], [-1.5 * i for i in range(5)])

    rec = DemoRecorder(tmp_path, "dropped", {})
    rec.write(np.zeros((36, 64, 3), np.uint8), noop(), hotbar=0, gui_open=False)
    rec.abort()
    assert not list(tmp_path.glob("dropped*"))
