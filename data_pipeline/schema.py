"""The one owner of the HDF5 shard format (DESIGN.md "Datasets"): writer, lazy reader, validator
(the validator's checks are in `schema_check.py`; `validate` is re-exported here).

Layout of a shard (`*.h5`, file attr `schema_version`):

    /data/<episode>/obs/pov           uint8 (T, H, W, 3), one chunk per frame, lzf, gzip or none
    /data/<episode>/obs/tick          int32 (T,) source tick of each frame (optional; null ticks
                                      and broken lines leave gaps)
    /data/<episode>/actions/<key>     one dataset per MineRL key: buttons int8 (T,),
                                      camera float32 (T, 2) [pitch, yaw] degrees
    /data/<episode>/actions/vpt       int32 (T, 2): VPT joint buttons class, camera class
    /data/<episode>/goals             compound (text, start, end, success, event), frames inclusive
    /data/<episode>/extra/<name>/…    optional equal-length columns: `events` (frame, tick, stat,
                                      count: the recorded counter events behind the goals),
                                      `detected_events` (frame, stat, score: an event detector's)
    /data/<episode>.attrs             source, fps, resolution, labeller, env_version, seed, …

Episodes from raw video with no labels yet have an empty `actions` group and labeller "none".
Shards are written under a temporary name and renamed when complete; a finished shard is never
rewritten (the writer refuses an existing path).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from openha.actions.env import BUTTONS

SCHEMA_VERSION = 1
ACTION_KEYS: tuple[str, ...] = (*BUTTONS, "camera")
REQUIRED_ATTRS: tuple[str, ...] = (
    "source", "fps", "resolution", "labeller", "env_version", "seed",
)  # fmt: skip
# "none": ~20× faster writes, ~25 % larger files on rendered frames (benchmarks/data_pipeline.py)
COMPRESSIONS = ("lzf", "gzip", "none")
GOAL_FIELDS = ("text", "start", "end", "success", "event")


def _h5py():
    import h5py  # imported lazily: `import data_pipeline` stays light

    return h5py


def goal_dtype() -> np.dtype:
    """The compound dtype of `/data/<episode>/goals`."""
    s = _h5py().string_dtype("utf-8")
    return np.dtype(
        [("text", s), ("start", "<i4"), ("end", "<i4"), ("success", "u1"), ("event", s)]
    )


@dataclass
class Goal:
    """One goal segment: frames `start` … `end` inclusive pursue `text`; `event` is the counter
    increment that ended it (e.g. `mine_block.oak_log`, empty for an unfinished tail)."""

    text: str
    start: int
    end: int
    success: bool
    event: str = ""


@dataclass
class Episode:
    """Everything one episode stores. `actions` maps MineRL keys to (T,) / camera (T, 2) arrays
    (empty when unlabelled); `vpt` is derived from them by the writer."""

    episode_id: str
    pov: np.ndarray
    actions: dict[str, np.ndarray] = field(default_factory=dict)
    goals: list[Goal] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)


def _check_id(episode_id: str) -> None:
    if not episode_id or "/" in episode_id or episode_id in (".", ".."):
        raise ValueError(
            f"episode id {episode_id!r} is not a valid HDF5 group name; use [A-Za-z0-9_.-]"
        )


def _attr_value(value: Any) -> Any:
    """HDF5 attrs take numbers, strings and arrays; anything else is stored as JSON text."""
    if value is None:
        return ""
    if isinstance(value, (str, int, float, bool, np.integer, np.floating)):
        return value
    if isinstance(value, np.ndarray):
        return value
    if (
        isinstance(value, (list, tuple))
        and value
        and all(isinstance(v, (int, float)) for v in value)
    ):
        return np.asarray(value)
    return json.dumps(value, sort_keys=True, default=str)


def vpt_actions(actions: Mapping[str, np.ndarray]) -> np.ndarray:
    """VPT joint (buttons, camera) classes for episode action arrays, as int32 (T, 2)."""
    from openha.actions import get

    joint = get("vpt").from_env_batch(actions)
    return np.stack([joint["buttons"], joint["camera"]], axis=1).astype(np.int32)


class ShardWriter:
    """Write episodes into one shard: `<path>.tmp` while open, renamed to `path` by `close()`.

    Episodes can be written whole (`add`) or streamed (`begin` + `append_frames` + `end`), so a
    long video never has to sit in memory.
    """

    def __init__(self, path: str | os.PathLike, compression: str = "lzf", level: int = 4):
        self.path = Path(path)
        if self.path.exists():
            raise FileExistsError(
                f"{self.path}: shard already exists; finished shards are never rewritten"
            )
        if compression not in COMPRESSIONS:
            raise ValueError(f"compression {compression!r} unknown; use one of {COMPRESSIONS}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = self.path.with_name(self.path.name + ".tmp")
        self.tmp.unlink(missing_ok=True)  # leftovers of a killed job
        self._comp = {"compression": compression} if compression != "none" else {}
        if compression == "gzip":
            self._comp["compression_opts"] = level
        self._f = _h5py().File(self.tmp, "w")
        self._f.attrs["schema_version"] = SCHEMA_VERSION
        self._data = self._f.create_group("data")
        self._open: Any = None
        self.episodes: list[str] = []

    # ---- streaming ---------------------------------------------------------------------
    def begin(self, episode_id: str, height: int, width: int, attrs: Mapping[str, Any]) -> None:
        _check_id(episode_id)
        if self._open is not None:
            raise RuntimeError(f"episode {self._open.name} is still open; call end() first")
        g = self._data.create_group(episode_id)
        for key, value in attrs.items():
            g.attrs[key] = _attr_value(value)
        g.create_group("obs").create_dataset(
            "pov", shape=(0, height, width, 3), maxshape=(None, height, width, 3), dtype=np.uint8,
            chunks=(1, height, width, 3), **self._comp,
        )  # fmt: skip
        self._open = g

    def update_attrs(self, attrs: Mapping[str, Any]) -> None:
        """Set attrs of the open episode (facts known only after decoding)."""
        for key, value in attrs.items():
            self._open.attrs[key] = _attr_value(value)

    def append_frames(self, frames: np.ndarray) -> None:
        frames = np.asarray(frames)
        pov = self._open["obs/pov"]
        if frames.dtype != np.uint8 or frames.shape[1:] != pov.shape[1:]:
            raise ValueError(
                f"frames must be uint8 {pov.shape[1:]}, not {frames.dtype} {frames.shape[1:]}"
            )
        n = pov.shape[0]
        pov.resize(n + len(frames), axis=0)
        pov[n:] = frames

    def written_frames(self) -> Any:
        """The open episode's frames so far (an h5py dataset: len() and slicing read them back),
        for stages that need the decoded video before `end()`, e.g. event detection."""
        if self._open is None:
            raise RuntimeError("written_frames: no open episode; call begin() first")
        return self._open["obs/pov"]

    def end(self, actions: Mapping | None, goals: Iterable[Goal], ticks: Any = None) -> None:
        """Close the open episode with its actions (None = unlabelled), goals and source ticks."""
        g, self._open = self._open, None
        t = g["obs/pov"].shape[0]
        if ticks is not None:
            if len(ticks) != t:
                raise ValueError(f"episode {g.name}: {len(ticks)} ticks for {t} frames")
            g["obs"].create_dataset("tick", data=np.asarray(ticks, dtype=np.int32))
        act = g.create_group("actions")
        if actions:
            _write_actions(act, actions, t)
        rows = [(x.text, x.start, x.end, int(x.success), x.event) for x in goals]
        g.create_dataset("goals", data=np.array(rows, dtype=goal_dtype()), maxshape=(None,))
        self.episodes.append(g.name.rsplit("/", 1)[-1])

    # ---- whole episodes ----------------------------------------------------------------
    def add(self, episode: Episode) -> None:
        h, w = episode.pov.shape[1:3]
        self.begin(episode.episode_id, h, w, episode.attrs)
        self.append_frames(episode.pov)
        self.end(episode.actions, episode.goals)

    def add_extra(self, episode_id: str, name: str, columns: Mapping[str, Any]) -> None:
        """Store extra per-episode columns (all the same length) under
        `/data/<episode>/extra/<name>/<column>` after the episode was ended. Strings become UTF-8
        string datasets; a `frame` column, if present, indexes obs/pov (checked by `validate`)."""
        if episode_id not in self.episodes:
            raise KeyError(f"add_extra: episode {episode_id!r} is not in this shard; end() it first")
        _check_id(name)
        lengths = {k: len(v) for k, v in columns.items()}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"add_extra {name!r}: columns differ in length {lengths}")
        g = self._data[episode_id].require_group("extra").create_group(name)
        for key, values in columns.items():
            _check_id(key)
            values = list(values) if not isinstance(values, np.ndarray) else values
            if len(values) and isinstance(values[0], str):
                g.create_dataset(key, data=np.array(values, dtype=object),
                                 dtype=_h5py().string_dtype("utf-8"))
            else:
                g.create_dataset(key, data=np.asarray(values))

    def close(self) -> Path:
        if self._open is not None:
            raise RuntimeError(f"episode {self._open.name} was not ended")
        self._f.close()
        os.replace(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        self._f.close()
        self.tmp.unlink(missing_ok=True)

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(self, exc_type, *_) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def _write_actions(act: Any, actions: Mapping, t: int) -> None:
    """Fill an empty `actions` group with the MineRL keys of `t` frames and their VPT classes."""
    missing = [k for k in ACTION_KEYS if k not in actions]
    if missing:
        raise ValueError(f"episode {act.parent.name}: actions lack {missing}")
    if len(actions["camera"]) != t:
        raise ValueError(f"episode {act.parent.name}: {len(actions['camera'])} actions for {t} frames")
    for key in BUTTONS:
        act.create_dataset(key, data=np.asarray(actions[key], dtype=np.int8))
    act.create_dataset("camera", data=np.asarray(actions["camera"], dtype=np.float32))
    act.create_dataset("vpt", data=vpt_actions(actions))


def add_labels(path: str | os.PathLike, labels: Mapping[str, Mapping], attrs: Mapping[str, Any]) -> Path:
    """Give unlabelled episodes of a finished shard their actions (`labels`: episode -> MineRL
    key arrays) and set `attrs` (e.g. labeller) on them. The only change ever made to a finished
    shard: frames are untouched, and a labelled copy replaces the shard atomically."""
    import shutil

    path = Path(path)
    tmp = path.with_name(path.name + ".label.tmp")
    shutil.copyfile(path, tmp)
    try:
        with _h5py().File(tmp, "r+") as f:
            for ep, actions in labels.items():
                g = f[f"data/{ep}"]
                if len(g["actions"]):
                    raise ValueError(f"{path}: episode {ep!r} already has actions; labels are only "
                                     "added to unlabelled episodes")
                _write_actions(g["actions"], actions, g["obs/pov"].shape[0])
                for key, value in attrs.items():
                    g.attrs[key] = _attr_value(value)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_shard(path: str | os.PathLike, episodes: Iterable[Episode], compression="lzf") -> Path:
    """Write whole episodes into a new shard, atomically."""
    with ShardWriter(path, compression) as w:
        for ep in episodes:
            w.add(ep)
    return Path(path)


class ShardReader:
    """Lazy, read-only view of one shard. The file opens on first use and reopens in a forked
    process (DataLoader workers), so readers can be built once and shipped to workers."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._f: Any = None
        self._pid = -1

    @property
    def file(self) -> Any:
        if self._f is None or self._pid != os.getpid():
            self._f = _h5py().File(self.path, "r")
            self._pid = os.getpid()
        return self._f

    def __getstate__(self) -> dict:
        return {"path": self.path, "_f": None, "_pid": -1}

    def close(self) -> None:
        if self._f is not None and self._pid == os.getpid():
            self._f.close()
        self._f = None

    def episodes(self) -> list[str]:
        return sorted(self.file["data"].keys())

    def length(self, episode: str) -> int:
        return int(self.file[f"data/{episode}/obs/pov"].shape[0])

    def frames(self, episode: str, start: int = 0, stop: int | None = None) -> np.ndarray:
        return self.file[f"data/{episode}/obs/pov"][start:stop]

    def has_actions(self, episode: str) -> bool:
        return "camera" in self.file[f"data/{episode}/actions"]

    def actions(self, episode: str, start: int = 0, stop: int | None = None) -> dict:
        """MineRL keys plus `vpt`; empty when the episode is unlabelled."""
        g = self.file[f"data/{episode}/actions"]
        return {k: g[k][start:stop] for k in g}

    def goals(self, episode: str) -> list[Goal]:
        rows = self.file[f"data/{episode}/goals"][()]
        return [
            Goal(_s(r["text"]), int(r["start"]), int(r["end"]), bool(r["success"]), _s(r["event"]))
            for r in rows
        ]

    def attrs(self, episode: str) -> dict[str, Any]:
        return {k: _py(v) for k, v in self.file[f"data/{episode}"].attrs.items()}

    def extra_names(self, episode: str) -> list[str]:
        """Names of the extra column groups of an episode (see `ShardWriter.add_extra`)."""
        g = self.file[f"data/{episode}"]
        return sorted(g["extra"].keys()) if "extra" in g else []

    def extra(self, episode: str, name: str) -> dict[str, Any]:
        """One extra column group: column -> numpy array (string columns as lists of str)."""
        g = self.file[f"data/{episode}/extra/{name}"]
        out: dict[str, Any] = {}
        for key in g:
            d = g[key]
            out[key] = [_s(v) for v in d[()]] if d.dtype.kind in "OS" else d[()]
        return out

    def __enter__(self) -> ShardReader:
        return self

    def __exit__(self, *_) -> None:
        self.close()


def _s(v: Any) -> str:
    return v.decode("utf-8") if isinstance(v, bytes) else str(v)


def _py(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    return _s(v) if isinstance(v, bytes) else v


# validation lives in schema_check.py (same format, kept apart for size); imported last because
# it reads this module's constants
from data_pipeline.schema_check import validate  # noqa: E402

__all__ = [
    "ACTION_KEYS", "SCHEMA_VERSION", "Episode", "Goal", "ShardReader", "ShardWriter", "add_labels",
    "goal_dtype", "validate", "vpt_actions", "write_shard",
]  # fmt: skip
