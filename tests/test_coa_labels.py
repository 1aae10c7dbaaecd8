"""CoA data: targets in every space parse back exactly, the grounding point lands on the block it
names, decision windows execute as labelled, and shards validate through the schema module."""

from __future__ import annotations

import numpy as np
import pytest

from openha.actions import get
from openha.actions.env import noop as make_noop
from openha.actions.grounding import to_pixel
from openha.coa import labels
from openha.coa.data import EXTRA, CoADataConfig, make_coa_dataset


@pytest.fixture(scope="module")
def coa_data(tmp_path_factory):
    out = tmp_path_factory.mktemp("coa")
    cfg = CoADataConfig(out=str(out), tasks="mine_block/oak_log,kill_entity/chicken", episodes=1,
                        max_steps=120, size=56)  # fmt: skip
    summary = make_coa_dataset(cfg)
    return out, summary


def test_dataset_is_written_validated_and_resumable(coa_data):
    from data_pipeline.schema import ShardReader, validate

    out, summary = coa_data
    assert summary["written"] == 2 and summary["decisions"] > 5
    shards = sorted((out / "shards").glob("*.h5"))
    for path in shards:
        assert validate(path) == []
        with ShardReader(path) as r:
            ep = r.episodes()[0]
            extra = r.extra(ep, EXTRA)
            assert set(labels.SPACES) <= set(extra)
            assert np.all(np.diff(extra["frame"]) == 4) and extra["frame"][0] == 0
            assert extra["frame"][-1] < r.length(ep)
    again = make_coa_dataset(CoADataConfig(out=str(out), tasks="mine_block/oak_log,kill_entity/chicken",
                                           episodes=1, max_steps=120, size=56))  # fmt: skip
    assert again["skipped"] == 2 and again["written"] == 0


def test_every_target_round_trips_through_its_parser(coa_data):
    from data_pipeline.schema import ShardReader

    out, _ = coa_data
    strict_coa, tokens = get("coa", strict=True), get("tokens")
    seen = set()
    for path in sorted((out / "shards").glob("*.h5")):
        with ShardReader(path) as r:
            extra = r.extra(r.episodes()[0], EXTRA)
        for space in ("text", "motion", "grounding", "skill"):
            for text in extra[space]:
                parsed = strict_coa.parse(text)
                assert strict_coa.format(parsed) == text
                seen.add((space, type(parsed.step).__name__))
        for text in extra["tokens"]:
            assert tokens.format(tokens.parse(text)) == text
        verbs = {get("grounding").parse(t).verb for t in extra["grounding"]}
        assert verbs & {"Mine", "Kill", "Approach"}, verbs
    assert ("grounding", "GroundingAction") in seen and ("motion", "MotionAction") in seen
    assert ("skill", "SkillAction") in seen


@pytest.mark.parametrize("right", [0.0, 1.5, -1.2])
def test_grounding_point_lands_on_the_block_in_front(right):
    """Place a block ahead (and to the side), render before/after: the projected point is one of
    the pixels that changed, i.e. inside the block's pixels."""
    from openha.experts import make_env
    from openha.tasks import load_suite

    env = make_env(128, 128)
    task = load_suite().get("mine_block/oak_log")
    obs, _ = env.reset(seed=3, options={"task": task})
    game = env.unwrapped.game
    game.pitch, game.yaw = 10.0, 30.0
    noop = make_noop()
    before, *_ = env.step(noop)
    eye = game.eye()
    fx, fy, fz = (-np.sin(np.radians(game.yaw)) * np.cos(np.radians(game.pitch)),
                  -np.sin(np.radians(game.pitch)),
                  np.cos(np.radians(game.yaw)) * np.cos(np.radians(game.pitch)))  # fmt: skip
    rx, rz = -np.cos(np.radians(game.yaw)), -np.sin(np.radians(game.yaw))
    centre = (eye[0] + 3.5 * fx + right * rx, eye[1] + 3.5 * fy, eye[2] + 3.5 * fz + right * rz)
    block = tuple(int(np.floor(c)) for c in centre)
    for s in np.linspace(0.0, 1.0, 40):  # clear the line of sight (grass, leaves)
        cell = tuple(int(np.floor(eye[i] + s * (block[i] + 0.5 - eye[i]))) for i in range(3))
        if cell != block:
            game.world.set(*cell, 0)
    before, *_ = env.step(noop)
    game.world.set(*block, game.gd.block("gold_block"))
    after, *_ = env.step(noop)
    point = labels.project(game.eye(), game.pitch, game.yaw, [b + 0.5 for b in block])
    assert point is not None
    px, py = to_pixel(point[0], point[1], 128, 128)
    changed = np.abs(after["pov"].astype(int) - before["pov"].astype(int)).sum(-1) > 30
    assert changed[py, px], f"point {point} -> pixel {(px, py)} is not on the block"
    ys, xs = np.nonzero(changed)
    assert abs(px - xs.mean()) < 6 and abs(py - ys.mean()) < 6  # near the block's middle
    env.close()


def test_points_behind_or_outside_the_view_are_none():
    assert labels.project((0, 0, 0), 0.0, 0.0, (0, 0, -5)) is None  # behind (yaw 0 faces +z)
    assert labels.project((0, 0, 0), 0.0, 0.0, (50, 0, 1)) is None  # far to the side
    x, y = labels.project((0, 0, 0), 0.0, 0.0, (0, 0, 5))
    assert abs(x - 500) <= 1 and abs(y - 500) <= 1


def test_decision_windows_execute_as_labelled():
    window = [{"forward": 1, "attack": 1, "camera": [2.0, 4.0]}, {"forward": 1, "inventory": 1},
              {"forward": 1, "camera": [0.0, 0.0]}, {"camera": [2.0, 0.0]}]  # fmt: skip
    mean = labels.mean_action(window)
    assert mean["forward"] == 1 and mean["attack"] == 0 and mean["inventory"] == 1
    assert np.allclose(mean["camera"], [1.0, 1.0])
    ticks = labels.expand(mean, 4)
    assert [t["inventory"] for t in ticks] == [1, 0, 0, 0]
    assert all(t["forward"] == 1 for t in ticks)


def test_skill_follows_the_experts_notes():
    s = labels.skill_of("[3] goal craft_item.wooden_pickaxe x1", None)
    assert s == "Skill: craft(wooden_pickaxe)"
    s = labels.skill_of("[9] step: mine 3 oak_log for oak_log by hand", s)
    assert s == "Skill: mine(oak_log, 3)"
    assert labels.skill_of("[12] defending", s) == s
    assert labels.skill_of("[12] step: place the crafting_table", s) == "Skill: place(crafting_table)"


def test_cli_builds_and_rejects_bad_options(tmp_path):
    import typer
    from typer.testing import CliRunner

    from openha.coa.cli import data_coa

    app = typer.Typer()
    app.command()(data_coa)
    runner = CliRunner()
    ok = runner.invoke(app, ["--out", str(tmp_path / "d"), "--tasks", "mine_block/oak_log",
                             "--max-steps", "16", "--size", "56"])  # fmt: skip
    assert ok.exit_code == 0, ok.output
    assert "1 written" in ok.output and (tmp_path / "d" / "index.json").exists()
    bad = runner.invoke(app, ["--out", str(tmp_path / "e"), "--size", "50"])
    assert bad.exit_code != 0 and "multiple of 28" in bad.output
