"""Export shards as WebDataset tar shards (`openha data export DIR --format webdataset --out DIR2`).

Layout (the usual WebDataset convention, one sample per frame, samples in episode/frame order):

    DIR2/goa-000000.tar, goa-000001.tar, …   `samples_per_shard` samples each
        <key>.jpg | <key>.png    the observation (H, W, 3) — jpg quality 95, or lossless png
        <key>.json               {"episode", "frame", "goal", "goal_success", "action": {MineRL
                                  key: 0/1, "camera": [pitch, yaw]}, "vpt": [buttons, camera]}
    DIR2/index.json              {"format", "shards", "samples", "episodes", "image"}

`<key>` is `<episode>__<frame:06d>` with dots in the episode id turned into `_` (WebDataset splits
a member name at its first dot). Unlabelled episodes are skipped. Tar shards are written under a
temporary name and renamed, and an existing tar is kept, so a killed export resumes.
"""

from __future__ import annotations

import io
import json
import os
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from data_pipeline.schema import ShardReader
from data_pipeline.stages import shard_paths

FORMATS = ("webdataset",)
IMAGE_FORMATS = ("jpg", "png")


@dataclass(frozen=True)
class ExportConfig:
    out: str
    format: str = "webdataset"
    image: str = "jpg"
    samples_per_shard: int = 10_000
    prefix: str = "goa"

    def check(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"--format {self.format!r} unknown; use one of {FORMATS}")
        if self.image not in IMAGE_FORMATS:
            raise ValueError(f"--image {self.image!r} unknown; use one of {IMAGE_FORMATS}")
        if self.samples_per_shard < 1:
            raise ValueError(f"--samples-per-shard {self.samples_per_shard}: use ≥ 1")


def sample_key(episode: str, frame: int) -> str:
    return f"{episode.replace('.', '_')}__{frame:06d}"


def _plan(folder: str | os.PathLike) -> list[tuple[Path, str, int]]:
    """(shard, episode, frames) of every labelled episode, in a fixed order."""
    rows = []
    for path in shard_paths(folder):
        with ShardReader(path) as r:
            rows += [(path, ep, r.length(ep)) for ep in r.episodes() if r.has_actions(ep)]
    return rows


def _encode(frame: np.ndarray, image: str) -> bytes:
    import cv2

    params = [cv2.IMWRITE_JPEG_QUALITY, 95] if image == "jpg" else []
    ok, buf = cv2.imencode(f".{image}", np.ascontiguousarray(frame[..., ::-1]), params)
    if not ok:
        raise ValueError(f"could not encode a {frame.shape} frame as {image}")
    return buf.tobytes()


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), 0, 0o644
    tar.addfile(info, io.BytesIO(data))


def _samples(reader: ShardReader, episode: str, start: int, stop: int, image: str):
    frames = reader.frames(episode, start, stop)
    acts = reader.actions(episode, start, stop)
    goals = reader.goals(episode)
    for i, t in enumerate(range(start, stop)):
        goal = next((g for g in goals if g.start <= t <= g.end), None)
        action = {k: int(v[i]) for k, v in acts.items() if k not in ("camera", "vpt")}
        action["camera"] = [float(x) for x in acts["camera"][i]]
        meta = {"episode": episode, "frame": t, "goal": goal.text if goal else "",
                "goal_success": bool(goal.success) if goal else False, "action": action,
                "vpt": [int(x) for x in acts["vpt"][i]]}
        key = sample_key(episode, t)
        yield key, _encode(frames[i], image), json.dumps(meta).encode()


def export_webdataset(folder: str | os.PathLike, cfg: ExportConfig,
                      on_shard: Callable[[dict], None] | None = None) -> dict[str, Any]:
    """Write the labelled episodes under `folder` as tar shards into `cfg.out`; returns the index."""
    cfg.check()
    rows = _plan(folder)
    if not rows:
        raise ValueError(f"{folder}: no labelled episodes to export (label raw video first with "
                         "`openha data label`)")
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    total = sum(n for *_, n in rows)
    n_shards = -(-total // cfg.samples_per_shard)
    starts = np.cumsum([0] + [n for *_, n in rows])
    written = 0
    for s in range(n_shards):
        path = out / f"{cfg.prefix}-{s:06d}.tar"
        lo, hi = s * cfg.samples_per_shard, min((s + 1) * cfg.samples_per_shard, total)
        if path.exists():
            continue
        tmp = path.with_name(path.name + ".tmp")
        with tarfile.open(tmp, "w") as tar:
            for k, (shard, ep, n) in enumerate(rows):
                a, b = max(lo - starts[k], 0), min(hi - starts[k], n)
                if a >= b:
                    continue
                with ShardReader(shard) as r:
                    for key, img, meta in _samples(r, ep, int(a), int(b), cfg.image):
                        _add(tar, f"{key}.{cfg.image}", img)
                        _add(tar, f"{key}.json", meta)
        os.replace(tmp, path)
        written += 1
        if on_shard is not None:
            on_shard({"shard": str(path), "samples": hi - lo})
    index = {"format": "webdataset", "image": cfg.image, "samples": int(total),
             "episodes": len(rows), "samples_per_shard": cfg.samples_per_shard,
             "shards": [f"{cfg.prefix}-{s:06d}.tar" for s in range(n_shards)],
             "written_now": written}
    tmp = out / "index.json.tmp"
    tmp.write_text(json.dumps(index, indent=1))
    os.replace(tmp, out / "index.json")
    return index


def read_webdataset(folder: str | os.PathLike) -> list[dict[str, Any]]:
    """Read an export back with the standard library: one dict per sample, in order, with the
    decoded `image` (H, W, 3) RGB and the json fields. For tests and small exports."""
    import cv2

    index = json.loads((Path(folder) / "index.json").read_text())
    samples: list[dict[str, Any]] = []
    for name in index["shards"]:
        with tarfile.open(Path(folder) / name) as tar:
            current: dict[str, Any] = {}
            for member in tar:
                key, ext = member.name.split(".", 1)
                data = tar.extractfile(member).read()
                if current.get("__key__") != key:
                    current = {"__key__": key}
                    samples.append(current)
                if ext == "json":
                    current.update(json.loads(data))
                else:
                    img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
                    current["image"] = img[..., ::-1]
    return samples
