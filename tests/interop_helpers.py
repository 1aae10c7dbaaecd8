"""MineStudio's real files for the interop tests: its wheel (MCU configs) and callback classes.

The wheel comes from the installed `minestudio` package (`pip install --no-deps
minestudio==1.1.6`), else from `pip download --no-deps minestudio==1.1.6` into a cache folder
(`$OPENHA_CACHE`, default `~/.cache/openha`). Tests skip, saying why, only when neither works.

MineStudio's callbacks are imported module by module without running the package `__init__`s of
`minestudio.simulator` and `minestudio.simulator.callbacks` (they import the Java engine wrapper,
the MineRL fork, torch, every callback). Third-party modules that are missing are stubbed in
`sys.modules`, and only those: `absl` (used for logging by `minestudio.utils.register`) and,
for RecordCallback's import, `av` — `STUBBED` says which were.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import subprocess
import sys
import types
import zipfile
from pathlib import Path

import yaml

VERSION = "1.1.6"
CALLBACKS = ("callback", "commands", "rewards", "summon_mobs", "init_inventory", "fast_reset",
             "task", "record", "speed_test")  # fmt: skip
STUBBED: list[str] = []
_WHY: list[str] = []


def cache_dir() -> Path:
    return Path(os.environ.get("OPENHA_CACHE", Path.home() / ".cache" / "openha")) / "wheels"


def wheel() -> Path | None:
    """The minestudio wheel (downloaded once), or None; `why_not()` says why."""
    found = sorted(cache_dir().glob(f"minestudio-{VERSION}-*.whl"))
    if found:
        return found[0]
    cache_dir().mkdir(parents=True, exist_ok=True)
    try:
        r = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", f"minestudio=={VERSION}",
             "-d", str(cache_dir()), "-q"],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as e:
        _WHY.append(f"pip download failed: {e}")
        return None
    found = sorted(cache_dir().glob(f"minestudio-{VERSION}-*.whl"))
    if not found:
        _WHY.append(f"pip download --no-deps minestudio=={VERSION} failed: {r.stderr.strip()[-300:]}")
    return found[0] if found else None


def installed_dir() -> Path | None:
    spec = importlib.util.find_spec("minestudio")
    return Path(next(iter(spec.submodule_search_locations))) if spec and spec.submodule_search_locations else None


def why_not() -> str:
    return "; ".join(_WHY) or "minestudio is neither installed nor downloadable"


def mcu_configs() -> dict[str, dict] | None:
    """{"simple/build_gate": config, …} for all MCU configs shipped in the wheel."""
    root = installed_dir()
    if root is not None and (root / "benchmark" / "task_configs").is_dir():
        files = sorted((root / "benchmark" / "task_configs").rglob("*.yaml"))
        return {f"{f.parent.name}/{f.stem}": yaml.safe_load(f.read_text()) for f in files}
    w = wheel()
    if w is None:
        return None
    with zipfile.ZipFile(w) as z:
        names = sorted(n for n in z.namelist() if "/task_configs/" in n and n.endswith(".yaml"))
        return {"/".join(n.split("/")[-2:])[:-5]: yaml.safe_load(z.read(n)) for n in names}


class _Stub(types.ModuleType):
    """A stand-in for a missing third-party module: any attribute is a do-nothing callable."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Stub(f"{self.__name__}.{name}")

    def __call__(self, *args, **kwargs):
        return None


def callbacks() -> dict[str, type] | None:
    """MineStudio's real callback classes by name, or None (see `why_not()`)."""
    if installed_dir() is None:
        w = wheel()
        if w is None:
            return None
        if str(w) not in sys.path:
            sys.path.insert(0, str(w))  # a pure-Python wheel imports from its zip
    root = installed_dir()
    if root is None:
        _WHY.append("the minestudio wheel is not importable")
        return None
    for pkg, sub in (("minestudio.simulator", "simulator"),
                     ("minestudio.simulator.callbacks", "simulator/callbacks")):  # fmt: skip
        if pkg not in sys.modules:  # the package without its __init__ (engine, MineRL fork)
            mod = types.ModuleType(pkg)
            mod.__path__ = [str(root / sub)]
            sys.modules[pkg] = mod
    for name in ("absl", "av"):
        if name not in sys.modules and importlib.util.find_spec(name) is None:
            stub = _Stub(name)
            stub.__path__ = []
            sys.modules[name] = stub
            sys.modules[f"{name}.logging"] = _Stub(f"{name}.logging")
            STUBBED.append(name)
    out = {}
    try:
        for m in CALLBACKS:
            mod = importlib.import_module(f"minestudio.simulator.callbacks.{m}")
            out.update({k: v for k, v in vars(mod).items() if k.endswith("Callback") and isinstance(v, type)})
    except ImportError as e:
        _WHY.append(f"importing MineStudio's callbacks needs {e.name!r}: {e}")
        return None
    return out
