"""Video and image files: mp4 episodes (opencv, mp4v at 20 fps), PNG frames and contact sheets.

Writers go to a temporary name and rename on close, so a killed job never leaves a truncated
file under the final name.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np


class VideoWriter:
    """Write RGB uint8 frames to an mp4 file (atomic: `<name>.tmp.mp4` renamed on close)."""

    def __init__(self, path: str | os.PathLike, fps: int = 20):
        import cv2

        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = self.path.with_name(self.path.stem + ".tmp" + self.path.suffix)
        self._cv2 = cv2
        self.fps = fps
        self._writer = None
        self.frames = 0

    def write(self, rgb: np.ndarray) -> None:
        if rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
            raise ValueError(f"frames must be uint8 (H, W, 3) RGB, got {rgb.dtype} {rgb.shape}")
        if self._writer is None:
            h, w = rgb.shape[:2]
            fourcc = self._cv2.VideoWriter_fourcc(*"mp4v")
            self._writer = self._cv2.VideoWriter(str(self._tmp), fourcc, self.fps, (w, h))
            if not self._writer.isOpened():
                raise RuntimeError(f"opencv could not open an mp4 writer for {self.path}")
        self._writer.write(np.ascontiguousarray(rgb[:, :, ::-1]))
        self.frames += 1

    def close(self) -> Path:
        if self._writer is not None:
            self._writer.release()
            os.replace(self._tmp, self.path)
            self._writer = None
        return self.path

    def __enter__(self) -> VideoWriter:
        return self

    def __exit__(self, exc_type, *_) -> None:
        if exc_type is None:
            self.close()
        elif self._writer is not None:
            self._writer.release()
            self._tmp.unlink(missing_ok=True)


def read_video(path: str | os.PathLike) -> np.ndarray:
    """All frames of a video as (T, H, W, 3) RGB uint8."""
    import cv2

    cap = cv2.VideoCapture(str(path))
    frames = []
    while True:
        ok, bgr = cap.read()
        if not ok:
            break
        frames.append(bgr[:, :, ::-1])
    cap.release()
    if not frames:
        raise ValueError(f"{path}: no frames could be decoded")
    return np.stack(frames)


def save_png(path: str | os.PathLike, rgb: np.ndarray) -> Path:
    """Write an RGB image as PNG atomically."""
    import cv2

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.stem + ".tmp.png")
    if not cv2.imwrite(str(tmp), np.ascontiguousarray(rgb[:, :, ::-1])):
        raise RuntimeError(f"could not write {path}")
    os.replace(tmp, path)
    return path


def contact_sheet(frames: list[np.ndarray] | np.ndarray, cols: int = 4, pad: int = 2) -> np.ndarray:
    """Tile frames (same size) into one image, row by row, with a dark border."""
    frames = list(frames)
    if not frames:
        raise ValueError("contact_sheet needs at least one frame")
    h, w = frames[0].shape[:2]
    rows = (len(frames) + cols - 1) // cols
    sheet = np.full((rows * (h + pad) + pad, cols * (w + pad) + pad, 3), 24, np.uint8)
    for i, f in enumerate(frames):
        r, c = divmod(i, cols)
        y, x = pad + r * (h + pad), pad + c * (w + pad)
        sheet[y : y + h, x : x + w] = f
    return sheet
