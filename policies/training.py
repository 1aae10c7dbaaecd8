"""Shared training entry point for every openha policy: `transformers.Trainer` with our defaults.

AdamW, linear warmup then cosine decay, gradient accumulation, bf16 only where the hardware has it,
checkpoints every `save_steps` that resume exactly (optimizer, scheduler, RNG, data position),
a CSV log and a loss-curve PNG next to the weights.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

BF16_CHOICES = ("auto", "true", "false")


@dataclass
class TrainConfig:
    """One training run; serialised as `train_config.json` next to the weights."""

    out_dir: str
    max_steps: int = 1000
    batch_size: int = 8
    grad_accum: int = 1
    lr: float = 3e-4
    weight_decay: float = 0.01
    warmup_ratio: float = 0.05  # linear warmup, then cosine
    save_steps: int = 200  # out_dir/checkpoint-N, resumable exactly
    eval_steps: int = 200
    logging_steps: int = 10
    seed: int = 0
    bf16: str = "auto"  # "auto" = only where supported (never on CPU)
    num_workers: int = 0
    resume: bool = False

    def validate(self) -> None:
        """Raise ValueError naming the bad field and the fix."""
        for name in ("max_steps", "batch_size", "grad_accum", "save_steps", "eval_steps",
                     "logging_steps"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"TrainConfig.{name}={value!r}: must be an integer >= 1")
        if not self.lr > 0:
            raise ValueError(f"TrainConfig.lr={self.lr!r}: must be > 0")
        if not 0 <= self.warmup_ratio < 1:
            raise ValueError(f"TrainConfig.warmup_ratio={self.warmup_ratio!r}: must be in [0, 1)")
        if self.num_workers < 0:
            raise ValueError(f"TrainConfig.num_workers={self.num_workers!r}: must be >= 0")
        if str(self.bf16).lower() not in BF16_CHOICES:
            raise ValueError(f"TrainConfig.bf16={self.bf16!r}: use one of {BF16_CHOICES}")

    @classmethod
    def load(cls, path: str | os.PathLike) -> TrainConfig:
        """Read a `train_config.json` written by `train()`."""
        data = json.loads(Path(path).read_text())
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"{path}: unknown TrainConfig fields {unknown}; known: {sorted(known)}")
        return cls(**data)


def use_bf16(setting: str) -> bool:
    """Resolve the `bf16` setting: "auto" is on only with a CUDA device that supports it."""
    import torch

    setting = str(setting).lower()
    supported = torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    if setting == "true" and not supported:
        raise ValueError("TrainConfig.bf16='true' but this machine has no bf16 GPU; use 'auto'")
    return supported if setting == "auto" else setting == "true"


def write_atomic(path: Path, write: Callable[[str], None]) -> None:
    """Call `write(tmp_path)` then rename onto `path`, so readers never see a half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600 files; these are shareable outputs
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def history_rows(log_history: list[dict]) -> list[dict]:
    """Merge Trainer's log entries (train and eval logged separately) into one row per step."""
    rows: dict[int, dict] = {}
    for entry in log_history:
        step = int(entry.get("step", 0))
        row = rows.setdefault(step, {"step": step})
        row.update({k: v for k, v in entry.items() if k != "step"})
    return [rows[s] for s in sorted(rows)]


