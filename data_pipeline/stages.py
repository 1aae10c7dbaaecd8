"""The build stages as plain, resumable functions (no Ray here; `jobs.py` scales them out).

`process_item` runs read → decode → align → (detect events, for raw video given an
`events_model`) → segment → shard for one recording and leaves a status
file `status/<episode>.json`; `build_index` gathers the status files into `index.json`. Output
layout of a build folder:

    shards/<episode>.h5     one finished shard per recording (never rewritten)
    status/<episode>.json   ok (frames, seconds) or skipped (reason) — what makes builds resumable
    index.json              episodes, frames, hours, goals per kind, skipped recordings
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from data_pipeline import sources
from data_pipeline.decode import TARGET_FPS, DecodeError, DecodeInfo, decode
from data_pipeline.goals import Event, segment
from data_pipeline.schema import SCHEMA_VERSION, ShardReader, ShardWriter

ALIGN_TOLERANCE = (5, 0.02)  # frames vs ticks may differ by max(5, 2 %) at the end


EVENTS_EXTRA = "events"  # /data/<episode>/extra/events: the counter events behind the goals


def event_columns(events: list[Event], frame_ticks: np.ndarray) -> dict[str, Any]:
    """Columns of the `events` extra: frame (the last kept frame at or before the event's tick,
    as `goals.segment` cuts), tick, stat, count; events before the first kept frame are dropped."""
    frames = np.searchsorted(frame_ticks, [e.tick for e in events], side="right") - 1
    keep = [i for i, f in enumerate(frames) if f >= 0]
    return {
        "frame": np.asarray([frames[i] for i in keep], np.int32),
        "tick": np.asarray([events[i].tick for i in keep], np.int32),
        "stat": [events[i].stat for i in keep],
        "count": np.asarray([events[i].count for i in keep], np.int32),
    }


class AlignError(ValueError):
    """Video frames and action ticks do not line up."""


@dataclass(frozen=True)
class BuildConfig:
    """Options of one build (picklable, shipped to workers)."""

    out: str
    source: str = "ours"
    resolution: tuple[int, int] = (128, 128)  # (width, height)
    compression: str = "lzf"
    retry_skipped: bool = False
    events_model: str | None = None  # event detector for recordings without events (raw video)


def shard_path(cfg: BuildConfig, episode_id: str) -> Path:
    return Path(cfg.out) / "shards" / f"{episode_id}.h5"


def status_path(cfg: BuildConfig, episode_id: str) -> Path:
    return Path(cfg.out) / "status" / f"{episode_id}.json"


def _write_json(path: Path, obj: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(obj, indent=1, sort_keys=True, default=str))
    os.replace(tmp, path)


def is_done(cfg: BuildConfig, item: sources.SourceItem) -> bool:
    """True when a previous run finished this item (shard written, or skipped for a reason)."""
    if shard_path(cfg, item.episode_id).exists():
        return True
    st = status_path(cfg, item.episode_id)
    if st.exists() and not cfg.retry_skipped:
        try:
            return json.loads(st.read_text()).get("status") == "skipped"
        except ValueError:
            return False
    return False


def process_item(cfg: BuildConfig, item: sources.SourceItem) -> dict[str, Any]:
    """Build the shard of one recording; returns (and records) its status. Never raises for a
    bad recording: the reason is recorded and the item is skipped."""
    shard = shard_path(cfg, item.episode_id)
    base = {"episode": item.episode_id, "source": str(item.video), "shard": str(shard)}
    if shard.exists():
        return {**base, "status": "exists"}
    t0 = time.perf_counter()
    try:
        result = _build(cfg, item, shard)
    except (sources.SourceError, DecodeError, AlignError, OSError) as e:
        status = {**base, "status": "skipped", "reason": str(e), "shard": None}
        _write_json(status_path(cfg, item.episode_id), status)
        return status
    status = {**base, "status": "ok", **result, "seconds": round(time.perf_counter() - t0, 3)}
    _write_json(status_path(cfg, item.episode_id), status)
    return status


def _build(cfg: BuildConfig, item: sources.SourceItem, shard: Path) -> dict[str, Any]:
    rec = sources.get(cfg.source).load(item)
    ticks = rec.ticks
    keep = ticks.keep if ticks is not None else None
    cursor = ticks.cursor if (ticks is not None and rec.draw_cursor) else None
    info = DecodeInfo()
    w, h = cfg.resolution
    with ShardWriter(shard, cfg.compression) as writer:
        writer.begin(item.episode_id, h, w, {})
        for frames in decode(item.video, cfg.resolution, keep=keep, cursor=cursor, info=info):
            writer.append_frames(frames)
        if ticks is None:
            kept = np.arange(info.written)
            actions = None
        else:
            slack = max(ALIGN_TOLERANCE[0], int(ALIGN_TOLERANCE[1] * len(ticks)))
            if abs(info.resampled - len(ticks)) > slack:
                raise AlignError(
                    f"{item.video}: {info.resampled} frames at {TARGET_FPS} fps but "
                    f"{len(ticks)} ticks in {item.actions} (more than {slack} apart)"
                )
            kept = np.flatnonzero(ticks.keep[: info.resampled])
            actions = ticks.actions(kept)
        events, detected = rec.events, None
        if ticks is None and not events and cfg.events_model:
            from data_pipeline.events import detect_events, load_detector

            events, detected = detect_events(load_detector(cfg.events_model),
                                             writer.written_frames(), kept)
        goals = segment(events, kept, episode_id=item.episode_id, instruction=rec.instruction)
        attrs = {
            **rec.attrs, "fps": TARGET_FPS, "resolution": [w, h], "frames": int(info.written),
            "source_fps": info.src_fps, "source_resolution": list(info.src_size),
            "source_frames": info.decoded, "ticks": len(ticks) if ticks is not None else 0,
        }  # fmt: skip
        if ticks is not None:
            attrs.update(
                null_dropped=int(ticks.null if not ticks.keep.all() else 0),
                broken_lines=json.dumps(ticks.broken[:50]), n_broken_lines=len(ticks.broken),
                unknown_keys=dict(ticks.unknown_keys), stuck_attack_cleared=ticks.stuck_attack_cleared,
            )  # fmt: skip
        attrs["segmenter"] = "detector" if detected is not None else "metadata"
        if detected is not None:
            attrs["events_model"] = str(cfg.events_model)
        writer.update_attrs(attrs)
        writer.end(actions, goals, ticks=kept)
        if rec.events:
            writer.add_extra(item.episode_id, EVENTS_EXTRA, event_columns(rec.events, kept))
        if detected is not None and len(detected["frame"]):
            from data_pipeline.events import DETECTED_EXTRA

            writer.add_extra(item.episode_id, DETECTED_EXTRA, detected)
    return {
        "frames": int(info.written), "goals": len(goals),
        "goal_kinds": dict(Counter(g.event.split(".", 1)[0] for g in goals if g.event)),
        "broken_lines": len(ticks.broken) if ticks is not None else 0,
    }  # fmt: skip


def shard_paths(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> list[Path]:
    """Shard files from a build folder (its `shards/`), a folder of `*.h5`, or explicit files."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            root = p / "shards" if (p / "shards").is_dir() else p
            out += sorted(root.glob("*.h5"))
        else:
            out.append(p)
    return out


