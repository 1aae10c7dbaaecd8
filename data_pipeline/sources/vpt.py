"""`vpt` — OpenAI VPT contractor data: a folder of `<name>.mp4` + `<name>.jsonl` pairs.

VPT's loader rules (contractor.read_jsonl): stuck-attack fix, scroll-wheel hotbar changes as
`hotbar.N`, null ticks dropped (with their frames), unknown keys counted, broken lines reported
as file:line; the GUI cursor is drawn on frames where a GUI is open. A tick whose only change is a
scrolled hotbar is kept (VPT checks null before its hotbar fix and would drop it; the paper checks
after mapping to the agent's action space, where it is not null).
"""

from __future__ import annotations

from data_pipeline.sources import Recording, Source, SourceError, SourceItem, register
from data_pipeline.sources.contractor import read_jsonl


@register("vpt")
class VPTSource(Source):
    name = "vpt"
    sidecars = (".jsonl",)

    def load(self, item: SourceItem) -> Recording:
        if item.actions is None or not item.actions.exists():
            raise SourceError(
                f"{item.video}: no actions file {item.actions.name if item.actions else ''} beside it"
            )
        ticks = read_jsonl(item.actions, fix_stuck_attack=True, skip_null=True)
        if not ticks.keep.any():
            raise SourceError(
                f"{item.actions}: no usable ticks ({ticks.null} null, {len(ticks.broken)} broken)"
            )
        attrs = {
            "source": str(item.video), "source_kind": "vpt", "labeller": "contractor",
            "env_version": "minecraft-1.16 (VPT contractor)", "seed": -1,
        }  # fmt: skip
        return Recording(item, ticks, attrs=attrs, draw_cursor=True)
