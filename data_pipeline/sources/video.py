"""`video` — any mp4 with no actions: frames only, labeller "none" until the IDM labels it."""

from __future__ import annotations

from data_pipeline.sources import Recording, Source, SourceItem, register


@register("video")
class VideoSource(Source):
    name = "video"

    def load(self, item: SourceItem) -> Recording:
        attrs = {
            "source": str(item.video),
            "source_kind": "video",
            "labeller": "none",
            "env_version": "",
            "seed": -1,
        }
        return Recording(item, None, attrs=attrs)
