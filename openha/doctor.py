"""`openha doctor`: what this machine can run, and for each thing that cannot, why not."""

from __future__ import annotations

import importlib
import importlib.metadata as md
import importlib.util
import os
import platform
import sys
import time


def _version(dist: str) -> str | None:
    try:
        return md.version(dist)
    except md.PackageNotFoundError:
        return None


def _numba_status() -> dict:
    try:
        import numba

        from envs.voxel import physics  # compiled on first use (cached on disk afterwards)

        t0 = time.perf_counter()
        physics.look_vector(0.0, 0.0)
        import numpy as np

        from envs.voxel import gamedata
        from envs.voxel.world import World

        gd = gamedata.load()
        w = World(0)
        physics.player_tick(physics.new_state(0.5, 1.0, 0.5), np.zeros(7, np.int32), 0.0, 1.0,
                            w.blocks, gd.solid, np.zeros(gd.n_blocks, bool), 0.6)
        return {"ok": True, "version": numba.__version__,
                "first_call_seconds": round(time.perf_counter() - t0, 3),
                "disable_jit": os.environ.get("NUMBA_DISABLE_JIT", "0") == "1"}
    except Exception as e:  # report, never crash the doctor
        return {"ok": False, "why": f"{type(e).__name__}: {e}"}


def _gpu() -> dict:
    try:
        import torch
    except ImportError:
        return {"ok": False, "why": "torch is not installed (pip install torch) — CPU only"}
    if torch.cuda.is_available():
        return {"ok": True, "device": torch.cuda.get_device_name(0), "torch": torch.__version__}
    return {"ok": False, "why": f"torch {torch.__version__} sees no CUDA device — CPU only"}


def _adapter(module: str, dist: str) -> dict:
    """An engine adapter's own `missing()` list is the one source of what this machine lacks."""
    lack = importlib.import_module(module).missing()
    if lack:
        return {"ok": False, "why": "; ".join(lack)}
    return {"ok": True, "version": _version(dist)}


def _backend_minerl() -> dict:
    return _adapter("envs.minerl", "minerl")


def _backend_minestudio() -> dict:
    return _adapter("envs.minestudio", "minestudio")


def _backend_crafter() -> dict:
    if importlib.util.find_spec("crafter") is None:
        return {"ok": False, "why": "crafter is not installed (pip install 'openha[crafter]')"}
    return {"ok": True, "version": _version("crafter")}


def _ray() -> dict:
    v = _version("ray")
    if v is None:
        return {"ok": False, "why": "ray is not installed (pip install 'ray[default]')"}
    return {"ok": True, "version": v}


def collect() -> dict:
    """Everything `openha doctor` prints, as a dict."""
    return {
        "openha": _version("openha"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "packages": {d: _version(d) for d in
                     ("numpy", "numba", "gymnasium", "minecraft-data", "opencv-python-headless",
                      "torch", "transformers", "ray", "gradio", "h5py")},
        "numba_jit": _numba_status(),
        "gpu": _gpu(),
        "ray": _ray(),
        "backends": {
            "voxel": {"ok": True, "why": "embedded default (openha/VoxelWorld-v0)"},
            "crafter": _backend_crafter(),
            "minerl": _backend_minerl(),
            "minestudio": _backend_minestudio(),
        },
    }


def render_table(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"[bold]openha[/] {report['openha']}  python {report['python']}  "
                  f"{report['platform']}  cpus={report['cpus']}")
    t = Table("package", "version")
    for k, v in report["packages"].items():
        t.add_row(k, v or "[dim]not installed[/]")
    console.print(t)
    t = Table("component", "status", "details")
    rows = [("numba JIT", report["numba_jit"]), ("GPU", report["gpu"]), ("Ray", report["ray"])]
    rows += [(f"backend: {k}", v) for k, v in report["backends"].items()]
    for name, r in rows:
        status = "[green]ok[/]" if r.get("ok") else "[yellow]unavailable[/]"
        details = r.get("why") or ", ".join(f"{k}={v}" for k, v in r.items() if k != "ok")
        t.add_row(name, status, details)
    console.print(t)
