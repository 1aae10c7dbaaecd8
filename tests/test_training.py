"""policies.training: a tiny model trains, logs, saves, and resumes exactly."""

import csv
import json

import pytest
import torch

pytest.importorskip("transformers")
from transformers import PretrainedConfig, PreTrainedModel  # noqa: E402
from transformers.modeling_outputs import ModelOutput  # noqa: E402

from policies.training import TrainConfig, train  # noqa: E402


class TinyConfig(PretrainedConfig):
    model_type = "openha_test_tiny_regressor"

    def __init__(self, dim: int = 8, hidden: int = 32, **kwargs):
        super().__init__(**kwargs)
        self.dim = dim
        self.hidden = hidden


class TinyRegressor(PreTrainedModel):
    config_class = TinyConfig

    def __init__(self, config: TinyConfig):
        super().__init__(config)
        self.net = torch.nn.Sequential(
            torch.nn.Linear(config.dim, config.hidden),
            torch.nn.ReLU(),
            torch.nn.Dropout(0.1),  # exercises RNG restore on resume
            torch.nn.Linear(config.hidden, 1),
        )
        self.post_init()

    def forward(self, x, y):
        pred = self.net(x).squeeze(-1)
        return ModelOutput(loss=torch.nn.functional.mse_loss(pred, y), logits=pred)


class Regression(torch.utils.data.Dataset):
    def __init__(self, n: int, seed: int):
        g = torch.Generator().manual_seed(seed)
        self.x = torch.randn(n, 8, generator=g)
        self.y = self.x @ torch.linspace(-1, 1, 8) + 0.5

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return {"x": self.x[i], "y": self.y[i]}


def make_model():
    torch.manual_seed(0)
    return TinyRegressor(TinyConfig())


def cfg(out_dir, **kw):
    base = dict(out_dir=str(out_dir), max_steps=12, batch_size=32, lr=5e-2, save_steps=6,
                eval_steps=6, logging_steps=1, warmup_ratio=0.1)
    base.update(kw)
    return TrainConfig(**base)


def losses(out_dir):
    with open(out_dir / "log.csv") as fh:
        return {int(r["step"]): float(r["loss"]) for r in csv.DictReader(fh) if r["loss"]}


def test_tiny_model_trains_logs_and_saves(tmp_path):
    metrics = train(make_model(), Regression(256, 0), Regression(32, 1), cfg(tmp_path))
    steps = losses(tmp_path)
    assert sorted(steps) == list(range(1, 13))
    first, last = sum(steps[s] for s in (1, 2, 3)), sum(steps[s] for s in (10, 11, 12))
    assert last < 0.7 * first, steps
    assert metrics["global_step"] == 12 and "eval_loss" in metrics
    assert (tmp_path / "loss.png").stat().st_size > 1000
    assert json.loads((tmp_path / "train_config.json").read_text())["max_steps"] == 12
    assert (tmp_path / "checkpoint-12").is_dir()
    reloaded = TinyRegressor.from_pretrained(str(tmp_path)).eval()
    x = torch.randn(4, 8)
    model_out = reloaded(x, torch.zeros(4)).logits
    assert model_out.shape == (4,)


def test_resume_continues_from_same_step_with_same_loss(tmp_path):
    from transformers import TrainerCallback

    class StopAt(TrainerCallback):
        def on_step_end(self, args, state, control, **kwargs):
            if state.global_step == 6:
                control.should_training_stop = True

    full, cut = tmp_path / "full", tmp_path / "cut"
    train(make_model(), Regression(256, 0), None, cfg(full))
    train(make_model(), Regression(256, 0), None, cfg(cut), callbacks=[StopAt()])
    assert max(losses(cut)) == 6
    # Different init weights: resume must overwrite them from checkpoint-6.
    torch.manual_seed(123)
    metrics = train(TinyRegressor(TinyConfig()), Regression(256, 0), None, cfg(cut, resume=True))
    assert metrics["global_step"] == 12
    a, b = losses(full), losses(cut)
    assert sorted(b) == list(range(1, 13))
    for step in range(7, 13):
        assert b[step] == pytest.approx(a[step], rel=1e-5), (step, a, b)


def test_existing_checkpoint_without_resume_is_an_error(tmp_path):
    train(make_model(), Regression(64, 0), None, cfg(tmp_path, max_steps=6))
    with pytest.raises(ValueError, match="resume"):
        train(make_model(), Regression(64, 0), None, cfg(tmp_path, max_steps=6))


def test_bad_config_names_the_field(tmp_path):
    with pytest.raises(ValueError, match="batch_size"):
        train(make_model(), Regression(8, 0), None, cfg(tmp_path, batch_size=0))
