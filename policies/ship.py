"""Copy a finished training run into `checkpoints/<name>/` with a model card.

    python -m policies.ship runs/goap-small-train checkpoints/goap-small \
        --eval runs/eval-goap-small/summary.json --hardware "2 shared CPU cores"

Copies the weights, config, training config, log.csv and loss.png (no optimizer state), and
writes README.md from training_info.json, the dataset index and an eval summary.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import typer

SHIPPED = ("model.safetensors", "config.json", "train_config.json", "training_info.json",
           "log.csv", "loss.png")


def card(name: str, info: dict, data_index: dict, evals: dict | None, hardware: str,
         notes: str) -> str:
    """The model card text (markdown)."""
    kind, preset = info["kind"], info["preset"]
    lines = [
        f"# {name}",
        "",
        f"`{kind}` policy, preset `{preset}` ({info['parameters'] / 1e6:.2f} M parameters), "
        "trained from scratch on CPU. Load with `policies.load(\"checkpoints/" + name + "\")`; "
        f"evaluate with `openha eval --agent policy:checkpoints/{name}`.",
        "",
        "## Data",
        f"- Expert demonstrations of the atomic mining tasks (`policies/make_demo_data.py`: "
        f"`openha.experts.record`, 40 seeds × 10 tasks), built by the dataset pipeline "
        f"(`ours` source) at 64×64: {len(data_index.get('episodes', []))} episodes, "
        f"{info['train_frames']} train frames, {data_index.get('hours', 0):.3f} h of 20 fps play.",
        f"- {info['train_windows']} training windows (train split), {info['val_windows']} "
        "validation windows (val split, hashed by episode).",
        "",
        "## Training",
        f"- {info['global_step']} optimizer steps × batch 8 windows × {info.get('window', 16)} "
        f"steps, AdamW, lr {json.loads(json.dumps(info.get('lr', '')))} warmup + cosine.",
        f"- Wall time {info['wall_seconds'] / 60:.1f} min on {hardware} "
        f"({info['threads']} torch thread; an upper bound for an idle machine).",
        f"- Mean train loss over the run {info.get('train_loss', float('nan')):.3f}, final "
        f"validation loss {info.get('eval_loss', float('nan')):.3f} "
        "(sum of button and camera cross-entropy). Curve: `loss.png`, numbers: `log.csv`.",
        "",
        "## Measured results",
    ]
    if evals:
        lines += [
            f"`python -m policies.eval_atomic checkpoints/{name} --seeds {evals['seeds']} "
            f"--max-steps {evals['max_steps']}` (128×72 view, sampling at temperature 1, seeds "
            "disjoint from the training seeds 0–39; episodes capped at 300 steps, below the tasks' "
            "600/1200, so open-world figures are lower bounds):",
            "",
            "| task | success | episodes |",
            "|---|---|---|",
        ]
        for task, v in evals["tasks"].items():
            lines.append(f"| {task} | {v['success']:.0%} | {v['episodes']} |")
        lines.append(f"| **mean** | **{evals['mean_success']:.0%}** | {evals['episodes']} |")
    else:
        lines.append("Not measured yet.")
    if notes:
        lines += ["", notes]
    lines += [
        "",
        "## Reproduce",
        "```",
        "python -m policies.make_demo_data --demos runs/policy_demos --out runs/policy_data "
        "--seeds 40 && "
        f"openha train {kind} --preset {preset} --data runs/policy_data --out runs/{name}-train "
        f"--max-steps {info['global_step']} --lr {info.get('lr', 1e-3)} --threads 1",
        "```",
        "",
    ]
    return "\n".join(lines)


def ship(run: Path, dest: Path, eval_summary: Path | None = None, hardware: str = "CPU",
         notes: str = "") -> Path:
    info = json.loads((run / "training_info.json").read_text())
    train_cfg = json.loads((run / "train_config.json").read_text())
    model_cfg = json.loads((run / "config.json").read_text())
    info.update(lr=train_cfg["lr"], window=model_cfg.get("window", 16))
    index_path = Path(info["data"]) / "index.json"
    data_index = json.loads(index_path.read_text()) if index_path.exists() else {}
    evals = json.loads(eval_summary.read_text()) if eval_summary else None
    dest.mkdir(parents=True, exist_ok=True)
    for f in SHIPPED:
        shutil.copy2(run / f, dest / f)
    (dest / "README.md").write_text(card(dest.name, info, data_index, evals, hardware, notes))
    return dest


def main(run: Path = typer.Argument(..., help="Training output folder."),
         dest: Path = typer.Argument(..., help="checkpoints/<name>"),
         eval: Path = typer.Option(None, help="summary.json from policies.eval_atomic."),
         hardware: str = typer.Option("CPU", help="Where it trained, for the card."),
         notes: str = typer.Option("", help="Extra paragraph for the card.")) -> None:
    typer.echo(ship(run, dest, eval, hardware, notes))


if __name__ == "__main__":
    typer.run(main)
