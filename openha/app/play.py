"""The Play tab's per-session logic: a human drives the env from browser controls, with the
task's success check live and optional recording as a demonstration (mp4 + VPT jsonl + json)."""

from __future__ import annotations

import re
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from . import panels
from .controls import KeyMapper, describe
from .recording import DemoRecorder
from .session import EnvSession, FpsMeter


class PlaySession(EnvSession):
    """One player's episode: `start`, then one `tick(controls)` per frame."""

    def __init__(
        self,
        width: int = 640,
        height: int = 360,
        min_interval: float = 1 / 20,
        pipelined: bool = True,
    ):
        super().__init__(width, height)
        self.mapper = KeyMapper()
        self.meter = FpsMeter()
        self.task: Any = None
        self.seed = 0
        self.obs: dict | None = None
        self.info: dict | None = None
        self.steps = 0
        self.done: str | None = None  # why the episode stopped (death)
        self.success_step: int | None = None
        self.last_action: dict | None = None
        self.recorder: DemoRecorder | None = None
        self.saved: dict[str, str] | None = None  # files of the last finished recording
        self.min_interval = min_interval
        self.pipelined = pipelined
        self._pool: ThreadPoolExecutor | None = None
        self._inflight: tuple[dict, Future] | None = None
        self._last_step = 0.0
        self._shown: list[str] | None = None  # panels the page shows (see LiveTabs.play_views)

    # -- episode -------------------------------------------------------------------------------
    def start(self, task: Any, seed: int, record_to: str | Path | None = None) -> None:
        """Reset for `task` (None = free play) with `seed`; record from the first frame when
        `record_to` names a dataset folder."""
        with self.lock:
            try:
                self._collect()
            except Exception:  # the old episode's last step failed: it is being replaced anyway
                pass
            self.stop_recording()
            env = self.ensure_env()
            options = {"task": task} if task is not None else {}
            self.obs, self.info = env.reset(seed=int(seed), options=options)
            self.task, self.seed = task, int(seed)
            self.steps, self.done, self.success_step, self.last_action = 0, None, None, None
            self.mapper.reset()
            self.meter.reset()
            self._last_step = 0.0
            if record_to:
                self.start_recording(record_to)

    @property
    def running(self) -> bool:
        return self.obs is not None and self.done is None and not self.closed

    def success(self) -> bool:
        if self.task is None or self.obs is None:
            return False
        return bool(self.task.success.check(self.info["stats"], self.obs["inventory"]))

    def tick(self, controls: Any) -> bool:
        """Start one env step from the browser's control state (none when there is no episode, or
        the last step is under `min_interval` old: the game runs at most 20 steps/s). True when
        the episode's state changed (new frame) since the last tick.

        Pipelined: the step runs on the session's worker thread while this tick's reply (the
        frame of the previous step) travels to the browser, so a frame costs max(step, round
        trip) instead of their sum; input shows up one frame later."""
        with self.lock:
            changed = self._collect()
            if not self.running:
                return changed
            now = time.perf_counter()
            if now - self._last_step < self.min_interval:
                return changed
            self._last_step = now
            game = self.env.unwrapped.game
            cursor = _cursor(game)
            action = self.mapper(controls, cursor)
            # what the recording needs from before the step: the frame seen, GUI state, cursor
            rec = (
                None
                if self.recorder is None
                else (self.recorder, self.obs["pov"], bool(game.gui_open), cursor)
            )
            if self.pipelined:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(1, thread_name_prefix="openha-play")
                self._inflight = (action, rec, self._pool.submit(self.env.step, action))
            else:
                self._apply(action, rec, self.env.step(action))
                changed = True
            return changed

    def _collect(self) -> bool:
        """Apply the result of the step in flight, if any (waits for it); True if there was one."""
        if self._inflight is None:
            return False
        action, rec, fut = self._inflight
        self._inflight = None
        self._apply(action, rec, fut.result())
        return True

    def _apply(self, action: dict, rec: tuple | None, result: tuple) -> None:
        self.obs, _, terminated, truncated, self.info = result
        self.steps += 1
        self.last_action = action
        self.meter.tick()
        if rec is not None:  # the hotbar and counters after the step, as the format wants
            recorder, frame, gui_open, cursor = rec
            recorder.write(
                frame,
                action,
                hotbar=int(self.env.unwrapped.game.inventory.selected),
                gui_open=gui_open,
                cursor=cursor,
                stats=self.info["stats"],
            )
        if self.success_step is None and self.success():
            self.success_step = self.steps
        if terminated or truncated:
            cause = (self.info.get("death") or {}).get("cause", "?")
            self.done = f"died ({cause})" if terminated else "truncated"
            self.stop_recording()

    def flush(self) -> None:
        """Wait for the step in flight (tests; `start` and `close` do it themselves)."""
        with self.lock:
            self._collect()

    # -- recording -----------------------------------------------------------------------------
    def start_recording(self, folder: str | Path) -> str:
        """Begin recording into `folder` from the current frame; returns the episode name."""
        with self.lock:
            if self.obs is None:
                raise RuntimeError("start an episode before recording")
            self._collect()
            if self.recorder is not None:
                return self.recorder.name
            t = self.task
            slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", t.id if t is not None else "free_play")
            base = name = f"{slug}-seed{self.seed}-{time.strftime('%Y%m%d-%H%M%S')}"
            k = 1
            while any(Path(folder, name + ext).exists() for ext in (".json", ".mp4", ".jsonl")):
                k += 1
                name = f"{base}-{k}"
            meta = {
                "episode_id": name, "recorded_by": "openha app (Play tab)",
                "task": t.id if t is not None else None, "family": t.family if t is not None else None,
                "instruction": t.instruction if t is not None else "free play",
                "seed": self.seed, "world_seed": t.init.seed if t is not None else None,
                "resolution": [self.width, self.height], "start_step": self.steps,
            }  # fmt: skip
            self.recorder = DemoRecorder(folder, name, meta)
            self.saved = None
            return name

    def stop_recording(self) -> dict[str, str] | None:
        """Finish the recording (if any) with the episode's result; returns the files written."""
        with self.lock:
            self._collect()  # the step in flight belongs to the recording
            rec, self.recorder = self.recorder, None
            if rec is None:
                return None
            if rec.ticks == 0:
                rec.abort()
                return None
            ok = self.success()
            self.saved = rec.close(
                success=ok,
                steps=self.steps,
                end_reason=self.done or ("success" if ok else "stopped"),
                stats=dict(self.info["stats"]),
                inventory=dict(self.obs["inventory"]),
            )
            return self.saved

    def close(self) -> None:
        with self.lock:
            try:
                self._collect()
                self.stop_recording()
            finally:
                if self._pool is not None:
                    self._pool.shutdown(wait=True)
                    self._pool = None
                super().close()

    # -- views ---------------------------------------------------------------------------------
    def pov_url(self) -> str:
        if self.obs is None:
            return panels.placeholder(
                "Pick a task (or free play) and press Start", self.width, self.height
            )
        return panels.jpeg_data_url(self.obs["pov"])

    def status(self) -> str:
        extra = []
        if self.recorder is not None:
            extra.append(f"● REC {self.recorder.ticks} frames")
        if self.done:
            extra.append(self.done)
        if self.obs is not None and self.obs.get("is_gui_open"):
            game = getattr(self.env.unwrapped, "game", None) if self.env is not None else None
            extra.append(
                f"GUI: {getattr(getattr(game, 'gui', None), 'kind', 'screen')} (E/Esc closes)"
            )
        if self.last_action is not None:
            extra.append(describe(self.last_action))
        limit = self.task.max_steps if self.task is not None else None
        return panels.status_html("play", self.steps, limit, self.meter.fps, " · ".join(extra))

    def inventory(self) -> str:
        return panels.inventory_html(self.obs)

    def success_panel(self) -> str:
        if self.obs is None:
            return panels.success_html(self.task, None, None)
        html = panels.success_html(self.task, self.info["stats"], self.obs["inventory"], self.done)
        if self.success_step is not None:
            html += f"<div>first success at step {self.success_step}</div>"
        if self.task is not None and self.steps > self.task.max_steps and self.success_step is None:
            html += f"<div>past the task's step limit ({self.task.max_steps})</div>"
        return html


def _cursor(game: Any) -> tuple[float, float] | None:
    if game.gui_open and game.gui is not None and hasattr(game.gui, "cursor"):
        return float(game.gui.cursor[0]), float(game.gui.cursor[1])
    return None
