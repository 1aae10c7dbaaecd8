"""The Watch tab's per-session logic: an agent from the registry plays a task; the session steps
it on demand (pause / step / speed are the UI's) and writes the episode video as it goes."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from . import panels
from .controls import describe
from .session import EnvSession, FpsMeter


def agent_names() -> list[str]:
    """Agent names for the picker, from the registry (`openha.agent`): the exact names; the
    `prefix:ARG` kinds (`policy:PATH`, `hf:PATH` …) are typed into the box."""
    from openha.agent import names

    exact = [n for n in names() if not n.endswith(":ARG")]
    return sorted(exact, key=lambda n: (n != "expert", n))


def make_agent(name: str) -> Any:
    """An agent by registry name or spec; AgentError (a ValueError) names the known ones."""
    from openha.agent import make_agent as make

    return make(name)


class WatchSession(EnvSession):
    """An agent's episode, stepped by the UI; the video is written as it plays."""

    def __init__(self, width: int = 640, height: int = 360, video_dir: str | Path | None = None):
        super().__init__(width, height)
        self._own_dir = video_dir is None  # a temporary folder, removed by close()
        self.video_dir = Path(video_dir or tempfile.mkdtemp(prefix="openha-watch-"))
        self.meter = FpsMeter()
        self.agent: Any = None
        self.agent_name = ""
        self.task: Any = None
        self.seed = 0
        self.obs: dict | None = None
        self.info: dict | None = None
        self.steps = 0
        self.done: str | None = None
        self.trace: dict = {}
        self.last_action: dict | None = None
        self.video: Any = None
        self.video_path: Path | None = None
        self.episode = 0
        self.paused = False  # the UI's pause toggle
        self.min_interval = 1 / 20
        self._last_frame = 0.0

    def start(self, agent_name: str, task: Any, seed: int) -> None:
        """Reset the env for `task` and the agent `agent_name` (privileged agents are bound)."""
        if task is None:
            raise ValueError("pick a task for the agent to play")
        with self.lock:
            self._finish_video()
            agent = make_agent(agent_name)
            env = self.ensure_env()
            bind = getattr(agent, "bind", None)
            if callable(bind):  # privileged agents (the expert) read the game state
                bind(env)
            self.obs, info = env.reset(seed=int(seed), options={"task": task})
            self.info = {**info, "episode": {"task": task.id, "seed": int(seed), "attempt": 0}}
            agent.reset(task, self.obs, self.info)
            self.agent, self.agent_name, self.task, self.seed = agent, agent_name, task, int(seed)
            self.steps, self.done, self.trace, self.last_action = 0, None, {}, None
            self.paused = False
            self.meter.reset()
            self.episode += 1
            from openha.video import VideoWriter

            slug = task.id.replace("/", "-")
            self.video_path = None
            self.video = VideoWriter(
                self.video_dir / f"{agent_name.replace(':', '_').replace('/', '_')}-{slug}-"
                f"seed{seed}-{self.episode}.mp4"
            )
            self.video.write(self.obs["pov"])
            if self._success():
                self._end("success")

    @property
    def running(self) -> bool:
        return self.obs is not None and self.done is None and not self.closed

    def _success(self) -> bool:
        return bool(self.task.success.check(self.info["stats"], self.obs["inventory"]))

    def advance(self, n: int = 1, paced: bool = False) -> int:
        """Up to `n` agent steps (fewer when the episode ends); returns how many ran. `paced`:
        none when the last frame is under `min_interval` old (at most 20 frames/s)."""
        ran = 0
        with self.lock:
            now = time.perf_counter()
            if paced and now - self._last_frame < self.min_interval:
                return 0
            self._last_frame = now
            while ran < n and self.running:
                try:
                    action, trace = self.agent.act(self.obs, self.info)
                    self.obs, _, terminated, truncated, self.info = self.env.step(action)
                except Exception as e:  # an agent bug ends the episode, not the app
                    self._end(f"agent error: {type(e).__name__}: {e}")
                    break
                self.steps += 1
                ran += 1
                self.trace, self.last_action = dict(trace or {}), action
                self.video.write(self.obs["pov"])
                if self._success():
                    self._end("success")
                elif terminated or truncated:
                    cause = (self.info.get("death") or {}).get("cause", "?")
                    self._end(f"died ({cause})" if terminated else "truncated")
                elif self.steps >= self.task.max_steps:
                    self._end("step limit reached")
            if ran:
                self.meter.tick()
        return ran

    def stop(self) -> None:
        """End the episode now (the video so far becomes downloadable)."""
        with self.lock:
            if self.running:
                self._end("stopped")

    def _end(self, reason: str) -> None:
        self.done = reason
        self._finish_video()

    def _finish_video(self) -> None:
        if self.video is not None:
            self.video_path = self.video.close() if self.video.frames else None
            self.video = None

    def close(self) -> None:
        with self.lock:
            try:
                self._finish_video()
            finally:
                super().close()
                if self._own_dir:  # downloads were already copied into Gradio's cache
                    shutil.rmtree(self.video_dir, ignore_errors=True)

    # -- views ---------------------------------------------------------------------------------
    def pov_url(self) -> str:
        if self.obs is None:
            return panels.placeholder(
                "Pick a task and an agent, then press Start", self.width, self.height
            )
        return panels.jpeg_data_url(self.obs["pov"])

    def status(self) -> str:
        extra = [self.agent_name] if self.agent_name else []
        if self.done:
            extra.append(f"done: {self.done}")
        limit = self.task.max_steps if self.task is not None else None
        return panels.status_html("watch", self.steps, limit, self.meter.fps, " · ".join(extra))

    def action_text(self) -> str:
        if self.last_action is None:
            return ""
        try:
            from openha import actions

            text = actions.get("text")
            return describe(self.last_action) + "\n" + text.format(text.from_env(self.last_action))
        except Exception:
            return describe(self.last_action)

    def trace_text(self) -> str:
        return panels.trace_text(self.trace)

    def inventory(self) -> str:
        return panels.inventory_html(self.obs)

    def success_panel(self) -> str:
        if self.obs is None:
            return panels.success_html(self.task, None, None) if self.task else ""
        return panels.success_html(
            self.task,
            self.info["stats"],
            self.obs["inventory"],
            None if self.done == "success" else self.done,
        )
