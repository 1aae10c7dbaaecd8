"""The openha app: `python app.py` (or `openha app`) serves it on http://127.0.0.1:7860.

`app.demo` is the `gr.Blocks`, importable so tests and other servers can launch or mount it.
"""

from openha.app import build_app, launch

demo = build_app()

if __name__ == "__main__":
    launch(demo)
