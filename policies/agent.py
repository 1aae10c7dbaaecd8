"""`policy:PATH` — a low-level policy checkpoint as an `openha eval` agent.

The agent is light (no torch): it resizes the frame, sends {session, reset, frame, goal} to its
model client and turns the VPT classes it gets back into a MineRL action. `PolicyServer` is the
`BatchModel` the runner builds from the agent's `ModelSpec` (in-process, or one Ray actor shared
by all env workers): it keeps each episode's recurrent/memory state keyed by session id and runs
all pending envs as one batch.
"""

from __future__ import annotations

import json
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from openha.agent.base import ModelClient, ModelSpec


def checkpoint_image_size(path: str | Path) -> int:
    cfg = Path(path) / "config.json"
    if not cfg.is_file():
        raise FileNotFoundError(f"policy:{path}: no config.json there; pass a folder written by "
                                "`openha train` (e.g. policy:checkpoints/goap-small)")
    return int(json.loads(cfg.read_text())["image_size"])


class PolicyServer:
    """BatchModel over a policy checkpoint with per-session state (LRU-capped)."""

    def __init__(self, device: str = "cpu", path: str = "", temperature: float = 1.0,
                 seed: int = 0, max_sessions: int = 4096, threads: int = 0):
        import torch

        import policies
        from policies.modeling_base import split_state, stack_states

        if threads:
            torch.set_num_threads(threads)
        self.model = policies.load(path, device=device)
        self.temperature = float(temperature)
        self.generator = torch.Generator().manual_seed(int(seed))
        self.sessions: OrderedDict[str, dict] = OrderedDict()
        self.max_sessions = max_sessions
        self._split, self._stack = split_state, stack_states

    def predict_batch(self, inputs: Sequence[dict[str, Any]]) -> list[dict[str, int]]:
        import torch

        fresh = self.model.init_state(1)
        states = []
        for x in inputs:
            known = x["session"] in self.sessions and not x.get("reset")
            states.append(self.sessions[x["session"]] if known else fresh)
        frames = torch.from_numpy(np.stack([np.asarray(x["frame"], np.uint8) for x in inputs]))
        actions, state = self.model.act(frames, [x["goal"] for x in inputs],
                                        self._stack(states), self.temperature, self.generator)
        for x, s in zip(inputs, self._split(state, len(inputs)), strict=True):
            self.sessions[x["session"]] = s
            self.sessions.move_to_end(x["session"])
        while len(self.sessions) > self.max_sessions:
            self.sessions.popitem(last=False)
        return [{"buttons": int(b), "camera": int(c)} for b, c in actions.tolist()]


class PolicyAgent:
    """Follows the ModelAgent protocol (`model_spec`, `attach`, `reset`, `act`)."""

    def __init__(self, path: str, temperature: float = 1.0, seed: int = 0):
        from openha.actions import get

        self.path = str(Path(path).resolve())
        self.name = f"policy:{path}"
        self.image_size = checkpoint_image_size(self.path)
        self.temperature, self.seed = float(temperature), int(seed)
        self.space = get("vpt")
        self.client: ModelClient | None = None
        self.session, self.goal, self._reset = "", "", True

    def model_spec(self) -> ModelSpec:
        return ModelSpec.of("policies.agent:PolicyServer", max_batch=32, max_wait_ms=5.0,
                            path=self.path, temperature=self.temperature, seed=self.seed)

    def attach(self, client: ModelClient) -> None:
        self.client = client

    def reset(self, task: Any, obs: Any = None, info: Any = None) -> None:
        self.session = uuid.uuid4().hex
        self.goal = str(getattr(task, "instruction", "") or getattr(task, "id", ""))
        self._reset = True

    def act(self, obs: Any, info: Any = None) -> tuple[dict, dict]:
        if self.client is None:
            raise RuntimeError(f"{self.name}: no model client; the eval runner calls attach()")
        s = self.image_size
        frame = cv2.resize(np.asarray(obs["pov"]), (s, s), interpolation=cv2.INTER_AREA)
        out = self.client.infer({"session": self.session, "reset": self._reset,
                                 "frame": frame, "goal": self.goal})
        self._reset = False
        return self.space.to_env(out), {"text": self.space.format(out)}


def policy_agent(path: str, **kwargs: Any) -> PolicyAgent:
    """Registry factory for `policy:PATH` (options: `policy:PATH#temperature=0.5,seed=3`)."""
    path, _, opts = path.partition("#")
    kw = dict(p.split("=", 1) for p in opts.split(",") if p)
    return PolicyAgent(path, temperature=float(kw.get("temperature", kwargs.get("temperature", 1.0))),
                       seed=int(kw.get("seed", kwargs.get("seed", 0))))
