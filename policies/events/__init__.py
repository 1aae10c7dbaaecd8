"""The learned event detector: frames → counter events (`mine_block`, `pickup`, `craft_item`,
`smelt_item`, `kill_entity`, `use_item`), so raw video with no metadata gets goal segments.

    from policies.events import EventDetectorModel
    model = EventDetectorModel.from_pretrained("checkpoints/event-small").eval()
    events = model.events(frames)       # data_pipeline.goals.Event list → goals.segment

Trained on our recordings (where the truth is known) with `openha train events`
(policies/events/cli.py); applied by `openha data build --source video --events-model PATH`.
"""

__all__ = ["EventConfig", "EventDetectorModel", "DetectedEvent"]


def __getattr__(name: str):  # lazy: `openha --help` must not import torch
    if name == "EventConfig":
        from .configuration_events import EventConfig

        return EventConfig
    if name in ("EventDetectorModel", "DetectedEvent"):
        from . import modeling_events

        return getattr(modeling_events, name)
    raise AttributeError(f"module 'policies.events' has no attribute {name!r}")
