"""Looking at a build: per-folder stats, validation, a contact sheet and a goal timeline per episode."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from data_pipeline.schema import ShardReader, validate
from data_pipeline.stages import shard_paths
from openha.video import contact_sheet, save_png

KIND_COLOURS = {
    "mine_block": (200, 140, 60), "pickup": (90, 180, 90), "craft_item": (70, 130, 220),
    "smelt_item": (220, 90, 60), "kill_entity": (200, 60, 160), "use_item": (160, 160, 60), "": (90, 90, 90),
}  # fmt: skip
TIMELINE_ROWS = ("forward", "attack", "use", "jump", "inventory")


def find_episode(folder: str | Path, episode: str | None) -> tuple[Path, str]:
    """(shard, episode id) for `episode`, or the first episode of the build."""
    for path in shard_paths(folder):
        with ShardReader(path) as r:
            for ep in r.episodes():
                if episode is None or ep == episode:
                    return path, ep
    raise KeyError(f"{folder}: no episode {episode!r}" if episode else f"{folder}: no episodes")


def stats(folder: str | Path) -> dict[str, Any]:
    """Episodes, frames, hours, goals per kind, labelled episodes, shard bytes and bytes/frame."""
    episodes = frames = labelled = 0
    kinds: Counter = Counter()
    size = 0
    fps = 20
    for path in shard_paths(folder):
        size += path.stat().st_size
        with ShardReader(path) as r:
            for ep in r.episodes():
                episodes += 1
                frames += r.length(ep)
                labelled += r.has_actions(ep)
                fps = r.attrs(ep).get("fps", fps)
                kinds.update(g.event.split(".", 1)[0] if g.event else "(tail)" for g in r.goals(ep))
    return {
        "episodes": episodes, "labelled_episodes": labelled, "frames": frames,
        "hours": round(frames / fps / 3600, 4), "goals_per_kind": dict(sorted(kinds.items())),
        "bytes": size, "bytes_per_frame": round(size / frames, 1) if frames else 0.0,
    }  # fmt: skip


def validate_folder(folder: str | Path) -> list[str]:
    """Problems in every shard of a build, shards in name order."""
    paths = shard_paths(folder)
    if not paths:
        return [f"{folder}: no *.h5 shards found"]
    return [p for path in paths for p in validate(path)]


def write_contact_sheet(
    folder: str | Path, out: str | Path, episode: str | None = None, n: int = 16
) -> Path:
    """`n` evenly spaced frames of an episode, tiled 4 wide, each labelled with its frame index."""
    import cv2

    path, ep = find_episode(folder, episode)
    with ShardReader(path) as r:
        t = r.length(ep)
        idx = np.unique(np.linspace(0, t - 1, min(n, t)).astype(int))
        frames = [r.frames(ep, i, i + 1)[0] for i in idx]
    scale = max(1, 128 // frames[0].shape[0])
    thumbs = []
    for i, f in zip(idx, frames, strict=True):
        big = np.ascontiguousarray(np.repeat(np.repeat(f, scale, 0), scale, 1))
        cv2.putText(
            big, str(i), (2, 12), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (255, 255, 0), 1, cv2.LINE_AA
        )
        thumbs.append(big)
    return save_png(out, contact_sheet(thumbs, cols=4))


def write_goal_timeline(
    folder: str | Path, out: str | Path, episode: str | None = None, width: int = 1000
) -> Path:
    """A goal bar (one colour per event kind, labelled) over button rows and camera traces."""
    import cv2

    path, ep = find_episode(folder, episode)
    with ShardReader(path) as r:
        t = r.length(ep)
        goals = r.goals(ep)
        acts = r.actions(ep) if r.has_actions(ep) else {}
    row_h, label_w = 18, 90
    n_rows = len(TIMELINE_ROWS) + 2
    img = np.full((60 + row_h * n_rows + 20, label_w + width + 10, 3), 250, np.uint8)

    def x(frame: float) -> int:
        return label_w + int(round(frame / max(1, t) * width))

    def put(s: str, xy: tuple[int, int], c: tuple[int, int, int] = (30, 30, 30)) -> None:
        cv2.putText(img, s, xy, cv2.FONT_HERSHEY_SIMPLEX, 0.35, c, 1, cv2.LINE_AA)

    put(f"{ep}: {t} frames, {len(goals)} goals", (4, 12))
    for k, g in enumerate(goals):
        colour = KIND_COLOURS.get(g.event.split(".", 1)[0] if g.event else "", (120, 120, 120))
        cv2.rectangle(img, (x(g.start), 20), (x(g.end + 1) - 1, 50), colour, -1)
        cv2.line(img, (x(g.start), 18), (x(g.start), 52), (255, 255, 255), 2)
        put(
            g.text[: max(3, (x(g.end + 1) - x(g.start)) // 6)],
            (x(g.start) + 2, 32 + 12 * (k % 2)),
            (255, 255, 255),
        )
    put("goals", (4, 38))
    y0 = 60
    for i, key in enumerate(TIMELINE_ROWS):
        y = y0 + i * row_h
        put(key, (4, y + 12))
        for f in np.flatnonzero(np.asarray(acts.get(key, []))):
            cv2.line(img, (x(f), y + 3), (x(f), y + row_h - 3), (40, 40, 40), 1)
    if "camera" in acts:
        for j, (name, colour) in enumerate((("pitch", (200, 60, 60)), ("yaw", (60, 60, 200)))):
            y = y0 + (len(TIMELINE_ROWS) + j) * row_h + row_h // 2
            put(name, (4, y + 4))
            v = np.clip(acts["camera"][:, j] / 10.0, -1, 1) * (row_h // 2 - 2)
            pts = np.stack([[x(f) for f in range(t)], (y - v).astype(int)], 1).astype(np.int32)
            cv2.polylines(img, [pts], False, colour, 1)
    put("0", (label_w, img.shape[0] - 6))
    put(str(t - 1), (label_w + width - 20, img.shape[0] - 6))
    return save_png(out, img)
