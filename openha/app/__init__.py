"""The openha Gradio app (`app.py`, `openha app`): Play, Watch, Results and Datasets tabs.

    from openha.app import build_app, launch
    demo = build_app()          # a gr.Blocks; nothing starts until launch
    launch(demo, port=7860)

Per-session logic lives in `play.py` / `watch.py` (one env per browser session), the callbacks in
`live.py` / `browse.py`, the layout in `ui.py`. Importing this package does not import gradio;
`build_app` / `launch` do.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_app", "launch"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import ui

        return getattr(ui, name)
    raise AttributeError(f"module 'openha.app' has no attribute {name!r}")
