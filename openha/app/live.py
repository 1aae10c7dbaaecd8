"""Callbacks of the Play and Watch tabs. Each takes the session object from `gr.State` (None before
the first use) and returns the values of its outputs in order; errors become an in-app message."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gradio as gr

from . import panels
from .play import PlaySession
from .session import SessionRegistry
from .tasks import TaskCatalog
from .watch import WatchSession

SKIP = gr.skip


@dataclass
class AppContext:
    """What the callbacks share: read-only configuration plus the unload registry."""

    catalog: TaskCatalog
    datasets_dir: Path
    runs_dir: Path
    width: int = 640
    height: int = 360
    registry: SessionRegistry = field(default_factory=SessionRegistry)


def _hash(request: Any) -> str | None:
    return getattr(request, "session_hash", None)


def _error(e: BaseException) -> str:
    msg = (
        f"{type(e).__name__}: {e}"
        if not isinstance(e, KeyError | ValueError | RuntimeError)
        else str(e)
    )
    return panels.message_html(msg.strip("'\""), "error")


class LiveTabs:
    """Play and Watch callbacks bound to one app context."""

    def __init__(self, ctx: AppContext):
        self.ctx = ctx

    # -- Play ------------------------------------------------------------------------------------
    def _play(self, sess: PlaySession | None, request: Any) -> PlaySession:
        if sess is None or sess.closed:
            sess = PlaySession(self.ctx.width, self.ctx.height)
        self.ctx.registry.add(_hash(request), sess)
        return sess

    def play_views(self, sess: PlaySession, only_changed: bool = False) -> tuple:
        """pov, status, success, inventory; with `only_changed`, panels equal to what the page
        already shows are skipped (less to send and re-render at 20 frames/s)."""
        views = [sess.pov_url(), sess.status(), sess.success_panel(), sess.inventory()]
        shown, sess._shown = sess._shown, list(views)
        if only_changed and shown is not None:
            views = [SKIP() if k > 0 and v == shown[k] else v for k, v in enumerate(views)]
        return tuple(views)

    def play_start(self, sess, task_id, seed, record, folder, request: gr.Request = None):
        """Start (or restart) an episode. Outputs: state, pov, status, success, inventory,
        message, timer."""
        try:
            sess = self._play(sess, request)
            task = self.ctx.catalog.get(task_id)
            sess.start(task, int(seed or 0), record_to=self._folder(folder) if record else None)
        except Exception as e:
            return (sess, SKIP(), SKIP(), SKIP(), SKIP(), _error(e), gr.Timer(active=False))
        what = (
            task.instruction.rstrip(".")
            if task is not None
            else f"free play, seed {int(seed or 0)}"
        )
        note = f" Recording to {self._folder(folder)}." if sess.recorder is not None else ""
        msg = panels.message_html(
            f"Started: {what}.{note} Click the view, then WASD / space / shift, arrows or "
            "'mouse-look' to turn, left/right click to attack/use, E inventory, 1–9 hotbar.",
            "info",
        )
        return (sess, *self.play_views(sess), msg, gr.Timer(active=True))

    def play_tick(self, sess, controls):
        """One frame. Outputs: pov, status, success, inventory, timer."""
        if sess is None or not sess.running:
            return SKIP(), SKIP(), SKIP(), SKIP(), gr.Timer(active=False)
        try:
            changed = sess.tick(controls)
        except Exception:
            sess.done = "error: " + traceback.format_exc(limit=2).strip().splitlines()[-1]
            changed = True
        if not changed:
            return SKIP(), SKIP(), SKIP(), SKIP(), SKIP()
        active = sess.running
        return (
            *self.play_views(sess, only_changed=True),
            SKIP() if active else gr.Timer(active=False),
        )

    def play_resume(self, sess):
        """The Play tab is shown again: tick again if an episode is running. Outputs: timer."""
        return gr.Timer(active=sess is not None and sess.running)

    def play_record(self, sess, folder, request: gr.Request = None):
        """Toggle recording. Outputs: message, status."""
        try:
            if sess is None or sess.obs is None:
                raise RuntimeError("start an episode first, then record")
            if sess.recorder is None:
                name = sess.start_recording(self._folder(folder))
                return panels.message_html(
                    f"● recording {name} into {self._folder(folder)}", "info"
                ), sess.status()
            saved = sess.stop_recording()
            if not saved:
                return panels.message_html(
                    "nothing was recorded (no frames)", "info"
                ), sess.status()
            return panels.message_html("saved " + ", ".join(saved.values()), "ok"), sess.status()
        except Exception as e:
            return _error(e), SKIP()

    def _folder(self, folder: str | None) -> Path:
        return Path(folder).expanduser() if folder else self.ctx.datasets_dir

    # -- Watch -----------------------------------------------------------------------------------
    def _watch(self, sess: WatchSession | None, request: Any) -> WatchSession:
        if sess is None or sess.closed:
            sess = WatchSession(self.ctx.width, self.ctx.height)
        self.ctx.registry.add(_hash(request), sess)
        return sess

    def watch_views(self, sess: WatchSession) -> tuple:
        video = str(sess.video_path) if sess.video_path else None
        return (
            sess.pov_url(),
            sess.status(),
            sess.success_panel(),
            sess.inventory(),
            sess.trace_text(),
            sess.action_text(),
            video,
        )

    def watch_start(self, sess, agent, task_id, seed, request: gr.Request = None):
        """Outputs: state, pov, status, success, inventory, trace, action, video, message, timer,
        pause button."""
        try:
            sess = self._watch(sess, request)
            task = self.ctx.catalog.get(task_id)
            if task is None:
                raise ValueError("the Watch tab needs a task: pick one from the list")
            sess.start(str(agent or "expert").strip(), task, int(seed or 0))
        except Exception as e:
            return (sess, *(SKIP(),) * 7, _error(e), gr.Timer(active=False), SKIP())
        msg = panels.message_html(f"{sess.agent_name} plays {task.id}: {task.instruction}", "info")
        return (
            sess,
            *self.watch_views(sess),
            msg,
            gr.Timer(active=sess.running),
            gr.Button("❚❚ Pause"),
        )

    def watch_tick(self, sess, speed):
        """Advance `speed` steps. Outputs: pov, status, success, inventory, trace, action, video,
        timer, pause button."""
        if sess is None or not sess.running:
            return (*(SKIP(),) * 7, gr.Timer(active=False), SKIP())
        if not sess.advance(max(1, int(speed or 1)), paced=True):
            return (*(SKIP(),) * 7, SKIP(), SKIP())
        if sess.running:
            return (*self.watch_views(sess), SKIP(), SKIP())
        return (*self.watch_views(sess), gr.Timer(active=False), gr.Button("▶ Resume"))

    def watch_pause(self, sess):
        """Toggle pause. Outputs: timer, pause button."""
        if sess is None or not sess.running:
            return gr.Timer(active=False), gr.Button("▶ Resume")
        sess.paused = not sess.paused
        if sess.paused:
            return gr.Timer(active=False), gr.Button("▶ Resume")
        return gr.Timer(active=True), gr.Button("❚❚ Pause")

    def watch_step(self, sess):
        """One step while paused. Outputs: pov, status, success, inventory, trace, action, video,
        timer, pause button."""
        if sess is None or not sess.running:
            return (*(SKIP(),) * 7, gr.Timer(active=False), SKIP())
        sess.paused = True
        sess.advance(1)
        return (*self.watch_views(sess), gr.Timer(active=False), gr.Button("▶ Resume"))

    def watch_stop(self, sess):
        """End the episode now. Outputs: same as watch_step."""
        if sess is None:
            return (*(SKIP(),) * 7, gr.Timer(active=False), SKIP())
        sess.stop()
        return (*self.watch_views(sess), gr.Timer(active=False), gr.Button("▶ Resume"))

    # -- task picker -----------------------------------------------------------------------------
    def task_choices(self, family: str, free_play: bool = True):
        return gr.Dropdown(choices=self.ctx.catalog.choices(family, free_play=free_play))

    def unload(self, request: gr.Request = None) -> None:
        """Browser tab closed: free this session's envs now."""
        self.ctx.registry.close(_hash(request))