def write_logs(out_dir: Path, log_history: list[dict]) -> None:
    """Write out_dir/log.csv and out_dir/loss.png from Trainer's log history."""
    rows = history_rows(log_history)
    if not rows:
        return
    first = ["step", "loss", "learning_rate", "eval_loss"]
    keys = first + sorted({k for r in rows for k in r} - set(first))

    def write_csv(tmp: str) -> None:
        with open(tmp, "w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=keys)
            writer.writeheader()
            writer.writerows(rows)

    write_atomic(out_dir / "log.csv", write_csv)
    write_atomic(out_dir / "loss.png", lambda tmp: plot_loss(rows, tmp))


def plot_loss(rows: list[dict], path: str) -> None:
    """Train (and eval, when present) loss against optimizer step."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5), dpi=100)
    for key, label in (("loss", "train loss"), ("eval_loss", "eval loss")):
        points = [(r["step"], r[key]) for r in rows if key in r]
        if points:
            xs, ys = zip(*points, strict=True)
            ax.plot(xs, ys, marker="o" if len(points) < 30 else None, markersize=3, label=label)
    ax.set_xlabel("step")
    ax.set_ylabel("loss")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)


def _make_trainer_class():
    import torch
    from transformers import Trainer, TrainerCallback

    class LogWriter(TrainerCallback):
        """Rewrite log.csv / loss.png at every log so a crashed run still leaves its curve."""

        def __init__(self, out_dir: Path):
            self.out_dir = out_dir

        def on_log(self, args, state, control, logs=None, **kwargs):
            if state.is_world_process_zero:
                write_logs(self.out_dir, state.log_history)

    class PolicyTrainer(Trainer):
        """Trainer whose eval loss comes from `outputs.loss`, whatever the model's label names."""

        def prediction_step(self, model, inputs, prediction_loss_only, ignore_keys=None):
            inputs = self._prepare_inputs(inputs)
            with torch.no_grad():
                outputs = model(**inputs)
            loss = outputs["loss"].detach().mean()
            if prediction_loss_only:
                return loss, None, None
            logits = outputs.get("logits") if hasattr(outputs, "get") else None
            return loss, logits, inputs.get("labels")

    return PolicyTrainer, LogWriter


def train(
    model,
    train_dataset,
    eval_dataset,
    cfg: TrainConfig,
    collate_fn: Callable | None = None,
    callbacks: Iterable = (),
    compute_metrics: Callable | None = None,
) -> dict[str, Any]:
    """Train `model` (a PreTrainedModel whose forward(**batch) returns `.loss`) and save it.

    Writes out_dir/{train_config.json, log.csv, loss.png, checkpoint-N/, model weights} and
    returns the final metrics (train loss, step, runtime, samples/s, eval loss when evaluated).
    """
    import torch
    from transformers import TrainingArguments
    from transformers.trainer_utils import get_last_checkpoint

    cfg.validate()
    out_dir = Path(cfg.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    last = get_last_checkpoint(str(out_dir))
    if last and not cfg.resume:
        raise ValueError(
            f"{out_dir} already holds {Path(last).name}: pass resume=True (--resume) to continue "
            "that run, or choose a new out_dir"
        )
    if cfg.resume and last is None:
        print(f"resume: no checkpoint-N in {out_dir}; starting from step 0")
    write_atomic(
        out_dir / "train_config.json",
        lambda tmp: Path(tmp).write_text(json.dumps(asdict(cfg), indent=2) + "\n"),
    )
    has_eval = eval_dataset is not None
    args = TrainingArguments(
        output_dir=str(out_dir),
        max_steps=cfg.max_steps,
        per_device_train_batch_size=cfg.batch_size,
        per_device_eval_batch_size=cfg.batch_size,
        gradient_accumulation_steps=cfg.grad_accum,
        learning_rate=cfg.lr,
        weight_decay=cfg.weight_decay,
        warmup_steps=int(round(cfg.warmup_ratio * cfg.max_steps)),
        lr_scheduler_type="cosine",
        optim="adamw_torch",
        save_strategy="steps",
        save_steps=cfg.save_steps,
        eval_strategy="steps" if has_eval else "no",
        eval_steps=cfg.eval_steps if has_eval else None,
        logging_strategy="steps",
        logging_steps=cfg.logging_steps,
        seed=cfg.seed,
        data_seed=cfg.seed,
        bf16=use_bf16(cfg.bf16),
        dataloader_num_workers=cfg.num_workers,
        remove_unused_columns=False,
        report_to="none",
        label_names=[],
        use_cpu=not torch.cuda.is_available(),
    )
    trainer_cls, log_writer = _make_trainer_class()
    trainer = trainer_cls(
        model=model,
        args=args,
        train_dataset=train_dataset,
        eval_dataset=eval_dataset,
        data_collator=collate_fn,
        callbacks=[log_writer(out_dir), *callbacks],
        compute_metrics=compute_metrics,
    )
    result = trainer.train(resume_from_checkpoint=last if cfg.resume else None)
    metrics: dict[str, Any] = {"global_step": result.global_step, **result.metrics}
    if has_eval:
        metrics.update(trainer.evaluate())
    trainer.model.save_pretrained(str(out_dir))
    write_logs(out_dir, trainer.state.log_history)
    write_atomic(
        out_dir / "metrics.json",
        lambda tmp: Path(tmp).write_text(json.dumps(metrics, indent=2, default=float) + "\n"),
    )
    return metrics
