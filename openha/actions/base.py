"""The `ActionSpace` contract, its errors and the registry behind `openha.actions.get`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["ActionError", "ParseError", "ActionSpace", "register", "get", "names"]


class ActionError(ValueError):
    """An action value that a space cannot accept (wrong key, type, shape or range)."""


class ParseError(ActionError):
    """Text a parser cannot accept, with the position and why.

    `pos` is a 0-based character index into `text`, or a token index when `text` is a sequence
    of token ids. Agents turn it into a no-op plus a recorded error; it is the only exception
    parsers raise.
    """

    def __init__(self, reason: str, text: Any = "", pos: int = 0, space: str = "") -> None:
        self.reason = reason
        self.text = text
        self.pos = max(0, min(pos, len(text))) if isinstance(text, str) else pos
        self.space = space
        super().__init__(self._message())

    def _message(self) -> str:
        where = f"{self.space}: " if self.space else ""
        if isinstance(self.text, str):
            near = self.text[self.pos : self.pos + 24]
            tail = f" (near {near!r})" if near else " (at end of input)"
            return f"{where}position {self.pos}: {self.reason}{tail}"
        return f"{where}token {self.pos}: {self.reason}"


class ActionSpace:
    """One way of writing an action: text (or ids) <-> a Python object <-> MineRL env actions.

    Subclasses set `name` and implement what makes sense for them; the rest raise ActionError.
    """

    name: str = ""

    def parse(self, text: str) -> Any:
        raise ActionError(f"{self.name}: this space has no text form")

    def format(self, obj: Any) -> str:
        raise ActionError(f"{self.name}: this space has no text form")

    def to_env(self, obj: Any, obs: Any = None) -> dict:
        raise ActionError(f"{self.name}: this space does not convert to env actions")

    def from_env(self, env_action: Any) -> Any:
        raise ActionError(f"{self.name}: this space cannot be derived from env actions")

    def to_env_or_noop(self, text: str, obs: Any = None) -> tuple[dict, ParseError | None]:
        """parse + to_env that never raises on model output: a no-op and the error instead."""
        from openha.actions.env import noop

        try:
            return self.to_env(self.parse(text), obs), None
        except ParseError as err:
            return noop(), err

    def __repr__(self) -> str:
        return f"<ActionSpace {self.name!r}>"


_FACTORIES: dict[str, Callable[..., ActionSpace]] = {}
_DEFAULTS: dict[str, ActionSpace] = {}


def register(name: str) -> Callable:
    """Class decorator: `@register("text") class TextSpace(ActionSpace)`; later names replace."""

    def deco(factory: Callable[..., ActionSpace]) -> Callable[..., ActionSpace]:
        _FACTORIES[name] = factory
        _DEFAULTS.pop(name, None)
        return factory

    return deco


def get(name: str, **kwargs: Any) -> ActionSpace:
    """The space called `name`; with kwargs a new instance configured by them, else a shared one."""
    if name not in _FACTORIES:
        import difflib

        close = difflib.get_close_matches(name, list(_FACTORIES), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise KeyError(f"unknown action space {name!r}{hint}; known: {', '.join(_FACTORIES)}")
    if kwargs:
        return _FACTORIES[name](**kwargs)
    if name not in _DEFAULTS:
        _DEFAULTS[name] = _FACTORIES[name]()
    return _DEFAULTS[name]


def names() -> list[str]:
    """Registered space names, in registration order."""
    return list(_FACTORIES)
