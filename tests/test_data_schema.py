"""The HDF5 shard format: writer (atomic, never rewrites), lazy reader, validator messages."""

from __future__ import annotations

import numpy as np
import pytest

h5py = pytest.importorskip("h5py")

from data_pipeline.schema import (  # noqa: E402
    SCHEMA_VERSION,
    Episode,
    Goal,
    ShardReader,
    ShardWriter,
    validate,
    write_shard,
)
from openha.actions import env as env_actions  # noqa: E402

ATTRS = {
    "source": "x.mp4",
    "fps": 20,
    "resolution": [8, 6],
    "labeller": "expert",
    "env_version": "0",
    "seed": 3,
}


def make_episode(ep="ep", t=10) -> Episode:
    rng = np.random.default_rng(0)
    acts = [
        env_actions.make(["forward"] if i % 2 else ["attack"], pitch=0.3 * i, yaw=-0.15 * i)
        for i in range(t)
    ]
    return Episode(
        ep,
        rng.integers(0, 255, (t, 6, 8, 3), dtype=np.uint8),
        env_actions.stack(acts),
        [
            Goal("mine a dirt", 0, t // 2 - 1, True, "mine_block.dirt"),
            Goal("explore", t // 2, t - 1, False),
        ],
        dict(ATTRS),
    )


def test_roundtrip_layout_and_lazy_reader(tmp_path):
    ep = make_episode()
    path = write_shard(tmp_path / "a.h5", [ep, make_episode("ep2", 4)])
    assert validate(path) == []
    with h5py.File(path) as f:
        assert f.attrs["schema_version"] == SCHEMA_VERSION
        pov = f["data/ep/obs/pov"]
        assert pov.chunks == (1, 6, 8, 3) and pov.compression == "lzf"
        assert f["data/ep/actions/camera"].dtype == np.float32
        assert f["data/ep/actions/vpt"].dtype == np.int32 and f["data/ep/actions/vpt"].shape == (
            10,
            2,
        )
        assert f["data/ep/goals"].dtype.names == ("text", "start", "end", "success", "event")
    r = ShardReader(path)
    assert r._f is None  # lazy
    assert r.episodes() == ["ep", "ep2"]
    np.testing.assert_array_equal(r.frames("ep", 2, 5), ep.pov[2:5])
    np.testing.assert_array_equal(r.actions("ep")["camera"], ep.actions["camera"])
    assert r.goals("ep")[0] == Goal("mine a dirt", 0, 4, True, "mine_block.dirt")
    assert r.attrs("ep")["resolution"] == [8, 6]
    r.close()


def test_writer_is_atomic_and_never_rewrites(tmp_path):
    path = tmp_path / "a.h5"
    with pytest.raises(RuntimeError), ShardWriter(path) as w:
        w.add(make_episode())
        raise RuntimeError("killed")
    assert not path.exists() and not (tmp_path / "a.h5.tmp").exists()
    write_shard(path, [make_episode()])
    with pytest.raises(FileExistsError, match="never rewritten"):
        ShardWriter(path)


def test_writer_rejects_misaligned_actions(tmp_path):
    ep = make_episode()
    ep.actions = {k: v[:-1] for k, v in ep.actions.items()}
    with pytest.raises(ValueError, match="9 actions for 10 frames"):
        write_shard(tmp_path / "a.h5", [ep])


@pytest.mark.parametrize(
    "damage, message",
    [
        (
            lambda f: (
                f["data/ep2/actions"].pop("camera"),
                f["data/ep2/actions"].create_dataset("camera", data=np.zeros((9, 2), np.float32)),
            ),
            "episode 'ep2': actions/camera is float32 (9, 2)",
        ),
        (
            lambda f: f["data/ep2/actions/vpt"].__setitem__((3, 0), 0),
            "episode 'ep2': actions/vpt disagrees with the MineRL keys from frame 3",
        ),
        (
            lambda f: f["data/ep2/goals"].__setitem__(1, ("explore", 5, 99, 0, "")),
            "episode 'ep2': goal 1 frames [5, 99] outside [0, 9]",
        ),
        (
            lambda f: f["data/ep2"].attrs.__delitem__("labeller"),
            "episode 'ep2': attrs lack ['labeller']",
        ),
        (lambda f: f.attrs.__setitem__("schema_version", 99), "schema_version is 99"),
    ],
)
def test_validator_names_first_bad_episode(tmp_path, damage, message):
    path = write_shard(
        tmp_path / "a.h5", [make_episode("ep1"), make_episode("ep2"), make_episode("ep3")]
    )
    with h5py.File(path, "r+") as f:
        damage(f)
    problems = validate(path)
    assert problems and message in problems[0], problems


def test_unlabelled_episode_is_valid_only_with_labeller_none(tmp_path):
    ep = make_episode()
    ep.actions, ep.attrs["labeller"] = {}, "none"
    assert validate(write_shard(tmp_path / "a.h5", [ep])) == []
    ep.attrs["labeller"] = "idm"
    assert "no actions but labeller is 'idm'" in validate(write_shard(tmp_path / "b.h5", [ep]))[0]


@pytest.mark.parametrize("compression", ["gzip", "none"])
def test_other_compressions_round_trip_and_validate(tmp_path, compression):
    ep = make_episode()
    path = write_shard(tmp_path / "c.h5", [ep], compression=compression)
    assert validate(path) == []
    with ShardReader(path) as r:
        np.testing.assert_array_equal(r.frames("ep"), ep.pov)
        pov = r.file["data/ep/obs/pov"]
        assert pov.compression == (None if compression == "none" else compression)
    with pytest.raises(ValueError, match="compression 'zstd' unknown"):
        write_shard(tmp_path / "d.h5", [ep], compression="zstd")
