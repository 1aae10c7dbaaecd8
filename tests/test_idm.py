"""The inverse dynamics model: a tiny run's loss falls; `openha data label` writes actions that the
loader reads back; labelling resumes; bad models are refused with a clear error."""

from __future__ import annotations

import csv
import shutil

import numpy as np
import pytest

pytest.importorskip("h5py")
torch = pytest.importorskip("torch")

from data_helpers import record_ours  # noqa: E402

from data_pipeline import jobs  # noqa: E402
from data_pipeline.schema import ShardReader, validate  # noqa: E402
from data_pipeline.stages import BuildConfig  # noqa: E402

STEPS = 40


@pytest.fixture(scope="module")
def recordings(tmp_path_factory):
    folder = tmp_path_factory.mktemp("idm_rec")
    for i in range(3):
        record_ours(folder, f"ep{i}", steps=STEPS, seed=i)
    return folder


@pytest.fixture(scope="module")
def labelled_build(recordings, tmp_path_factory):
    out = tmp_path_factory.mktemp("idm_build")
    jobs.build([recordings], BuildConfig(out=str(out), source="ours", resolution=(32, 32)))
    return out


@pytest.fixture(scope="module")
def trained(labelled_build, tmp_path_factory):
    from policies.data import PolicyWindows, WindowConfig
    from policies.idm.cli import collate_clips
    from policies.idm.configuration_idm import IDMConfig
    from policies.idm.modeling_idm import IDMModel
    from policies.training import TrainConfig, train

    out = tmp_path_factory.mktemp("idm_model")
    torch.manual_seed(0)
    model = IDMModel(IDMConfig.preset("tiny", camera_regression=True))
    data = PolicyWindows(labelled_build, WindowConfig(window=8, stride=4, split="all",
                                                      instruction_every=0))
    cfg = TrainConfig(out_dir=str(out), max_steps=30, batch_size=8, lr=3e-3, save_steps=30,
                      eval_steps=30, logging_steps=5, warmup_ratio=0.0)
    train(model, data, None, cfg, collate_fn=collate_clips)
    return out


def test_tiny_idm_loss_falls_and_reloads(trained, labelled_build):
    from policies.idm import IDMModel

    rows = list(csv.DictReader((trained / "log.csv").open()))
    losses = [float(r["loss"]) for r in rows if r.get("loss")]
    assert len(losses) >= 4
    assert losses[-1] < 0.75 * losses[0], losses  # 12.8 -> 8.7 when written
    assert (trained / "model.safetensors").is_file()
    model = IDMModel.from_pretrained(str(trained)).eval()
    with ShardReader(sorted((labelled_build / "shards").glob("*.h5"))[0]) as r:
        ep = r.episodes()[0]
        classes = model.label(r.frames(ep))
    assert classes.shape == (STEPS, 2) and classes.dtype == np.int64
    assert ((classes[:, 0] >= 0) & (classes[:, 0] < 8641)).all()
    assert ((classes[:, 1] >= 0) & (classes[:, 1] < 121)).all()
    assert model.config.camera_regression and model.camera_head is not None  # saved with weights


def test_camera_regression_head_fits_turns_beyond_vpt_bins():
    """VPT's camera classes stop at ±10° per tick; the regression head is trained on the recorded
    degrees, so a 20° turn is a reachable target (its loss falls towards it), and a model without
    the head reports class centres."""
    from policies.idm import IDMConfig, IDMModel

    torch.manual_seed(0)
    model = IDMModel(IDMConfig.preset("tiny", camera_regression=True))
    frames = torch.randint(0, 255, (2, 8, 32, 32, 3), dtype=torch.uint8)
    camera = torch.full((2, 8, 2), 20.0)
    actions = torch.zeros((2, 8, 2), dtype=torch.long)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    for _ in range(60):
        opt.zero_grad()
        out = model(frames, actions=actions, camera=camera)
        out.loss.backward()
        opt.step()
    assert out.camera_degrees.shape == (2, 8, 2)
    assert (out.camera_degrees.detach() - 20).abs().max() < 3  # beyond the ±10° classes
    plain = IDMModel(IDMConfig.preset("tiny")).eval()
    classes, degrees = plain.predict(frames[0].numpy())
    assert plain.camera_head is None and np.abs(degrees).max() <= 10


