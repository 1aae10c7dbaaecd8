"""The environments `openha eval --env NAME` runs on: one registry, name -> `EvalEnv`.

An `EvalEnv` says how a worker builds the env, which tasks exist, which agents speak its
actions and how an action reads in a trace. Entries name their functions as "module:attr"
strings, so the registry is plain data (it pickles into Ray workers) and choosing `voxel` never
imports crafter:

    get_env("crafter").load_tasks("tag:easy")       # TaskSpecs
    get_env("crafter").make(64, 64)                 # a gymnasium env
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["EvalEnv", "ENVS", "get_env", "env_names"]


def _resolve(target: str) -> Any:
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


@dataclass(frozen=True)
class EvalEnv:
    """How `openha eval` uses one environment (every field a lazy "module:attr" but the sizes)."""

    name: str
    factory: str  # (width, height) -> gymnasium env whose reset takes options={"task": TaskSpec}
    tasks: str  # (selection, tasks_root) -> list[TaskSpec]
    agents: str  # (agent spec) -> agent: the agent registry, or the env's own agents
    default_size: tuple[int, int]  # pov (width, height) when --width/--height are not given
    trace_action: str | None = None  # (action) -> MineRL-like mapping for the JSONL trace

    def make(self, width: int, height: int) -> Any:
        return _resolve(self.factory)(width, height)

    def load_tasks(self, selection: str = "all", tasks_root: Path | str | None = None) -> list[Any]:
        return list(_resolve(self.tasks)(selection, tasks_root))

    def make_agent(self, spec: str) -> Any:
        return _resolve(self.agents)(spec)

    def describe(self, action: Any) -> Mapping[str, Any]:
        return action if self.trace_action is None else _resolve(self.trace_action)(action)

    def size(self, width: int | None, height: int | None) -> tuple[int, int]:
        """The pov size to run at: the given one, else this env's default."""
        w, h = self.default_size
        return int(width if width is not None else w), int(height if height is not None else h)


def voxel_tasks(selection: str = "all", tasks_root: Path | str | None = None) -> list[Any]:
    """Benchmark tasks (`benchmark_tasks/`, or another folder) chosen by `Suite.select`."""
    from openha.tasks import load_suite

    return list(load_suite(tasks_root).select(selection))


ENVS: dict[str, EvalEnv] = {
    "voxel": EvalEnv("voxel", "openha.eval.runner:make_env", "openha.eval.environments:voxel_tasks",
                     "openha.agent:make_agent", (640, 360)),
    "crafter": EvalEnv("crafter", "openha.compat.crafter:make_crafter_env",
                       "openha.compat.crafter:select_crafter_tasks",
                       "openha.compat.crafter:make_crafter_agent", (64, 64),
                       "openha.compat.crafter:describe_action"),
}  # fmt: skip


def env_names() -> list[str]:
    return sorted(ENVS)


def get_env(name: str) -> EvalEnv:
    """The registry entry for `name`; a ValueError listing the choices otherwise."""
    try:
        return ENVS[name]
    except KeyError:
        raise ValueError(f"--env {name!r}: unknown environment; choose one of "
                         f"{', '.join(env_names())}") from None
