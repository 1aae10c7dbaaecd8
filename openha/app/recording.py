"""Record a played episode as a demonstration the data pipeline reads (`data_pipeline` source
`ours`): `<name>.mp4` (20 fps, frame i = the view before action i) + `<name>.jsonl` (one VPT
contractor tick per env step, written by `data_pipeline.sources.contractor.env_action_to_tick`,
the module that owns that format; with the counters after the tick, from which the pipeline cuts
goal segments) + `<name>.json` metadata (task, instruction, seed, success, labeller "human" …)."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

ENV_ID = "openha/VoxelWorld-v0"


class DemoRecorder:
    """Writes one demonstration into `folder`; the files are written under temporary names and
    renamed by `close`, so an abandoned recording leaves nothing final behind."""

    def __init__(
        self, folder: str | os.PathLike, name: str, meta: Mapping[str, Any], fps: int = 20
    ):
        from openha.video import VideoWriter

        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.meta = dict(meta)
        self.fps = fps
        self.video = VideoWriter(self.folder / f"{name}.mp4", fps=fps)
        self._jsonl_tmp = self.folder / f"{name}.tmp.jsonl"
        self._jsonl = open(self._jsonl_tmp, "w")
        self._prev: tuple[set, set] = (set(), set())
        self.ticks = 0
        self.t0 = time.time()

    def write(
        self,
        frame: np.ndarray,
        action: Mapping[str, Any],
        *,
        hotbar: int,
        gui_open: bool,
        cursor: tuple[float, float] | None = None,
        stats: Mapping[str, int] | None = None,
    ) -> None:
        """One env step: `frame` is the view the action was chosen on; `hotbar` (selected slot,
        0-8) and `stats` are the state after the step; `cursor` the GUI cursor (640×360 GUI
        pixels) while a screen is open."""
        from data_pipeline.sources.contractor import env_action_to_tick

        self.video.write(frame)
        cx, cy = cursor if cursor is not None else (320.0, 180.0)
        tick = env_action_to_tick(
            action,
            hotbar=hotbar,
            gui_open=gui_open,
            cursor=(round(2 * cx), round(2 * cy)),  # 1280×720 window pixels
            prev_pressed=self._prev,
            stats=stats,
        )
        self._jsonl.write(json.dumps(tick) + "\n")
        self._prev = (set(tick["keyboard"]["keys"]), set(tick["mouse"]["buttons"]))
        self.ticks += 1

    def close(self, **result: Any) -> dict[str, str]:
        """Finish the files; `result` (success, stats, inventory …) is added to the metadata."""
        video = self.video.close()
        self._jsonl.close()
        jsonl = self.folder / f"{self.name}.jsonl"
        os.replace(self._jsonl_tmp, jsonl)
        meta = {"env": ENV_ID, "labeller": "human", **self.meta, **_plain(result),
                "frames": self.ticks, "fps": self.fps, "video": video.name, "actions": jsonl.name,
                "format": "vpt-contractor-jsonl",
                "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(self.t0)),
                "wall_s": round(time.time() - self.t0, 2)}  # fmt: skip
        meta_path = self.folder / f"{self.name}.json"
        tmp = meta_path.with_suffix(".tmp.json")
        tmp.write_text(json.dumps(meta, indent=2))
        os.replace(tmp, meta_path)
        return {"video": str(video), "actions": str(jsonl), "meta": str(meta_path)}

    def abort(self) -> None:
        """Drop the recording (temporary files removed)."""
        self.video.__exit__(RuntimeError, None, None)
        self._jsonl.close()
        self._jsonl_tmp.unlink(missing_ok=True)


def _plain(x: Any) -> Any:
    """numpy scalars/arrays and tuples -> JSON-able values."""
    if isinstance(x, Mapping):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_plain(v) for v in x]
    if isinstance(x, np.generic | np.ndarray):
        return x.tolist()
    return x