def test_label_writes_actions_the_loader_reads_back(trained, recordings, tmp_path):
    from data_pipeline.dataset import GoalActionDataset
    from data_pipeline.label import LabelConfig, label_folder
    from openha.actions import get
    from policies.idm import IDMModel

    out = tmp_path / "raw"
    jobs.build([recordings], BuildConfig(out=str(out), source="video", resolution=(32, 32)))
    assert len(GoalActionDataset(out)) == 0
    with ShardReader(out / "shards" / "ep1.h5") as r:
        frames_before = r.frames("ep1")
    # chunks smaller than the episode exercise the overlap between chunks
    cfg = LabelConfig(model=str(trained), chunk_frames=16, batch_size=4)
    total = label_folder(out, cfg)
    assert total["shards"] == 3 and total["episodes"] == 3 and total["frames"] == 3 * STEPS
    model = IDMModel.from_pretrained(str(trained)).eval()
    for shard in sorted((out / "shards").glob("*.h5")):
        assert validate(shard) == []
        with ShardReader(shard) as r:
            ep = r.episodes()[0]
            assert r.attrs(ep)["labeller"] == "idm"
            assert r.attrs(ep)["labeller_model"] == str(trained)
            classes, degrees = model.predict(r.frames(ep))
            expect = get("vpt").to_env_batch(dict(zip(("buttons", "camera"), classes.T, strict=True)))
            assert degrees.dtype == np.float32 and degrees.shape == (STEPS, 2)
            assert not np.array_equal(degrees, expect["camera"])  # regressed, not bin centres
            expect["camera"] = degrees
            got = r.actions(ep)
            for key, value in expect.items():
                np.testing.assert_array_equal(got[key], value, err_msg=key)
            if ep == "ep1":
                np.testing.assert_array_equal(r.frames(ep), frames_before)
    ds = GoalActionDataset(out, window=1)
    assert len(ds) == 3 * STEPS
    sample = ds[5]
    with ShardReader(out / "shards" / f"{sample['episode']}.h5") as r:
        assert int(sample["action"]["attack"]) == int(r.actions(sample["episode"])["attack"][5])
    # resumable: a second run finds nothing left to label and leaves the shards alone
    again = label_folder(out, cfg)
    assert again["shards"] == 0 and again["done_before"] == 3


def test_label_refuses_a_folder_that_is_not_an_idm(labelled_build, tmp_path):
    from data_pipeline.label import LabelConfig, label_folder

    raw = tmp_path / "raw"
    shutil.copytree(labelled_build / "shards", raw)
    with pytest.raises(ValueError, match="no config.json"):
        label_folder(raw, LabelConfig(model=str(tmp_path / "nothing")))
    with pytest.raises(ValueError, match="no such folder"):
        label_folder(tmp_path / "missing", LabelConfig(model="x"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no \\*.h5 shards"):
        label_folder(tmp_path / "empty", LabelConfig(model="x"))


def test_idm_config_errors_name_the_field():
    from policies.idm import IDMConfig

    with pytest.raises(ValueError, match="IDMConfig.conv3d_kernel"):
        IDMConfig.preset("tiny", conv3d_kernel=4)
    with pytest.raises(ValueError, match="IDM preset 'huge' unknown"):
        IDMConfig.preset("huge")


def test_label_on_ray_actors_matches_in_process(trained, recordings, tmp_path):
    """`openha data label --workers 2`: shards labelled by Ray actors (local Ray) are the same."""
    from data_pipeline.label import LabelConfig, label_folder

    cfg = LabelConfig(model=str(trained), chunk_frames=16, batch_size=4, threads=1)
    local, remote = tmp_path / "local", tmp_path / "ray"
    for out in (local, remote):
        jobs.build([recordings], BuildConfig(out=str(out), source="video", resolution=(32, 32)))
    label_folder(local, cfg)
    seen = []
    total = label_folder(remote, cfg, on_result=seen.append, workers=2)
    assert total["shards"] == 3 and total["episodes"] == 3 and len(seen) == 3
    for shard in sorted((local / "shards").glob("*.h5")):
        with ShardReader(shard) as a, ShardReader(remote / "shards" / shard.name) as b:
            ep = a.episodes()[0]
            assert b.attrs(ep)["labeller"] == "idm"
            for key, value in a.actions(ep).items():
                np.testing.assert_array_equal(b.actions(ep)[key], value, err_msg=key)
    assert label_folder(remote, cfg, workers=2)["shards"] == 0  # resumable on Ray too
