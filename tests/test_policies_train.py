"""Policies end to end: expert demos → shards → windows → a tiny policy trains (loss falls) →
it plays an episode through `run_eval`; the shipped checkpoints load and act."""

from pathlib import Path

import numpy as np
import pytest
import torch

pytest.importorskip("transformers")
import policies  # noqa: E402
from policies.data import PolicyWindows, WindowConfig, make_collate  # noqa: E402
from policies.layers import NULL_ACTION  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    from policies.make_demo_data import DemoDataConfig, build_shards, record_demos

    root = tmp_path_factory.mktemp("policy_data")
    cfg = DemoDataConfig(demos=str(root / "demos"), out=str(root / "data"),
                         tasks=("mine_block/dirt_nearby", "mine_block/grass_nearby"),
                         seeds=[0, 1], record_width=64, record_height=36, resolution=(32, 32))
    counts = record_demos(cfg)
    assert counts["recorded"] == 4
    assert record_demos(cfg)["existing"] == 4  # rerun resumes
    assert build_shards(cfg)["episodes_total"] == 4
    return root / "data"


def test_windows_cover_short_episodes_with_a_mask(shards):
    ds = PolicyWindows(shards, WindowConfig(window=6, stride=3, split="all"))
    assert len(ds) > 0 and ds.frames > 0
    short = [ds[i] for i in range(len(ds)) if not ds[i]["loss_mask"].all()]
    assert short, "grass_nearby demos are 3 steps long: padded windows expected"
    for s in (ds[i] for i in range(len(ds))):
        n = int(s["loss_mask"].sum())
        assert s["frames"].shape == (6, 32, 32, 3) and s["frames"].dtype == torch.uint8
        assert (s["frames"][n:] == 0).all()
        assert s["goal"]
    first = next(ds[i] for i, w in enumerate(ds.windows) if w[2] == 0)
    assert first["prev_actions"][0].tolist() == list(NULL_ACTION)
    assert torch.equal(first["prev_actions"][1:], first["actions"][:-1])
    later = next(ds[i] for i, w in enumerate(ds.windows) if w[2] > 0)
    assert torch.equal(later["prev_actions"][1:], later["actions"][:-1])
    batch = make_collate(16)([ds[0], ds[1]])
    assert batch["goal_ids"].shape == (2, 16) and batch["frames"].shape[0] == 2


@pytest.mark.parametrize("kind", ["goap", "vpt"])
def test_tiny_policy_trains_and_loss_falls(kind, shards, tmp_path):
    from policies.cli import train_policy
    from policies.training import TrainConfig

    cfg = TrainConfig(out_dir=str(tmp_path / kind), max_steps=16, batch_size=4, lr=5e-3,
                      logging_steps=4, save_steps=16, eval_steps=16, warmup_ratio=0.0)
    info = train_policy(kind, "tiny", shards, cfg, threads=1)
    import csv

    with open(tmp_path / kind / "log.csv") as fh:
        losses = [float(r["loss"]) for r in csv.DictReader(fh) if r["loss"]]
    assert len(losses) == 4
    assert losses[-1] < 0.7 * losses[0], losses
    assert info["global_step"] == 16
    model = policies.load(tmp_path / kind)
    assert type(model).__name__ == {"goap": "GOAPPolicy", "vpt": "VPTPolicy"}[kind]


def test_policy_agent_plays_through_run_eval(tmp_path):
    from openha.agent.registry import register_lazy
    from openha.eval import EvalConfig, read_results, run_eval

    torch.manual_seed(0)
    policies.make("goap", "tiny").save_pretrained(tmp_path / "ckpt")
    register_lazy("policy:", "policies.agent:policy_agent")
    summary = run_eval(EvalConfig(out=tmp_path / "run", tasks="mine_block/dirt_nearby",
                                  agent=f"policy:{tmp_path / 'ckpt'}", workers=0, max_steps=12,
                                  width=64, height=36))
    assert summary.recorded == 1 and summary.errors == 0
    rows = read_results(tmp_path / "run")
    assert len(rows) == 1 and rows[0]["steps"] >= 1


def test_policy_server_keeps_state_per_session(tmp_path):
    from policies.agent import PolicyServer

    torch.manual_seed(0)
    policies.make("vpt", "tiny").save_pretrained(tmp_path)
    server = PolicyServer(path=str(tmp_path), temperature=0.0)
    frame = np.zeros((32, 32, 3), np.uint8)
    reqs = [{"session": s, "reset": True, "frame": frame, "goal": "dig"} for s in "ab"]
    assert len(server.predict_batch(reqs)) == 2
    server.predict_batch([{"session": "a", "reset": False, "frame": frame, "goal": "dig"}])
    assert int(server.sessions["a"]["n_frames"]) == 2 and int(server.sessions["b"]["n_frames"]) == 1
    server.predict_batch([{"session": "b", "reset": True, "frame": frame, "goal": "dig"}])
    assert int(server.sessions["b"]["n_frames"]) == 1


@pytest.mark.parametrize("name", ["goap-small", "vpt-small"])
def test_shipped_checkpoints_load_and_act(name):
    from openha.agent.base import LocalModelClient
    from policies.agent import PolicyAgent

    path = ROOT / "checkpoints" / name
    if not (path / "model.safetensors").exists():
        pytest.skip(f"{path} not trained yet")
    size = sum(f.stat().st_size for f in path.iterdir())
    assert size < 20 * 2**20
    assert (path / "README.md").exists()
    agent = PolicyAgent(str(path))
    agent.attach(LocalModelClient(agent.model_spec().build("cpu")))
    agent.reset(type("Task", (), {"instruction": "Chop an oak log.", "id": "x"})())
    obs = {"pov": np.full((360, 640, 3), 120, np.uint8)}
    for _ in range(3):
        action, trace = agent.act(obs)
        assert set(action) >= {"attack", "forward", "camera"} and "buttons=" in trace["text"]
