"""The Agent protocol every `openha eval --agent` name builds, the trace format they all share,
and the model interface for agents whose network runs in one shared batched inference server.

    agent = make_agent("random")                   # openha.agent.registry
    agent.reset(task, obs, info)                   # info["episode"] = {task, seed, attempt}
    env_action, trace = agent.act(obs, info)       # a MineRL action dict + what the agent thought

Agents never load a network themselves: one that needs a model returns a picklable `ModelSpec`
from `model_spec()` and is handed a `ModelClient` through `attach(client)`; the runner serves
the model in-process (`LocalModelClient`) or from one batched Ray actor shared by all env
workers (`openha.eval.ray_runner`).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np

__all__ = [
    "Agent",
    "ModelAgent",
    "BatchModel",
    "ModelClient",
    "ModelSpec",
    "LocalModelClient",
    "TRACE_FIELDS",
    "compact_action",
    "trace_record",
]

# Every trace line has these keys (None when an agent has nothing to say); agents may add more.
TRACE_FIELDS = ("step", "action", "plan", "text", "error")


@runtime_checkable
class Agent(Protocol):
    """What the eval runner drives. Optional attributes read with `getattr`:
    `privileged` (bool: call `bind(env)` before `reset`: it reads game state), `needs_pov`
    (bool, default True: False lets the runner skip 3-D rendering when no video is recorded)."""

    name: str

    def reset(self, task: Any, obs: Mapping[str, Any], info: Mapping[str, Any]) -> None:
        """Start an episode of `task` (a TaskSpec). `info["episode"]` holds task id, seed and
        attempt (0 for the first try)."""

    def act(self, obs: Mapping[str, Any], info: Mapping[str, Any]) -> tuple[dict, dict]:
        """One env action (MineRL dict) and a trace dict (`plan`, `text`, `error` …, see
        TRACE_FIELDS; the runner fills `step` and `action`)."""


class BatchModel(Protocol):
    """A network served to many episodes at once: one input per request, outputs in order."""

    def predict_batch(self, inputs: Sequence[Any]) -> list[Any]: ...


class ModelClient(Protocol):
    """How an agent reaches its model: one request, one answer (batching happens behind it)."""

    def infer(self, inputs: Any) -> Any: ...


@dataclass(frozen=True)
class ModelSpec:
    """A picklable recipe for a `BatchModel`: `factory` is "module:callable", called as
    `factory(device=..., **kwargs)`. Specs that compare equal share one inference server."""

    factory: str
    kwargs: tuple[tuple[str, Any], ...] = field(default=())
    max_batch: int = 32
    max_wait_ms: float = 5.0

    @classmethod
    def of(cls, factory: str, max_batch: int = 32, max_wait_ms: float = 5.0, **kwargs) -> ModelSpec:
        return cls(factory, tuple(sorted(kwargs.items())), max_batch, max_wait_ms)

    def build(self, device: str = "cpu") -> BatchModel:
        mod, _, attr = self.factory.partition(":")
        if not attr:
            raise ValueError(f"ModelSpec factory {self.factory!r}: expected 'module:callable'")
        fn = getattr(importlib.import_module(mod), attr)
        return fn(device=device, **dict(self.kwargs))


@runtime_checkable
class ModelAgent(Agent, Protocol):
    """An agent whose network is served by the runner (see module docstring)."""

    def model_spec(self) -> ModelSpec: ...

    def attach(self, client: ModelClient) -> None: ...


class LocalModelClient:
    """In-process serving: each request is a batch of one (plain loops, tests, `--workers 0`)."""

    def __init__(self, model: BatchModel):
        self.model = model

    def infer(self, inputs: Any) -> Any:
        return self.model.predict_batch([inputs])[0]


def compact_action(action: Mapping[str, Any]) -> str:
    """A MineRL action dict as a short string: pressed buttons joined by `+`, then the camera
    move when non-zero, e.g. `attack+forward cam(-1.5,3.0)`; `noop` when nothing happens."""
    keys = [k for k, v in action.items() if k != "camera" and _pressed(v)]
    out = "+".join(keys)
    cam = action.get("camera")
    if cam is not None:
        try:
            p, y = float(cam[0]), float(cam[1])
        except (TypeError, IndexError):
            p, y = (float(v) for v in np.asarray(cam, dtype=np.float64).reshape(-1)[:2])
        if abs(p) > 1e-6 or abs(y) > 1e-6:
            out = f"{out} cam({p:.1f},{y:.1f})".strip()
    return out or "noop"


def _pressed(v: Any) -> bool:
    if v.__class__ is int or v.__class__ is bool:
        return v != 0
    try:
        return bool(int(np.asarray(v).reshape(-1)[0]))
    except (TypeError, ValueError, IndexError):
        return bool(v)


def trace_record(step: int, action: Mapping[str, Any], trace: Mapping[str, Any] | None) -> dict:
    """One JSONL trace line: TRACE_FIELDS first (the expert's `note` counts as its plan), then
    any other JSON-able keys the agent added."""
    t = dict(trace or {})
    rec = {
        "step": int(step),
        "action": compact_action(action),
        "plan": t.pop("plan", None) or t.pop("note", None) or None,
        "text": t.pop("text", None),
        "error": t.pop("error", None),
    }
    for k, v in t.items():
        if k not in rec:
            rec[k] = v if isinstance(v, str | int | float | bool | type(None)) else str(v)
    return rec
