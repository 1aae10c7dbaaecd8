"""Policy speed on one CPU core: actions/s for GOAP-small and VPT-small at batch 1 and 8 (the
stepwise inference the eval server runs, state carried between steps), and training samples/s
(forward + backward + AdamW on windows; one sample = one frame-action pair).

    python benchmarks/policy_speed.py [--steps 60] [--threads 1]

Targets (issue #11): ≥ 30 actions/s at batch 1, ≥ 150 actions/s at batch 8.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch

import policies

ROOT = Path(__file__).resolve().parents[1]


def model_for(kind: str):
    ckpt = ROOT / "checkpoints" / f"{kind}-small"
    if (ckpt / "model.safetensors").exists():
        return policies.load(ckpt), str(ckpt.relative_to(ROOT))
    torch.manual_seed(0)
    return policies.make(kind, "small").eval(), "fresh small preset"


def actions_per_second(model, batch: int, steps: int) -> float:
    s = model.config.image_size
    frames = torch.randint(0, 256, (batch, s, s, 3), dtype=torch.uint8)
    goals = ["chop a tree to get oak logs"] * batch
    gen = torch.Generator().manual_seed(0)
    state = None
    for _ in range(5):  # warm-up
        _, state = model.act(frames, goals, state, generator=gen)
    t0 = time.perf_counter()
    for _ in range(steps):
        _, state = model.act(frames, goals, state, generator=gen)
    return batch * steps / (time.perf_counter() - t0)


def train_samples_per_second(model, batch: int = 8, steps: int = 5) -> float:
    c = model.config
    t, s = c.window, c.image_size
    frames = torch.randint(0, 256, (batch, t, s, s, 3), dtype=torch.uint8)
    actions = torch.stack([torch.randint(0, 8641, (batch, t)), torch.randint(0, 121, (batch, t))], -1)
    ids, mask = model.goal_ids(["chop a tree"] * batch)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    model.train()

    def step():
        opt.zero_grad()
        model(frames=frames, goal_ids=ids, goal_mask=mask, prev_actions=actions,
              actions=actions).loss.backward()
        opt.step()

    step()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    model.eval()
    return batch * t * steps / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=60, help="timed inference steps per batch size")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (1 = one core)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    print(f"threads={args.threads}  (targets: batch 1 >= 30 actions/s, batch 8 >= 150)")
    print(f"{'policy':<8} {'weights':<24} {'params':>8} {'b=1 act/s':>10} {'b=8 act/s':>10} "
          f"{'train samples/s':>16}")
    for kind in ("goap", "vpt"):
        model, source = model_for(kind)
        params = sum(p.numel() for p in model.parameters()) / 1e6
        with torch.no_grad():
            a1 = actions_per_second(model, 1, args.steps)
            a8 = actions_per_second(model, 8, max(args.steps // 4, 5))
        tr = train_samples_per_second(model)
        print(f"{kind:<8} {source:<24} {params:>7.2f}M {a1:>10.1f} {a8:>10.1f} {tr:>16.1f}")


if __name__ == "__main__":
    main()
