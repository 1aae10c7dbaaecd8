"""OpenHA's action-space ablation on our benchmark: one model per `--mix` (same preset, steps and
data), each evaluated with `openha.eval` on the same fixed task sample, success per family.

    python -m openha.coa.ablation --data runs/coa-data --out runs/coa-ablation \\
        --steps 600 --per-family 4 --seeds 0,1 --max-steps 300

Resumable: a mix whose checkpoint exists is not retrained; eval runs resume. Prints a Markdown
table (also written to OUT/ablation.md and OUT/ablation.json).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import defaultdict
from pathlib import Path

FAMILIES = ("mine_block", "kill_entity", "craft_item", "smelt_item", "interact_block")
MIX_ORDER = ("text", "motion", "grounding", "skill", "tokens", "all")


def task_sample(per_family: int, seed: int = 13) -> list[str]:
    """A fixed, documented sample: `per_family` task ids of each family, drawn with `seed`."""
    from openha.tasks import load_suite

    suite = load_suite()
    rng = random.Random(seed)
    out = []
    for fam in FAMILIES:
        ids = sorted(t.id for t in suite if t.family == fam)
        out += sorted(rng.sample(ids, min(per_family, len(ids))))
    return out


def train_mix(mix: str, data: str, out: Path, steps: int, batch: int, lr: float, preset: str) -> Path:
    from openha.coa.model import CoAModelConfig
    from openha.coa.train import CoATrainConfig, train_coa
    from policies.training import TrainConfig

    ckpt = out / f"model-{mix}"
    if (ckpt / "coa_run.json").exists():  # written last by train_coa: the run finished
        return ckpt
    cfg = CoATrainConfig(data=data, mix=mix, preset=preset, model=CoAModelConfig.preset(preset),
                         eval_fraction=0.05,
                         train=TrainConfig(out_dir=str(ckpt), max_steps=steps, batch_size=batch,
                                           lr=lr, save_steps=max(steps // 2, 1),
                                           eval_steps=steps, logging_steps=20,
                                           resume=(ckpt / "train_config.json").exists()))  # fmt: skip
    train_coa(cfg)
    return ckpt


def evaluate(ckpt: Path, tasks: list[str], seeds: list[int], max_steps: int, out: Path) -> dict:
    from openha.agent.registry import register_lazy
    from openha.eval import EvalConfig, read_results, run_eval

    register_lazy("coa:", "openha.coa.agent:coa_agent")
    run = out / f"eval-{ckpt.name}"
    run_eval(EvalConfig(out=run, tasks=",".join(tasks), agent=f"coa:{ckpt}", seeds=seeds,
                        workers=0, max_steps=max_steps, width=112, height=112, traces=True,
                        resume=run.exists()))  # fmt: skip
    by_family: dict[str, list[int]] = defaultdict(list)
    errors = 0
    for row in read_results(run):
        by_family[row["family"]].append(int(row["success"]))
        errors += int(row.get("agent_errors") or 0)
    rates = {f: sum(v) / len(v) for f, v in by_family.items()}
    episodes = sum(len(v) for v in by_family.values())
    rates["mean"] = sum(sum(v) for v in by_family.values()) / max(episodes, 1)
    return {"rates": rates, "episodes": episodes, "agent_errors": errors}


def agreement(ckpt: Path, data: str, n: int = 120, mode: str | None = None) -> dict:
    """Offline action agreement on the run's held-out episodes: the env action the model's
    response executes vs the expert's (buttons exactly equal; camera error in degrees/tick)."""
    import numpy as np

    from openha.coa.agent import CoAAgent, decode_response
    from openha.coa.dataset import CoADataset
    from openha.coa.model import generate, load

    run = json.loads((ckpt / "coa_run.json").read_text())
    mode = mode or CoAAgent(str(ckpt)).mode
    model, tok, cfg = load(ckpt)
    ds = CoADataset([Path(data) / "shards" / s for s in run["eval_shards"]], mode, cfg)
    picks = np.linspace(0, len(ds) - 1, min(n, len(ds))).astype(int)
    same = errors = idle = 0
    cam = []
    for i in picks:
        s = ds[int(i)]
        (text,) = generate(model, tok, cfg, [(s["frames"], s["instruction"], mode)])
        got, _, err = decode_response(text, mode)
        want, _, _ = decode_response(s["target"], mode)
        errors += err is not None and "ParseError" in err
        keys = [k for k in want if k != "camera"]
        same += all(int(got[k]) == int(want[k]) for k in keys)
        idle += not any(int(want[k]) for k in keys)
        cam.append(float(np.abs(np.asarray(got["camera"]) - np.asarray(want["camera"])).sum()))
    return {"mode": mode, "decisions": len(picks), "buttons_exact": same / len(picks),
            "camera_l1_deg": float(np.mean(cam)), "parse_errors": errors / len(picks),
            "no_buttons_share": idle / len(picks)}


def table(results: dict[str, dict]) -> str:
    head = "| mix | " + " | ".join(FAMILIES) + " | mean | episodes | parse errors |"
    lines = [head, "|" + "---|" * (len(FAMILIES) + 4)]
    for mix, r in results.items():
        cells = [f"{r['rates'].get(f, float('nan')):.2f}" for f in (*FAMILIES, "mean")]
        lines.append(f"| {mix} | " + " | ".join(cells) + f" | {r['episodes']} | {r['agent_errors']} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--mixes", default=",".join(MIX_ORDER))
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--preset", default="small")
    ap.add_argument("--per-family", type=int, default=4)
    ap.add_argument("--seeds", default="0")
    ap.add_argument("--max-steps", type=int, default=300)
    ap.add_argument("--train-only", action="store_true")
    ap.add_argument("--offline-only", action="store_true", help="only the held-out action agreement")
    ap.add_argument("--eval-only", action="store_true", help="wait for each mix's model instead of training it (run beside a --train-only job)")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tasks = task_sample(args.per_family)
    seeds = [int(s) for s in args.seeds.split(",")]
    (out / "tasks.json").write_text(json.dumps({"tasks": tasks, "seeds": seeds}, indent=2) + "\n")
    results = {}
    for mix in args.mixes.split(","):
        ckpt = out / f"model-{mix}"
        while args.eval_only and not (ckpt / "coa_run.json").exists():
            time.sleep(10)
        if not args.eval_only:
            ckpt = train_mix(mix, args.data, out, args.steps, args.batch, args.lr, args.preset)
        if args.offline_only:
            from openha.coa.dataset import mix_modes

            for mode in mix_modes(mix):  # the all-in-one model answers in every space
                key = mix if mix != "all" else f"all/{mode}"
                results[key] = agreement(ckpt, args.data, mode=mode)
                print(key, results[key], flush=True)
            (out / "agreement.json").write_text(json.dumps(results, indent=2) + "\n")
            continue
        if not args.train_only:
            results[mix] = evaluate(ckpt, tasks, seeds, args.max_steps, out)
            (out / "ablation.json").write_text(json.dumps(results, indent=2) + "\n")
            print(table(results), flush=True)
    if results and not args.offline_only:
        (out / "ablation.md").write_text(table(results) + "\n")


if __name__ == "__main__":
    main()
