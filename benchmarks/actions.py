"""Action-space throughput: parse + convert per space, one JSON line each (one core).

    python benchmarks/actions.py [--n 20000] [--episode 200000]

Corpora are made from random env actions with a fixed seed, written by each space's `format`
(text also with OpenHA-style variants). Targets (issue #5): vpt vectorised ≥ 50,000 actions/s,
text parsing ≥ 20,000/s.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections.abc import Callable

import numpy as np

from openha import actions
from openha.actions import env
from openha.actions.skill import SkillAction


def _rate(fn: Callable[[], object], n: int, repeat: int = 3) -> float:
    """Best-of-`repeat` items per second for fn() processing n items."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return n / best


def _env_actions(n: int, rng: random.Random) -> list[dict]:
    out = []
    for _ in range(n):
        pressed = [k for k in env.BUTTONS if rng.random() < 0.08]
        cam = (0.0, 0.0) if rng.random() < 0.3 else (rng.gauss(0, 4), rng.gauss(0, 6))
        out.append(env.make(pressed, *np.clip(cam, -180, 180)))
    return out


def _corpus(name: str, acts: list[dict], rng: random.Random) -> list[str]:
    space = actions.get(name)
    if name in ("env", "vpt", "text", "tokens"):
        texts = [
            space.format(space.from_env(a)) if name != "env" else space.format(a) for a in acts
        ]
        if name == "text":  # OpenHA-style variants: quotes, spacing, CoA prefix, two lines
            for i in range(0, len(texts), 4):
                texts[i] = re.sub(r"move\((-?\d+), (-?\d+)\)", r"move('\1', '\2')", texts[i])
            for i in range(1, len(texts), 4):
                texts[i] = "Grounding: Mine <|point_start|>(512,300)<|point_end|>\n" + texts[i]
            for i in range(2, len(texts), 8):
                texts[i] = "Action: press(w)\n" + texts[i]
        return texts
    if name == "motion":
        return [space.format(space.from_env(a, gui_open=rng.random() < 0.1)) for a in acts]
    if name == "grounding":
        verbs = ["Mine", "Kill", "Approach", "right click", "move to", "Explore"]
        out = []
        for _ in acts:
            v = rng.choice(verbs)
            pt = f"<|point_start|>({rng.randint(0, 999)},{rng.randint(0, 999)})<|point_end|>"
            obj = "<|object_ref_start|>oak log<|object_ref_end|>" if rng.random() < 0.5 else " "
            out.append(f"Grounding: {v}" + ("" if v == "Explore" else f" {obj.strip()}{pt}"))
        return out
    if name == "skill":
        skills = [SkillAction("mine", "oak_log"), SkillAction("craft", "wooden_pickaxe", 1),
                  SkillAction("smelt", "iron_ingot", 3), SkillAction("kill", "cow"),
                  SkillAction("eat", "bread")]  # fmt: skip
        return [space.format(rng.choice(skills)) for _ in acts]
    if name == "coa":
        text, motion = actions.get("text"), actions.get("motion")
        out = []
        for a in acts:
            step = motion.format(motion.from_env(a)) if rng.random() < 0.5 else (
                "Grounding: Mine <|object_ref_start|>log<|object_ref_end|><|point_start|>(5,9)<|point_end|>"
            )  # fmt: skip
            out.append(step + "\n" + text.format(a))
        return out
    raise KeyError(name)


def bench_space(name: str, acts: list[dict], rng: random.Random) -> dict:
    space = actions.get(name)
    texts = _corpus(name, acts, rng)
    parsed = [space.parse(t) for t in texts]  # also checks the corpus is valid
    n = len(texts)
    row = {"space": name, "n": n}
    row["parse_per_s"] = round(_rate(lambda: [space.parse(t) for t in texts], n))
    if name == "skill":
        row["note"] = "skills have no per-tick env action; parse only"
        return row
    if name == "grounding":
        obs = {"pov": np.zeros((360, 640, 3), np.uint8)}
        convert = lambda: [space.to_env(space.parse(t), obs) for t in texts]  # noqa: E731
    else:
        convert = lambda: [space.to_env(space.parse(t)) for t in texts]  # noqa: E731
    row["parse_to_env_per_s"] = round(_rate(convert, n))
    if name not in ("grounding", "coa", "skill", "env"):
        row["from_env_format_per_s"] = round(
            _rate(lambda: [space.format(space.from_env(a)) for a in acts], n)
        )
    del parsed
    return row


def bench_vpt_vectorised(episode: int, rng: np.random.Generator) -> dict:
    space = actions.get("vpt")
    batch = {k: (rng.random(episode) < 0.08).astype(np.int8) for k in env.BUTTONS}
    batch["camera"] = rng.normal(0, 5, size=(episode, 2)).astype(np.float32)
    from_rate = _rate(lambda: space.from_env_batch(batch), episode)
    joint = space.from_env_batch(batch)
    to_rate = _rate(lambda: space.to_env_batch(joint), episode)
    both = _rate(lambda: space.to_env_batch(space.from_env_batch(batch)), episode)
    return {"space": "vpt", "mode": "vectorised", "n": episode,
            "from_env_batch_per_s": round(from_rate), "to_env_batch_per_s": round(to_rate),
            "round_trip_per_s": round(both)}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20_000, help="strings per space")
    ap.add_argument("--episode", type=int, default=200_000, help="actions in the vpt episode")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    acts = _env_actions(args.n, rng)
    for name in actions.names():
        if name == "vpt":
            print(json.dumps(bench_vpt_vectorised(args.episode, np.random.default_rng(args.seed))))
        print(json.dumps(bench_space(name, acts, rng)), flush=True)


if __name__ == "__main__":
    main()
