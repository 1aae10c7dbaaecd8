"""Validation of HDF5 shards, part of the shard format owned by `data_pipeline.schema` (which
re-exports `validate`): dtypes, shapes, chunking, compression, attrs, camera range, `vpt`
recomputed from the MineRL keys (alignment), goal ranges and ordering, extra columns."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from data_pipeline.schema import (
    ACTION_KEYS,
    COMPRESSIONS,
    GOAL_FIELDS,
    REQUIRED_ATTRS,
    SCHEMA_VERSION,
    _h5py,
    _py,
    _s,
    vpt_actions,
)
from openha.actions.env import BUTTONS, CAMERA_LIMIT


def validate(path: str | os.PathLike) -> list[str]:
    """Problems found in one shard, most important first; empty when it is valid.

    Each message names the shard, the episode and what is wrong, e.g.
    `x.h5: episode 'a': actions/camera has 99 rows, obs/pov has 100`.
    """
    path = Path(path)
    try:
        f = _h5py().File(path, "r")
    except OSError as e:
        return [f"{path}: not a readable HDF5 file ({e}); rebuild it"]
    with f:
        version = _py(f.attrs.get("schema_version"))
        if version != SCHEMA_VERSION:
            return [
                f"{path}: schema_version is {version!r}, expected {SCHEMA_VERSION}; rebuild the shard"
            ]
        if "data" not in f:
            return [f"{path}: no /data group"]
        problems: list[str] = []
        for ep in sorted(f["data"].keys()):
            problems += [f"{path}: episode {ep!r}: {p}" for p in _validate_episode(f["data"][ep])]
        return problems


def _validate_episode(g: Any) -> list[str]:
    if "obs/pov" not in g:
        return ["missing obs/pov"]
    pov = g["obs/pov"]
    if pov.dtype != np.uint8 or pov.ndim != 4 or pov.shape[3] != 3:
        return [f"obs/pov is {pov.dtype} {pov.shape}, expected uint8 (T, H, W, 3)"]
    t, h, w = pov.shape[:3]
    out = []
    if "obs/tick" in g and g["obs/tick"].shape != (t,):
        out.append(f"obs/tick has shape {g['obs/tick'].shape}, expected ({t},)")
    if pov.chunks != (1, h, w, 3):
        out.append(f"obs/pov chunks are {pov.chunks}, expected one frame {(1, h, w, 3)}")
    if (pov.compression or "none") not in COMPRESSIONS:
        out.append(f"obs/pov compression is {pov.compression!r}, expected one of {COMPRESSIONS}")
    missing = [a for a in REQUIRED_ATTRS if a not in g.attrs]
    if missing:
        out.append(f"attrs lack {missing}")
    elif list(np.ravel(g.attrs["resolution"])) != [w, h]:
        out.append(
            f"attr resolution {list(np.ravel(g.attrs['resolution']))} != pov size [{w}, {h}]"
        )
    out += _validate_actions(g.get("actions"), t, _s(g.attrs.get("labeller", "")))
    out += _validate_goals(g.get("goals"), t)
    out += _validate_extra(g.get("extra"), t)
    return out


def _validate_actions(act: Any, t: int, labeller: str) -> list[str]:
    if act is None:
        return ["missing actions group"]
    if len(act) == 0:
        return (
            [] if labeller == "none" else [f"no actions but labeller is {labeller!r} (not 'none')"]
        )
    missing = [k for k in (*ACTION_KEYS, "vpt") if k not in act]
    if missing:
        return [f"actions lack {missing}"]
    for key in BUTTONS:
        d = act[key]
        if d.shape != (t,) or d.dtype.kind not in "iu":
            return [f"actions/{key} is {d.dtype} {d.shape}, expected int ({t},) to match obs/pov"]
    cam = act["camera"]
    if cam.dtype != np.float32 or cam.shape != (t, 2):
        return [
            f"actions/camera is {cam.dtype} {cam.shape}, expected float32 ({t}, 2) (obs/pov has {t} frames)"
        ]
    c = cam[()]
    if not np.all(np.isfinite(c)) or np.any(np.abs(c) > CAMERA_LIMIT):
        return [f"actions/camera has values outside ±{CAMERA_LIMIT} or non-finite"]
    vpt = act["vpt"]
    if vpt.dtype != np.int32 or vpt.shape != (t, 2):
        return [f"actions/vpt is {vpt.dtype} {vpt.shape}, expected int32 ({t}, 2)"]
    expect = vpt_actions({k: act[k][()] for k in ACTION_KEYS})
    bad = np.flatnonzero(np.any(expect != vpt[()], axis=1))
    if bad.size:
        return [f"actions/vpt disagrees with the MineRL keys from frame {bad[0]} (misaligned?)"]
    return []


def _validate_goals(goals: Any, t: int) -> list[str]:
    if goals is None:
        return ["missing goals"]
    if goals.dtype.names is None or tuple(goals.dtype.names) != GOAL_FIELDS:
        return [f"goals fields are {goals.dtype.names}, expected {GOAL_FIELDS}"]
    prev_end = -1
    for i, r in enumerate(goals[()]):
        s, e = int(r["start"]), int(r["end"])
        if not (0 <= s <= e < t):
            return [f"goal {i} frames [{s}, {e}] outside [0, {t - 1}]"]
        if s <= prev_end:
            return [f"goal {i} starts at {s}, overlapping the previous goal (ends {prev_end})"]
        if not _s(r["text"]).strip():
            return [f"goal {i} has empty text"]
        prev_end = e
    return []


def _validate_extra(extra: Any, t: int) -> list[str]:
    """Extra column groups: equal-length columns; `frame` columns index obs/pov."""
    if extra is None:
        return []
    out = []
    for name in sorted(extra.keys()):
        g = extra[name]
        lengths = {k: g[k].shape[0] for k in g}
        if len(set(lengths.values())) > 1:
            out.append(f"extra/{name}: columns differ in length {lengths}")
        if "frame" in g:
            f = g["frame"][()]
            if f.size and (f.min() < 0 or f.max() >= t):
                out.append(f"extra/{name}/frame has indices outside [0, {t - 1}] (obs/pov has {t} frames)")
    return out
