"""Episode videos for `openha eval --video K`: every frame with an overlay of the task, the step
and the agent's last plan / action text. Encoding goes through `openha.video.VideoWriter`."""

from __future__ import annotations

import os
import textwrap
from typing import Any

import numpy as np

from openha.video import VideoWriter

__all__ = ["EpisodeRecorder", "overlay"]

MIN_WIDTH = 480  # small training frames are scaled up (nearest) so the text stays readable
_FONT = 0  # cv2.FONT_HERSHEY_SIMPLEX


def overlay(frame: np.ndarray, top: list[str], bottom: list[str]) -> np.ndarray:
    """`frame` scaled to at least MIN_WIDTH wide, with text lines on dark bands at the top and
    the bottom."""
    import cv2

    h, w = frame.shape[:2]
    k = max(1, -(-MIN_WIDTH // w))
    img = np.repeat(np.repeat(frame, k, axis=0), k, axis=1) if k > 1 else frame.copy()
    H, W = img.shape[:2]
    scale = 0.42 if W < 900 else 0.6
    line_h = int(22 * scale / 0.42)
    for lines, at_top in ((top, True), (bottom, False)):
        if not lines:
            continue
        band = line_h * len(lines) + 6
        y0 = 0 if at_top else H - band
        region = img[y0 : y0 + band]
        region[:] = (region.astype(np.uint16) * 2 // 7).astype(np.uint8)  # darken
        for i, text in enumerate(lines):
            y = y0 + 4 + line_h * (i + 1) - line_h // 4
            cv2.putText(img, text, (6, y), _FONT, scale, (255, 255, 255), 1, cv2.LINE_AA)
    return img


class EpisodeRecorder:
    """Collects an episode's frames into an mp4 as they come (`add` is the runner's `on_frame`
    hook: (obs, step, trace line or None))."""

    def __init__(self, path: str | os.PathLike, task: Any, max_steps: int, fps: int = 20):
        self.writer = VideoWriter(path, fps=fps)
        self.task, self.max_steps = task, max_steps
        self.plan = ""
        self.action = ""
        self._chars = 60

    def add(self, obs: dict, step: int, rec: dict | None) -> None:
        if rec is not None:
            self.action = str(rec.get("action") or "")
            said = rec.get("plan") or rec.get("text")
            if said:
                self.plan = " ".join(str(said).split())
        w = obs["pov"].shape[1]
        self._chars = max(40, int(max(w, MIN_WIDTH) / 8.5))
        instr = textwrap.shorten(str(getattr(self.task, "instruction", "")), self._chars)
        top = [f"{self.task.id}   step {step}/{self.max_steps}", instr]
        bottom = [textwrap.shorten("plan: " + (self.plan or "-"), self._chars),
                  textwrap.shorten("action: " + (self.action or "-"), self._chars)]
        self.writer.write(overlay(obs["pov"], top, bottom))

    def close(self) -> None:
        self.writer.close()
