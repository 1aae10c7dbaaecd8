"""One registry for every agent name `openha eval --agent` and the app accept.

    @register("random")                    # exact name: factory() -> Agent
    class RandomAgent: ...

    @register("policy:")                   # prefix: factory(rest) -> Agent, e.g. "policy:ckpt/x"
    def _policy(path: str): ...

    make_agent("random"); make_agent("policy:checkpoints/goap-small")

Built-in names are registered lazily ("module:attr" strings), so importing the registry never
imports torch, ray or a checkpoint; the module is imported the first time its name is used.
Other packages register theirs with `register(name)` or by adding a lazy entry with
`register_lazy(name, "module:attr")`.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable
from typing import Any

from .base import Agent

__all__ = ["register", "register_lazy", "make_agent", "names", "AgentError"]

Factory = Callable[..., Agent]

# name -> factory, or "module:attr" still to import. Names ending with ":" are prefixes.
_REGISTRY: dict[str, Factory | str] = {
    "random": "openha.agent.random_agent:RandomAgent",
    "noop": "openha.agent.random_agent:NoopAgent",
    "expert": "openha.experts.agent:ExpertAgent",
    "chaos:": "openha.agent.testing:chaos_agent",
    "test-model:": "openha.agent.testing:model_agent",
    "policy:": "policies.agent:policy_agent",
    "coa:": "openha.coa.agent:coa_agent",
    "coa-small": "openha.coa.agent:coa_small",
    "hf:": "openha.coa.agent:hf_agent",
    "oracle": "openha.agent.presets:oracle",
    "optimus2-small": "openha.agent.presets:optimus2_small",
    "hf-planner:": "openha.agent.presets:hf_planner_agent",
    "openai:": "openha.agent.presets:openai_agent",
}


class AgentError(ValueError):
    """An agent name that cannot be built."""


def register(name: str) -> Callable[[Factory], Factory]:
    """Decorator: map `name` (or a `prefix:`) to a factory (a class or function)."""
    if not name or (":" in name and not name.endswith(":")):
        raise ValueError(f"agent name {name!r}: use 'name' or a 'prefix:' ending with ':'")

    def deco(factory: Factory) -> Factory:
        _REGISTRY[name] = factory
        return factory

    return deco


def register_lazy(name: str, target: str) -> None:
    """Register `name` -> "module:attr", imported on first use."""
    register(name)  # validates the name
    _REGISTRY[name] = target


def names() -> list[str]:
    """Every registered name; prefixes shown as `prefix:ARG`."""
    return sorted(n + "ARG" if n.endswith(":") else n for n in _REGISTRY)


def _resolve(key: str) -> Factory:
    f = _REGISTRY[key]
    if isinstance(f, str):
        mod, _, attr = f.partition(":")
        try:
            f = getattr(importlib.import_module(mod), attr)
        except (ImportError, AttributeError) as e:
            raise AgentError(f"agent {key.rstrip(':')!r} is registered as {_REGISTRY[key]!r} "
                             f"but cannot be imported: {e}") from e
        _REGISTRY[key] = f
    return f


def make_agent(spec: str, **kwargs: Any) -> Agent:
    """Build an agent from its name: an exact name (`random`, `expert`) or `prefix:ARG`
    (`policy:PATH`, `chaos:kill@5`), the part after the first ':' passed as the first argument.
    Unknown names raise AgentError listing the known ones."""
    spec = spec.strip()
    if spec in _REGISTRY and not spec.endswith(":"):
        return _resolve(spec)(**kwargs)
    prefix, sep, rest = spec.partition(":")
    if sep and prefix + ":" in _REGISTRY:
        return _resolve(prefix + ":")(rest, **kwargs)
    if spec.endswith((".yaml", ".yml")):  # an agent preset file (planner + executor)
        from .presets import from_yaml

        return from_yaml(spec)
    close = difflib.get_close_matches(spec, [n.rstrip(":") for n in _REGISTRY], n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise AgentError(f"unknown agent {spec!r}{hint}; known agents: {', '.join(names())}")
