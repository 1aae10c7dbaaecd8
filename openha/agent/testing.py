"""Agents for testing the evaluation system itself (and a cluster before a long run).

`chaos:CLAUSE,CLAUSE,…` acts like `random` and injects faults. A clause `FAULT[@STEP][=GLOB]`
injects FAULT at step STEP (default 3; 0 = during reset) of episodes whose task id matches GLOB
(default: every task; the first matching clause wins); option clauses `attempts=N` (fault only on
tries < N; default 1: the first try fails and the retry succeeds), `seed=S` (only that seed) and
`hang_s=T` apply to all. Faults:

    raise      the agent raises              env-raise  the env's step() raises
    hang       the agent blocks forever      env-hang   the env's step() blocks forever
    kill       SIGKILL of the worker process (never use it with the in-process runner)
    none       no fault

e.g. `chaos:kill@5=mine_block/*,hang@2=craft_item/stick,attempts=1`.

`test-model:[delay=SECONDS]` is a model-driven agent whose tiny `EchoModel` is served by the
runner's batched inference server: it exercises `ModelAgent` end to end.
"""

from __future__ import annotations

import fnmatch
import os
import signal
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from envs.voxel.spaces import noop

from .base import ModelClient, ModelSpec
from .random_agent import RandomAgent

FAULTS = ("none", "raise", "hang", "kill", "env-raise", "env-hang")


class ChaosError(RuntimeError):
    """The injected fault."""


class ChaosAgent(RandomAgent):
    name = "chaos"
    privileged = True  # bound to the env so it can make the env itself fail

    def __init__(self, faults: list[tuple[str, int, str]] | None = None, attempts: int = 1,
                 seed: int | None = None, hang_s: float = 3600.0):
        super().__init__()
        self.faults = list(faults or [])
        for fault, _, _ in self.faults:
            if fault not in FAULTS:
                raise ValueError(f"chaos fault {fault!r}: choose from {', '.join(FAULTS)}")
        self.attempts, self.seed, self.hang_s = int(attempts), seed, float(hang_s)
        self.env = None
        self.fault, self.step = "none", 0
        self._t = 0
        self._armed = False

    def bind(self, env: Any) -> ChaosAgent:
        self.env = getattr(env, "unwrapped", env)
        return self

    def reset(self, task: Any, obs: Any = None, info: Any = None) -> None:
        super().reset(task, obs, info)
        if self.env is not None:  # an env fault armed last episode but never reached
            self.env.__dict__.pop("step", None)
        ep = (info or {}).get("episode") or {}
        task_id = str(getattr(task, "id", ""))
        self._t = 0
        self.fault, self.step = next(
            ((f, s) for f, s, glob in self.faults if fnmatch.fnmatchcase(task_id, glob)), ("none", 0))
        self._armed = (
            self.fault != "none"
            and int(ep.get("attempt", 0)) < self.attempts
            and (self.seed is None or int(ep.get("seed", -1)) == self.seed)
        )
        if self._armed and self.step == 0:
            self._fire()

    def act(self, obs: Any = None, info: Any = None) -> tuple[dict, dict]:
        self._t += 1
        if self._armed and self._t == self.step:
            self._fire()
        return super().act(obs, info)

    def _fire(self) -> None:
        self._armed = False
        if self.fault == "raise":
            raise ChaosError(f"chaos: agent raised at step {self._t}")
        if self.fault == "hang":
            time.sleep(self.hang_s)
        elif self.fault == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        elif self.fault in ("env-raise", "env-hang") and self.env is not None:
            env, fault, hang_s = self.env, self.fault, self.hang_s

            def broken_step(action):  # one-shot: the next reset starts clean
                del env.step
                if fault == "env-hang":
                    time.sleep(hang_s)
                raise ChaosError("chaos: env.step raised")

            env.step = broken_step


def chaos_agent(arg: str = "") -> ChaosAgent:
    """Parse the clauses of `chaos:…` (see the module docstring)."""
    faults: list[tuple[str, int, str]] = []
    kw: dict[str, Any] = {}
    for clause in filter(None, (c.strip() for c in arg.split(","))):
        left, _, right = clause.partition("=")
        if left in ("attempts", "seed"):
            kw[left] = int(right)
        elif left == "hang_s":
            kw[left] = float(right)
        else:
            fault, _, step = left.partition("@")
            if fault not in FAULTS:
                raise ValueError(f"chaos clause {clause!r}: a fault ({', '.join(FAULTS)}) "
                                 "or attempts=N, seed=S, hang_s=T")
            faults.append((fault, int(step) if step else 3, right or "*"))
    return ChaosAgent(faults, **kw)


class EchoModel:
    """A stand-in network: maps a frame statistic to an action; counts the batches it saw."""

    def __init__(self, device: str = "cpu", delay: float = 0.0):
        self.device, self.delay = device, float(delay)
        self.batch_sizes: list[int] = []

    def predict_batch(self, inputs: Sequence[Any]) -> list[Any]:
        self.batch_sizes.append(len(inputs))
        if self.delay:
            time.sleep(self.delay)
        return [{"forward": 1, "attack": int(x["step"] % 2), "yaw": 1.0 if x["mean"] > 100 else -1.0}
                for x in inputs]


class ModelTestAgent:
    """Sends a tiny summary of each frame to its model and executes the answer."""

    name = "test-model"

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.client: ModelClient | None = None
        self._t = 0

    def model_spec(self) -> ModelSpec:
        return ModelSpec.of("openha.agent.testing:EchoModel", max_batch=8, delay=self.delay)

    def attach(self, client: ModelClient) -> None:
        self.client = client

    def reset(self, task: Any, obs: Any = None, info: Any = None) -> None:
        self._t = 0

    def act(self, obs: Any = None, info: Any = None) -> tuple[dict, dict]:
        if self.client is None:
            raise RuntimeError("test-model needs a model client: the runner calls attach()")
        self._t += 1
        out = self.client.infer({"step": self._t, "mean": float(np.mean(obs["pov"]))})
        a = noop()
        a["forward"], a["attack"] = out["forward"], out["attack"]
        a["camera"] = np.array([0.0, out["yaw"]], np.float32)
        return a, {"text": f"model said {out}"}


def model_agent(arg: str = "") -> ModelTestAgent:
    kw = dict(p.split("=", 1) for p in arg.split(",") if p)
    return ModelTestAgent(delay=float(kw.get("delay", 0.0)))
