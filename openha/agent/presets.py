"""Named hierarchical agents for `openha eval --agent` and the app, and YAML files composing a
planner and an executor:

    oracle            recipe planner + scripted skills (privileged: the planner's ceiling)
    optimus2-small    recipe planner + policy:checkpoints/goap-small
    hf-planner:PATH   a local HF multimodal model plans; scripted skills execute (`hf:PATH`
                      is the model acting directly, `openha.coa.agent`)
    openai:URL#model  an OpenAI-compatible server plans; scripted skills execute
    agent.yaml        {planner: "recipe", executor: "policy:ckpt", name: ..., retries: 2,
                       on_bad_plan: fallback, fallback: recipe, max_replans: 200,
                       planner_options: {...}}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .executors import make_executor
from .hierarchical import HierarchicalAgent, HierarchicalConfig

__all__ = ["oracle", "optimus2_small", "hf_planner_agent", "openai_agent", "from_yaml", "build"]

_CONFIG_KEYS = ("retries", "on_bad_plan", "fallback", "max_replans")


def build(planner: str, executor: str, name: str | None = None, planner_options: dict | None = None,
          **config: Any) -> HierarchicalAgent:
    """A HierarchicalAgent from a planner name and an executor name."""
    from openha.planners import make_planner

    return HierarchicalAgent(make_planner(planner, **(planner_options or {})), make_executor(executor),
                             HierarchicalConfig(**config), name=name)


def oracle() -> HierarchicalAgent:
    """Recipe planner + privileged scripted skills (an oracle: reads the game state)."""
    return build("recipe", "skills", name="oracle")


def optimus2_small(path: str | None = None) -> HierarchicalAgent:
    """Recipe planner + the GOAP low-level policy checkpoint (Optimus-2 style); by default the
    shipped `checkpoints/goap-small`."""
    if path is None:
        import checkpoints

        path = str(checkpoints.path("goap-small"))
    return build("recipe", f"policy:{path}", name="optimus2-small")


def hf_planner_agent(path: str, executor: str = "skills") -> HierarchicalAgent:
    """A local HF multimodal model as the planner over `executor` (default: scripted skills)."""
    return build(f"hf:{path}", executor, name=f"hf-planner:{path}")


def openai_agent(spec: str, executor: str = "skills") -> HierarchicalAgent:
    """`URL#model` of an OpenAI-compatible server as the planner over `executor`."""
    return build(f"openai:{spec}", executor, name=f"openai:{spec}")


def from_yaml(path: str | Path) -> HierarchicalAgent:
    """An agent described by a YAML file (keys: module docstring). Errors name the file and key."""
    p = Path(path)
    if not p.is_file():
        raise ValueError(f"agent file {p}: not found")
    d = yaml.safe_load(p.read_text()) or {}
    if not isinstance(d, dict):
        raise ValueError(f"{p}: expected a mapping with planner and executor keys")
    unknown = set(d) - {"planner", "executor", "name", "planner_options", *_CONFIG_KEYS}
    if unknown:
        raise ValueError(f"{p}: unknown keys {sorted(unknown)}; allowed: planner, executor, name, "
                         f"planner_options, {', '.join(_CONFIG_KEYS)}")
    for key in ("planner", "executor"):
        if not isinstance(d.get(key), str):
            raise ValueError(f"{p}: '{key}' must be a name string, e.g. planner: recipe, executor: skills")
    config = {k: d[k] for k in _CONFIG_KEYS if k in d}
    return build(d["planner"], d["executor"], d.get("name") or p.stem, d.get("planner_options"), **config)
