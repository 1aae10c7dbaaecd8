"""Small trained weights shipped with openha, one folder per checkpoint with a model card."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def path(name: str) -> Path:
    """The folder of a shipped checkpoint (e.g. "goap-small"), wherever openha is installed."""
    p = ROOT / name
    if not (p / "config.json").exists():
        shipped = sorted(d.name for d in ROOT.iterdir() if (d / "config.json").exists())
        raise FileNotFoundError(f"no shipped checkpoint {name!r} in {ROOT}; shipped: {', '.join(shipped) or 'none'}")
    return p
