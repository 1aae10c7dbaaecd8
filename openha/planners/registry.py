"""The planner registry: `recipe`, `hf:PATH`, `openai:URL#model` (lazy: importing it loads no
model library). `make_planner("hf:/models/qwen", fallback="recipe")` passes keyword options on."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from .base import Planner, PlannerError

__all__ = ["register", "register_lazy", "make_planner", "names"]

_PLANNERS: dict[str, Callable[..., Planner] | str] = {
    "recipe": "openha.planners.recipe:RecipePlanner",
    "hf:": "openha.planners.hf:HFPlanner",
    "openai:": "openha.planners.openai_chat:OpenAIPlanner.from_spec",
}


def register(name: str, factory: Callable[..., Planner] | None = None):
    """Map `name` (or `prefix:`, whose factory gets the rest as its first argument) to a factory;
    usable as a decorator."""
    def deco(f):
        _PLANNERS[name] = f
        return f

    return deco if factory is None else deco(factory)


def register_lazy(name: str, target: str) -> None:
    """Register `name` → "module:attr[.attr]", imported on first use."""
    _PLANNERS[name] = target


def names() -> list[str]:
    return sorted(n + "ARG" if n.endswith(":") else n for n in _PLANNERS)


def _load(key: str) -> Callable[..., Planner]:
    f = _PLANNERS[key]
    if isinstance(f, str):
        mod, _, attrs = f.partition(":")
        try:
            obj: Any = importlib.import_module(mod)
            for a in attrs.split("."):
                obj = getattr(obj, a)
        except (ImportError, AttributeError) as e:
            raise PlannerError(f"planner {key.rstrip(':')!r} ({f}) cannot be imported: {e}") from e
        _PLANNERS[key] = f = obj
    return f


def make_planner(spec: str, **kwargs: Any) -> Planner:
    """Build a planner by name: `recipe`, `hf:PATH`, `openai:URL#model`."""
    spec = spec.strip()
    if spec in _PLANNERS and not spec.endswith(":"):
        return _load(spec)(**kwargs)
    prefix, sep, rest = spec.partition(":")
    if sep and prefix + ":" in _PLANNERS:
        if not rest:
            raise PlannerError(f"planner {spec!r}: give the argument after ':', e.g. hf:/path/to/model")
        return _load(prefix + ":")(rest, **kwargs)
    raise PlannerError(f"unknown planner {spec!r}; known planners: {', '.join(names())}")
