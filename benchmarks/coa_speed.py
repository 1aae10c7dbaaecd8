"""CoA model speed on CPU: decisions/s at batch 1 and 8 (greedy decoding until <|im_end|>) and
training samples/s, by wall clock and per CPU-second (what one dedicated core would do when the
machine is shared). Run: `python benchmarks/coa_speed.py [--ckpt checkpoints/coa-small]
[--threads 1]`. With no checkpoint on disk a fresh `small` model is timed (its responses run to
the token budget: a pessimistic bound)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import torch

TARGET = ("Grounding: Mine <|object_ref_start|>oak log<|object_ref_end|><|point_start|>(512,300)"
          "<|point_end|>\nAction: move(19, 0) and press(w) and click(left)")  # fmt: skip


def _model(ckpt: str | None):
    from openha.coa.model import CoAModelConfig, build_model, load
    from openha.coa.tokenizer import build_tokenizer

    if ckpt and Path(ckpt, "config.json").exists():
        return (*load(ckpt), ckpt)
    cfg = CoAModelConfig.preset("small")
    tok = build_tokenizer([TARGET, "Task: Mine oak log.\nOutput: grounding"] * 20, cfg.vocab_size)
    return build_model(cfg, tok).eval(), tok, cfg, "fresh small (untrained)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ckpt", default="checkpoints/coa-small")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--mode", default="grounding")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    from openha.coa.model import encode, generate

    model, tok, cfg, name = _model(args.ckpt)
    rng = np.random.default_rng(0)
    frame = rng.integers(0, 255, (cfg.image_size, cfg.image_size, 3), dtype=np.uint8)
    frames = [frame] * (cfg.history + 1)
    print(f"model: {name}; {sum(p.numel() for p in model.parameters()) / 1e6:.2f} M params, "
          f"image {cfg.image_size}px, {args.threads} thread(s)")  # fmt: skip
    for batch in (1, 8):
        q = [(frames, "Mine oak log.", args.mode)] * batch
        generate(model, tok, cfg, q)  # warm-up
        t0, c0, n_tok = time.perf_counter(), time.process_time(), 0
        for _ in range(args.rounds):
            out = generate(model, tok, cfg, q)
            n_tok += sum(len(tok.encode(o, add_special_tokens=False)) for o in out)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"batch {batch}: {batch * args.rounds / dt:.1f} decisions/s wall, "
              f"{batch * args.rounds / cpu:.1f} per CPU-second "
              f"({dt / args.rounds * 1000:.0f} ms per call, ~{n_tok / (batch * args.rounds):.0f} tokens/response)")  # fmt: skip
    model.train()
    opt = torch.optim.AdamW(model.parameters(), 1e-4)
    samples = [{"frames": frames, "instruction": "Mine oak log.", "mode": "grounding", "target": TARGET}] * 8
    batch = encode(samples, tok, cfg)
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(args.rounds):
        model(**batch).loss.backward()
        opt.step()
        opt.zero_grad()
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"training: {8 * args.rounds / dt:.1f} samples/s wall, {8 * args.rounds / cpu:.1f} per "
          "CPU-second (batch 8, forward+backward+AdamW)")


if __name__ == "__main__":
    main()
