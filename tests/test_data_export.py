"""`openha data export --format webdataset`: tar shards that read back to the same frames/actions."""

from __future__ import annotations

import json
import tarfile

import numpy as np
import pytest

pytest.importorskip("h5py")

from data_helpers import record_ours  # noqa: E402

from data_pipeline import jobs  # noqa: E402
from data_pipeline.export import ExportConfig, export_webdataset, read_webdataset  # noqa: E402
from data_pipeline.schema import ShardReader  # noqa: E402
from data_pipeline.stages import BuildConfig  # noqa: E402

STEPS = 30


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    rec = tmp_path_factory.mktemp("exp_rec")
    for i in range(2):
        record_ours(rec, f"run.{i}", steps=STEPS, seed=i)  # a dot in the id, as ids may have
    out = tmp_path_factory.mktemp("exp_build")
    jobs.build([rec], BuildConfig(out=str(out), source="ours", resolution=(32, 32)))
    return out


def test_webdataset_round_trip_is_exact_with_png(built, tmp_path):
    out = tmp_path / "wds"
    index = export_webdataset(built, ExportConfig(out=str(out), image="png", samples_per_shard=25))
    assert index["samples"] == 2 * STEPS and len(index["shards"]) == 3  # 60 samples / 25
    with tarfile.open(out / index["shards"][0]) as tar:
        names = tar.getnames()
    assert names[:2] == ["run_0__000000.png", "run_0__000000.json"]
    samples = read_webdataset(out)
    assert [s["__key__"] for s in samples[STEPS - 1:STEPS + 1]] == ["run_0__000029", "run_1__000000"]
    for shard in sorted((built / "shards").glob("*.h5")):
        with ShardReader(shard) as r:
            ep = r.episodes()[0]
            frames, acts, goals = r.frames(ep), r.actions(ep), r.goals(ep)
        mine = [s for s in samples if s["episode"] == ep]
        assert [s["frame"] for s in mine] == list(range(STEPS))
        np.testing.assert_array_equal(np.stack([s["image"] for s in mine]), frames)
        for s in mine:
            t = s["frame"]
            assert s["vpt"] == acts["vpt"][t].tolist()
            assert s["action"]["attack"] == int(acts["attack"][t])
            np.testing.assert_allclose(s["action"]["camera"], acts["camera"][t])
            inside = [g for g in goals if g.start <= t <= g.end]
            assert s["goal"] == (inside[0].text if inside else "")


def test_export_resumes_and_jpg_is_close(built, tmp_path):
    out = tmp_path / "wds"
    cfg = ExportConfig(out=str(out), image="jpg", samples_per_shard=40)
    first = export_webdataset(built, cfg)
    tar1 = (out / first["shards"][1]).read_bytes()
    (out / first["shards"][1]).unlink()
    again = export_webdataset(built, cfg)
    assert again["written_now"] == 1 and (out / first["shards"][1]).read_bytes() == tar1
    assert json.loads((out / "index.json").read_text())["samples"] == 2 * STEPS
    samples = read_webdataset(out)
    with ShardReader(built / "shards" / "run.1.h5") as r:
        frames = r.frames("run.1")
    got = np.stack([s["image"] for s in samples if s["episode"] == "run.1"]).astype(int)
    assert np.abs(got - frames).mean() < 6  # jpg quality 95


def test_export_errors_name_the_option(built, tmp_path):
    with pytest.raises(ValueError, match="--format 'tfrecord' unknown"):
        export_webdataset(built, ExportConfig(out=str(tmp_path), format="tfrecord"))
    with pytest.raises(ValueError, match="no labelled episodes"):
        export_webdataset(tmp_path, ExportConfig(out=str(tmp_path / "o")))
