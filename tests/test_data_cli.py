"""`openha data build/validate/inspect/stats` through typer's runner (data_app mounted locally)."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

pytest.importorskip("h5py")

from openha.cli_data import data_app  # noqa: E402

app = typer.Typer()
app.add_typer(data_app, name="data")
runner = CliRunner()


def test_cli_build_validate_inspect_stats(tmp_path):
    from data_helpers import vpt_tick, write_video

    src = tmp_path / "src"
    src.mkdir()
    ticks = [vpt_tick(keys=["key.keyboard.w"], dx=i) for i in range(30)]
    write_video(src / "a.mp4", 30)
    (src / "a.jsonl").write_text("\n".join(json.dumps(t) for t in ticks))
    out = tmp_path / "out"
    r = runner.invoke(
        app,
        ["data", "build", str(src), "--source", "vpt", "--out", str(out), "--resolution", "32x24"],
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.output[r.output.index("{") :])["built"] == 1
    r = runner.invoke(app, ["data", "validate", str(out)])
    assert r.exit_code == 0 and "all shards valid" in r.output
    r = runner.invoke(app, ["data", "inspect", str(out)])
    assert r.exit_code == 0, r.output
    assert (out / "inspect" / "a_frames.png").stat().st_size > 0 and (
        out / "inspect" / "a_goals.png"
    ).exists()
    r = runner.invoke(app, ["data", "stats", str(out), "--json"])
    s = json.loads(r.output)
    assert (s["episodes"], s["frames"]) == (1, 30) and s["bytes_per_frame"] > 0
    r = runner.invoke(app, ["data", "build", str(src), "--source", "nope", "--out", str(out)])
    assert r.exit_code != 0 and "unknown source 'nope'" in r.output
    (out / "shards" / "a.h5").write_bytes(b"junk")
    r = runner.invoke(app, ["data", "validate", str(out)])
    assert r.exit_code == 1 and "a.h5: not a readable HDF5 file" in r.output


def test_cli_label_then_export(tmp_path):
    """Raw video → `data label` with a (fresh, tiny) IDM → `data export` → read back."""
    pytest.importorskip("torch")
    from data_helpers import write_video

    from data_pipeline.export import read_webdataset
    from policies.idm import IDMConfig, IDMModel

    src = tmp_path / "src"
    src.mkdir()
    write_video(src / "clip.mp4", 20)
    out = tmp_path / "out"
    r = runner.invoke(app, ["data", "build", str(src), "--source", "video", "--out", str(out),
                            "--resolution", "32x32"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["data", "export", str(out), "--out", str(tmp_path / "wds")])
    assert r.exit_code != 0 and "labelled" in r.output  # rich may wrap the message
    IDMModel(IDMConfig.preset("tiny")).save_pretrained(tmp_path / "idm")
    r = runner.invoke(app, ["data", "label", str(out), "--model", str(tmp_path / "idm")])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output[r.output.index("{"):])["frames"] == 20
    r = runner.invoke(app, ["data", "validate", str(out)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["data", "export", str(out), "--out", str(tmp_path / "wds"),
                            "--image", "png"])
    assert r.exit_code == 0, r.output
    samples = read_webdataset(tmp_path / "wds")
    assert [s["frame"] for s in samples] == list(range(20))
    r = runner.invoke(app, ["data", "label", str(out), "--model", str(tmp_path / "nowhere")])
    assert r.exit_code != 0
    r = runner.invoke(app, ["data", "generate", "--out", str(tmp_path / "g"), "--agent", "human"])
    assert r.exit_code != 0 and "'human'" in r.output
