"""A frame player for recorded episodes: frames are decoded on the server and streamed to the page
as JPEGs, like the live view. Browsers cannot play the mp4v videos opencv writes (and HDF5 shards
hold raw frames), so the app never depends on the browser's codecs."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np


class FrameSource:
    """Random access to the frames of one episode."""

    fps: float = 20.0

    def __len__(self) -> int:
        raise NotImplementedError

    def frame(self, i: int) -> np.ndarray:
        raise NotImplementedError

    def close(self) -> None:
        pass


class VideoSource(FrameSource):
    """Frames of a video file (opencv), read sequentially and seeking only when needed."""

    def __init__(self, path: str | Path):
        import cv2

        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"video {self.path} does not exist")
        self._cv2 = cv2
        self._cap = cv2.VideoCapture(str(self.path))
        if not self._cap.isOpened():
            raise ValueError(f"{self.path}: opencv cannot open this video")
        self.fps = float(self._cap.get(cv2.CAP_PROP_FPS) or 20.0) or 20.0
        self._n = int(self._cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        self._pos = 0
        self._last: tuple[int, np.ndarray] | None = None
        self._lock = threading.Lock()
        if self._n <= 0:  # some containers do not say: count by reading
            self._n = sum(1 for _ in iter(lambda: self._cap.grab(), False))
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
        if self._n <= 0:
            raise ValueError(f"{self.path}: no frames")

    def __len__(self) -> int:
        return self._n

    def frame(self, i: int) -> np.ndarray:
        i = int(min(max(i, 0), self._n - 1))
        with self._lock:
            if self._last is not None and self._last[0] == i:
                return self._last[1]
            if i != self._pos:
                self._cap.set(self._cv2.CAP_PROP_POS_FRAMES, i)
            ok, bgr = self._cap.read()
            if not ok:
                raise ValueError(f"{self.path}: cannot decode frame {i}")
            self._pos = i + 1
            rgb = bgr[:, :, ::-1]
            self._last = (i, rgb)
            return rgb

    def close(self) -> None:
        self._cap.release()


class ArraySource(FrameSource):
    """Frames of an array-like (T, H, W, 3) such as an HDF5 dataset (read one frame at a time)."""

    def __init__(self, frames: Any, fps: float = 20.0, closer: Any = None):
        self.frames, self.fps, self._closer = frames, float(fps), closer

    def __len__(self) -> int:
        return int(self.frames.shape[0])

    def frame(self, i: int) -> np.ndarray:
        return np.asarray(self.frames[int(min(max(i, 0), len(self) - 1))])

    def close(self) -> None:
        if self._closer is not None:
            self._closer()


class Player:
    """Play state of one episode view: position, playing flag, and the source."""

    def __init__(self, source: FrameSource):
        self.source = source
        self.pos = 0
        self.playing = False

    def __len__(self) -> int:
        return len(self.source)

    def seek(self, i: float | int | None) -> int:
        self.pos = int(min(max(int(i or 0), 0), len(self) - 1))
        return self.pos

    def advance(self, n: int = 1) -> int:
        """Move `n` frames on; stops playing at the last frame."""
        self.seek(self.pos + n)
        if self.pos >= len(self) - 1:
            self.playing = False
        return self.pos

    def image(self) -> np.ndarray:
        return self.source.frame(self.pos)

    def close(self) -> None:
        self.source.close()


def close_player(p: Any) -> None:
    """`gr.State(delete_callback=...)` for players."""
    if isinstance(p, Player):
        p.close()
