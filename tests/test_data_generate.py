"""`openha data generate`: an agent plays tasks × seeds, only successful episodes become shards."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("h5py")

from data_pipeline.generate import GenerateConfig, generate  # noqa: E402
from data_pipeline.schema import ShardReader, validate  # noqa: E402

TASK = "mine_block/dirt_nearby"  # the expert finishes it in ~20 ticks


def test_generate_keeps_successful_episodes_and_resumes(tmp_path):
    cfg = GenerateConfig(out=str(tmp_path / "gen"), tasks=TASK, episodes=2, resolution=(32, 32))
    summary = generate(cfg)
    assert summary["kept"] == 2 and summary["rejected"] == 0 and summary["build"]["built"] == 2
    shards = sorted((tmp_path / "gen" / "shards").glob("*.h5"))
    assert [s.stem for s in shards] == [f"mine_block__dirt_nearby__seed{i}" for i in range(2)]
    for shard in shards:
        assert validate(shard) == []
        with ShardReader(shard) as r:
            ep = r.episodes()[0]
            goals = r.goals(ep)
            assert r.has_actions(ep) and r.attrs(ep)["labeller"] == "expert"
            assert any(g.success and g.event.startswith("mine_block.dirt") for g in goals)
    again = generate(cfg)
    assert again["played"] == 0 and again["played_before"] == 2


def test_failed_episodes_are_rejected_with_a_record(tmp_path):
    cfg = GenerateConfig(out=str(tmp_path / "gen"), tasks=TASK, episodes=1, max_steps=2)
    summary = generate(cfg)
    assert summary["kept"] == 0 and summary["rejected"] == 1 and "build" not in summary
    assert not list((tmp_path / "gen" / "recordings").glob("*"))
    reason = json.loads((tmp_path / "gen" / "rejected" / "mine_block__dirt_nearby__seed0.json")
                        .read_text())
    assert reason["success"] is False and reason["steps"] == 2
    assert generate(cfg)["played"] == 0  # a rejected episode is not replayed


def test_generate_names_bad_options(tmp_path):
    with pytest.raises(ValueError, match="--agent 'human' unknown"):
        generate(GenerateConfig(out=str(tmp_path), agent="human"))
    with pytest.raises(ValueError, match="--tasks 'mine_block/unobtainium'"):
        generate(GenerateConfig(out=str(tmp_path), tasks="mine_block/unobtainium"))


@pytest.mark.slow
def test_generate_on_ray_matches_in_process(tmp_path):
    pytest.importorskip("ray")
    local = GenerateConfig(out=str(tmp_path / "a"), tasks=TASK, episodes=2, resolution=(32, 32))
    remote = GenerateConfig(out=str(tmp_path / "b"), tasks=TASK, episodes=2, resolution=(32, 32))
    assert generate(local)["kept"] == 2
    summary = generate(remote, workers=2)
    assert summary["kept"] == 2 and summary["build"]["built"] == 2
    for name in ("mine_block__dirt_nearby__seed0", "mine_block__dirt_nearby__seed1"):
        with ShardReader(tmp_path / "a" / "shards" / f"{name}.h5") as a, \
                ShardReader(tmp_path / "b" / "shards" / f"{name}.h5") as b:
            assert (a.actions(name)["vpt"][()] == b.actions(name)["vpt"][()]).all()
            assert (a.frames(name) == b.frames(name)).all()