def read_status(out: str | Path) -> list[dict[str, Any]]:
    """All status records of a build folder, sorted by episode id."""
    folder = Path(out) / "status"
    rows = (
        [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]
        if folder.exists()
        else []
    )
    return sorted(rows, key=lambda r: r["episode"])


def build_index(out: str | Path) -> dict[str, Any]:
    """Write `index.json` from the shards and status files of a build folder and return it."""
    out = Path(out)
    episodes, kinds = [], Counter()
    for shard in sorted((out / "shards").glob("*.h5")):
        with ShardReader(shard) as r:
            for ep in r.episodes():
                goals = r.goals(ep)
                kinds.update(g.event.split(".", 1)[0] for g in goals if g.event)
                attrs = r.attrs(ep)
                episodes.append({
                    "episode": ep, "shard": str(shard.relative_to(out)), "frames": r.length(ep),
                    "goals": len(goals), "labelled": r.has_actions(ep), "source": attrs.get("source", ""),
                    "fps": attrs.get("fps", TARGET_FPS),
                })  # fmt: skip
    skipped = [
        {"episode": s["episode"], "source": s["source"], "reason": s["reason"]}
        for s in read_status(out) if s.get("status") == "skipped"
    ]  # fmt: skip
    frames = sum(e["frames"] for e in episodes)
    index = {
        "schema_version": SCHEMA_VERSION, "episodes": episodes, "skipped": skipped,
        "frames": frames, "hours": round(frames / TARGET_FPS / 3600, 4),
        "goals_per_kind": dict(sorted(kinds.items())),
    }  # fmt: skip
    _write_json(out / "index.json", index)
    return index
