"""Callbacks of the Results and Datasets tabs and of their episode player. Like `live.py`: session
objects come from `gr.State`, outputs are returned in order, errors become messages."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import gradio as gr

from . import datasets, panels, results
from .live import SKIP, AppContext, _error
from .player import Player, VideoSource

EPISODE_TABLE = ("task", "family", "seed", "success", "steps", "reason", "video")


def _df(rows: list[dict], columns: tuple[str, ...] | None = None):
    import pandas as pd  # a gradio dependency

    df = pd.DataFrame(rows)
    if columns is not None:
        df = df.reindex(columns=list(columns))
    return df


class BrowseTabs:
    def __init__(self, ctx: AppContext):
        self.ctx = ctx

    # -- player ----------------------------------------------------------------------------------
    def _open_player(self, old: Any, source: Any) -> Player:
        if isinstance(old, Player):
            old.close()
        return Player(source)

    def player_views(self, p: Player | None) -> tuple:
        """pov, slider."""
        if p is None:
            return panels.placeholder("no episode selected"), gr.Slider(value=0, maximum=1)
        return panels.jpeg_data_url(p.image()), gr.Slider(value=p.pos, maximum=max(len(p) - 1, 1))

    def player_toggle(self, p: Player | None):
        """Play / pause. Outputs: timer, button."""
        if p is None:
            return gr.Timer(active=False), gr.Button("▶ Play")
        if p.pos >= len(p) - 1:
            p.seek(0)
        p.playing = not p.playing
        p.last_tick = time.perf_counter()
        return gr.Timer(active=p.playing), gr.Button("❚❚ Pause" if p.playing else "▶ Play")

    def player_tick(self, p: Player | None):
        """Outputs: pov, slider value, timer, button."""
        if p is None or not p.playing:
            return SKIP(), SKIP(), gr.Timer(active=False), SKIP()
        now = time.perf_counter()
        n = max(1, round((now - getattr(p, "last_tick", now)) * p.source.fps))
        p.last_tick = now
        p.advance(n)
        img = panels.jpeg_data_url(p.image())
        if p.playing:
            return img, p.pos, SKIP(), SKIP()
        return img, p.pos, gr.Timer(active=False), gr.Button("▶ Play")

    def player_seek(self, p: Player | None, frame: float):
        """Slider moved by the user. Outputs: pov."""
        if p is None:
            return SKIP()
        p.seek(frame)
        return panels.jpeg_data_url(p.image())

    def timeline_click(self, p: Player | None, evt: gr.EventData):
        """A goal segment clicked: jump to its first frame. Outputs: pov, slider value."""
        data = getattr(evt, "_data", None) or {}
        if p is None or "frame" not in data:
            return SKIP(), SKIP()
        p.seek(int(data["frame"]))
        return panels.jpeg_data_url(p.image()), p.pos

    # -- Results ---------------------------------------------------------------------------------
    def results_runs(self, root: str | None):
        """Outputs: run dropdown, message."""
        root_path = Path(root).expanduser() if root else self.ctx.runs_dir
        runs = results.list_runs(root_path)
        if not runs:
            msg = (
                f"no `openha eval` runs under {root_path} (run `openha eval --agent expert "
                f"--tasks mine_block --out {root_path / 'NAME'}`)"
            )
            return gr.Dropdown(choices=[], value=None), panels.message_html(msg, "info")
        return gr.Dropdown(choices=runs, value=runs[0]), panels.message_html(
            f"{len(runs)} run(s) in {root_path}", "info"
        )

    def results_load(self, run_dir: str | None):
        """Outputs: family table, plot, report images, episode table, episodes state, message."""
        try:
            if not run_dir:
                raise results.RunError("pick a run directory")
            eps = results.read_episodes(run_dir)
            if not eps:
                raise results.RunError(f"{run_dir}: the run has no finished episodes yet")
        except Exception as e:
            empty = _df([])
            return empty, empty, [], empty, [], _error(e)
        fams = results.family_table(eps)
        plot = _df(
            [
                {"family": r["family"], "success %": r["success %"]}
                for r in fams
                if r["family"] != "all"
            ]
        )
        n_ok = sum(1 for e in eps if e["success"])
        table = [{c: e.get(c) for c in EPISODE_TABLE} for e in eps]
        for row in table:
            row["video"] = Path(row["video"]).name if row["video"] else ""
        info = results.run_info(run_dir)
        who = f"agent {info['agent']}, " if info.get("agent") else ""
        msg = panels.message_html(
            f"{run_dir}: {who}{len(eps)} episodes, {n_ok} successes ({100 * n_ok / len(eps):.1f}%). "
            "Select a row to see its trace and play its video (if one was recorded).",
            "ok",
        )
        return _df(fams), plot, results.report_images(run_dir), _df(table, EPISODE_TABLE), eps, msg

    def results_select(self, eps: list[dict], player: Any, evt: gr.SelectData):
        """An episode row clicked. Outputs: player state, pov, slider, file, trace, message."""
        trace: Any = SKIP()
        try:
            row = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
            ep = eps[int(row)]
            trace = results.trace_preview(ep.get("trace"))
            if not ep.get("video"):
                raise FileNotFoundError(
                    f"{ep['task']} seed {ep['seed']}: no video was recorded for this "
                    "episode (`openha eval --video K` films K per family)"
                )
            p = self._open_player(player, VideoSource(ep["video"]))
        except Exception as e:
            return player, SKIP(), SKIP(), None, trace, _error(e)
        outcome = "success" if ep["success"] else ep.get("reason")
        msg = panels.message_html(
            f"{ep['task']} seed {ep['seed']}: {outcome} in {ep.get('steps')} steps", "info"
        )
        return (p, *self.player_views(p), ep["video"], trace, msg)

    # -- Datasets --------------------------------------------------------------------------------
    def datasets_list(self, folder: str | None):
        """Outputs: episode dropdown, message."""
        root = Path(folder).expanduser() if folder else self.ctx.datasets_dir
        try:
            eps, notes = datasets.list_episodes(root)
        except Exception as e:
            return gr.Dropdown(choices=[], value=None), _error(e)
        text = "\n".join(notes) if notes else f"{len(eps)} episode(s) in {root}"
        if eps and notes:
            text = f"{len(eps)} episode(s) in {root}\n" + text
        kind = (
            "info" if eps or not notes else "error" if any("cannot" in n for n in notes) else "info"
        )
        return gr.Dropdown(choices=eps, value=eps[0][1] if eps else None), panels.message_html(
            text, kind
        )

    def datasets_open(self, key: str | None, player: Any):
        """Outputs: player state, pov, slider, timeline, metadata, actions, files, message."""
        try:
            if not key:
                raise ValueError("pick an episode")
            src, info = datasets.open_episode(key)
            p = self._open_player(player, src)
        except Exception as e:
            return player, SKIP(), SKIP(), SKIP(), SKIP(), SKIP(), None, _error(e)
        timeline = panels.timeline_html(info["segments"], info["frames"], info["fps"])
        msg = panels.message_html(
            f"{info['frames']} frames at {info['fps']:g} fps, "
            f"{len(info['segments'])} goal segment(s)",
            "info",
        )
        return (
            p,
            *self.player_views(p),
            timeline,
            info["meta"],
            info["actions"],
            info["files"],
            msg,
        )
