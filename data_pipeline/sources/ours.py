"""`ours` — our recordings (expert recorder, app "record"): `<name>.mp4` (20 fps) +
`<name>.jsonl` (contractor format, one line per env step, frame i = obs before action i) +
`<name>.json` metadata.

Metadata fields read (all optional): `task`, `instruction`, `seed`, `success`, `env`,
`env_version`, `labeller` (default "expert"), `fps`, and `events`
(`[{"tick": t, "stat": "mine_block.oak_log", "count": 1}]`). Without `events`, events come from
per-line `stats` (cumulative counters after the tick) in the jsonl. Every tick is kept (no null
skipping, no stuck-attack fix): frames stay aligned one to one with env steps.
"""

from __future__ import annotations

import json

from data_pipeline.goals import events_from_meta, events_from_stats
from data_pipeline.sources import Recording, Source, SourceError, SourceItem, register
from data_pipeline.sources.contractor import read_jsonl


@register("ours")
class OursSource(Source):
    name = "ours"
    sidecars = (".jsonl", ".json")

    def load(self, item: SourceItem) -> Recording:
        if item.actions is None or not item.actions.exists():
            raise SourceError(
                f"{item.video}: no actions file {item.actions.name if item.actions else ''} beside it"
            )
        meta: dict = {}
        if item.meta is not None and item.meta.exists():
            try:
                meta = json.loads(item.meta.read_text())
            except ValueError as e:
                raise SourceError(f"{item.meta}: metadata is not JSON ({e})") from e
        ticks = read_jsonl(item.actions, fix_stuck_attack=False, skip_null=False)
        if "events" in meta:
            events = events_from_meta(meta["events"])
        else:
            events = events_from_stats(ticks.stats)
        instruction = str(meta.get("instruction") or meta.get("task") or "")
        attrs = {
            "source": str(item.video), "source_kind": "ours",
            "labeller": meta.get("labeller", "expert"),
            "env_version": meta.get("env_version", meta.get("env", "")),
            "seed": int(meta["seed"]) if meta.get("seed") is not None else -1,
            "task": meta.get("task", ""), "instruction": instruction,
            "task_success": bool(meta.get("success", False)),
        }  # fmt: skip
        return Recording(item, ticks, events=events, attrs=attrs, instruction=instruction)
