"""The Datasets tab's data: recorded demonstrations (`<name>.mp4` + `<name>.jsonl` VPT actions +
`<name>.json` metadata, as the Play tab and the experts' recorder write them) and MGOA HDF5
shards (`*.h5`, read through `data_pipeline.schema`; needs the optional h5py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from .player import ArraySource, FrameSource, VideoSource

SEP = "::"


def h5py_available() -> bool:
    return importlib.util.find_spec("h5py") is not None


def list_episodes(root: str | Path) -> tuple[list[tuple[str, str]], list[str]]:
    """(label, key) for every episode under `root` (recursively), and notes for the user
    (a missing folder, shards that need h5py, unreadable files)."""
    root = Path(root)
    notes: list[str] = []
    if not root.is_dir():
        return [], [
            f"dataset folder {root} does not exist yet (record a demonstration in Play, "
            "or run `openha data`)"
        ]
    out: list[tuple[str, str]] = []
    for meta in sorted(root.rglob("*.json")):
        if meta.name.endswith(".tmp.json"):
            continue
        video = meta.with_suffix(".mp4")
        if not video.exists():
            continue
        try:
            m = json.loads(meta.read_text())
        except ValueError as e:
            notes.append(f"{meta}: not valid JSON ({e})")
            continue
        what = m.get("task") or m.get("instruction") or "free play"
        ok = {True: " ✓", False: " ×"}.get(m.get("success"), "")
        out.append(
            (f"demo · {meta.relative_to(root).with_suffix('')} · {what}{ok}", f"demo{SEP}{meta}")
        )
    shards = sorted(p for p in root.rglob("*.h5") if ".tmp" not in p.name)
    if shards and not h5py_available():
        notes.append(
            f"found {len(shards)} HDF5 shard(s), but h5py is not installed: "
            "`pip install h5py` to browse them"
        )
    elif shards:
        from data_pipeline.schema import ShardReader

        for shard in shards:
            try:
                with ShardReader(shard) as r:
                    for ep in r.episodes():
                        out.append(
                            (
                                f"h5 · {shard.relative_to(root)} · {ep} ({r.length(ep)} frames)",
                                f"h5{SEP}{shard}{SEP}{ep}",
                            )
                        )
            except Exception as e:
                notes.append(f"{shard}: cannot read ({type(e).__name__}: {e})")
    if not out and not notes:
        notes.append(f"no demonstrations or shards under {root} yet")
    return out, notes


def open_episode(key: str) -> tuple[FrameSource, dict[str, Any]]:
    """The frames of an episode and its info: `segments` (goal, start, end exclusive, success),
    `meta` (metadata / attrs), `actions` (summary of the action file), `files` (to download)."""
    kind, _, rest = key.partition(SEP)
    if kind == "demo":
        return _open_demo(Path(rest))
    if kind == "h5":
        shard, _, ep = rest.rpartition(SEP)
        return _open_h5(Path(shard), ep)
    raise ValueError(f"unknown episode key {key!r}")


def _open_demo(meta_path: Path) -> tuple[FrameSource, dict[str, Any]]:
    """A recording read the way the data pipeline reads it (source `ours`): its actions through
    the contractor-format reader and its goal segments cut by `data_pipeline.goals.segment`."""
    meta = json.loads(meta_path.read_text())
    video = meta_path.with_suffix(".mp4")
    actions = meta_path.with_suffix(".jsonl")
    src = VideoSource(video)
    n = len(src)
    instruction = str(meta.get("instruction") or meta.get("task") or "free play")
    segments = [{"goal": instruction, "start": 0, "end": n, "success": meta.get("success")}]
    summary: dict[str, Any] = {}
    if actions.exists():
        try:
            import numpy as np

            from data_pipeline.goals import segment
            from data_pipeline.sources import SourceItem
            from data_pipeline.sources.ours import OursSource

            rec = OursSource().load(SourceItem(meta_path.stem, video, actions, meta_path))
            goals = segment(
                rec.events, np.arange(n), episode_id=meta_path.stem, instruction=rec.instruction
            )
            segments = [
                {"goal": g.text, "start": g.start, "end": g.end + 1, "success": g.success}
                for g in goals
            ]
            summary = summarize_ticks(rec.ticks)
        except Exception as e:  # a damaged action file: still play the video
            summary = {"error": f"{type(e).__name__}: {e}"}
    files = [str(p) for p in (video, actions, meta_path) if p.exists()]
    return src, {
        "segments": segments,
        "meta": meta,
        "frames": n,
        "fps": src.fps,
        "actions": summary,
        "files": files,
    }


def _open_h5(shard: Path, episode: str) -> tuple[FrameSource, dict[str, Any]]:
    if not h5py_available():
        raise RuntimeError("h5py is not installed: `pip install h5py` to browse HDF5 shards")
    from data_pipeline.schema import ShardReader

    r = ShardReader(shard)
    attrs = r.attrs(episode)
    n = r.length(episode)
    segments = [
        {"goal": g.text, "start": g.start, "end": g.end + 1, "success": g.success}
        for g in r.goals(episode)
    ]
    acts = r.actions(episode) if r.has_actions(episode) else {}
    summary = {
        k: int(v.sum()) for k, v in acts.items() if k not in ("camera", "vpt") and v.ndim == 1
    }
    if "camera" in acts:
        summary["camera |deg| mean"] = round(float(abs(acts["camera"]).mean()), 3)
    src = ArraySource(
        r.file[f"data/{episode}/obs/pov"], fps=float(attrs.get("fps", 20) or 20), closer=r.close
    )
    return src, {
        "segments": segments,
        "meta": attrs,
        "frames": n,
        "fps": src.fps,
        "actions": summary,
        "files": [str(shard)],
    }


def summarize_ticks(ticks: Any) -> dict[str, Any]:
    """Ticks each MineRL button was held and the total camera turn, from parsed actions
    (`data_pipeline.sources.contractor.Ticks`)."""
    acts = ticks.actions()
    held = {k: int(v.sum()) for k, v in acts.items() if k != "camera" and int(v.sum())}
    out: dict[str, Any] = {"ticks": len(ticks), **dict(sorted(held.items(), key=lambda kv: -kv[1]))}
    out["camera total deg"] = round(float(abs(acts["camera"]).sum()), 1)
    if ticks.broken:
        out["unreadable lines"] = len(ticks.broken)
    return out
