"""Per-browser-session plumbing: the env each session owns, a frame-rate meter, and the registry
that closes a session's envs when its browser tab goes away.

Every session object lives in a `gr.State` of its own browser session (never shared); the
registry only maps a Gradio session hash to the objects to close on `unload`.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any

DEFAULT_SIZE = (640, 360)


def make_env(width: int = DEFAULT_SIZE[0], height: int = DEFAULT_SIZE[1]) -> Any:
    """A VoxelWorld env (MineRL spaces) for one session."""
    import gymnasium as gym

    import envs  # noqa: F401  (registers openha/VoxelWorld-v0)

    return gym.make("openha/VoxelWorld-v0", width=width, height=height)


class FpsMeter:
    """Frames per second over the last `window` seconds."""

    def __init__(self, window: float = 2.0):
        self.window = window
        self._t: deque[float] = deque()

    def tick(self, now: float | None = None) -> None:
        now = time.perf_counter() if now is None else now
        self._t.append(now)
        while self._t and now - self._t[0] > self.window:
            self._t.popleft()

    def reset(self) -> None:
        self._t.clear()

    @property
    def fps(self) -> float:
        if len(self._t) < 2:
            return 0.0
        span = self._t[-1] - self._t[0]
        return (len(self._t) - 1) / span if span > 0 else 0.0


class EnvSession:
    """Owns one env (made on first use) and a lock: a tick and a button click of the same browser
    session never step the env at the same time."""

    def __init__(self, width: int = DEFAULT_SIZE[0], height: int = DEFAULT_SIZE[1]):
        self.width, self.height = width, height
        self.env: Any = None
        self.lock = threading.RLock()
        self.closed = False

    def ensure_env(self) -> Any:
        if self.closed:
            raise RuntimeError("this session was closed; reload the page")
        if self.env is None:
            self.env = make_env(self.width, self.height)
        return self.env

    def close(self) -> None:
        """Free the env (idempotent)."""
        with self.lock:
            self.closed = True
            if self.env is not None:
                self.env.close()
                self.env = None


class SessionRegistry:
    """Session objects by Gradio session hash, so `demo.unload` can free them at once (Gradio
    itself keeps a closed tab's `gr.State` for an hour before its delete callback runs)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_hash: dict[str, list[EnvSession]] = {}

    def add(self, session_hash: str | None, obj: EnvSession) -> EnvSession:
        with self._lock:
            objs = self._by_hash.setdefault(session_hash or "", [])
            if all(o is not obj for o in objs):
                objs.append(obj)
        return obj

    def close(self, session_hash: str | None) -> int:
        """Close every object of a session; returns how many were closed."""
        with self._lock:
            objs = self._by_hash.pop(session_hash or "", [])
        for o in objs:
            o.close()
        return len(objs)

    def live(self) -> int:
        """Open session objects holding an env (for diagnostics and tests)."""
        with self._lock:
            return sum(
                1
                for objs in self._by_hash.values()
                for o in objs
                if o.env is not None and not o.closed
            )


def close_state(obj: Any) -> None:
    """`gr.State(delete_callback=...)`: close a session object if there is one."""
    if isinstance(obj, EnvSession):
        obj.close()
