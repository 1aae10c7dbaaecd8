"""openha low-level policies: one registry of model kinds, loaded by the config's `model_type`.

    model = policies.make("goap", preset="small")      # fresh, for training
    model = policies.load("checkpoints/goap-small")    # reads config.json's model_type

Entries are lazy ("module:Config", "module:Model") so importing `policies` pulls in no torch.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

# kind -> (model_type in config.json, "module:ConfigClass", "module:ModelClass")
REGISTRY: dict[str, tuple[str, str, str]] = {
    "goap": ("openha_goap", "policies.configuration_goap:GOAPConfig",
             "policies.modeling_goap:GOAPPolicy"),
    "vpt": ("openha_vpt", "policies.configuration_vpt:VPTConfig",
            "policies.modeling_vpt:VPTPolicy"),
    "idm": ("openha_idm", "policies.idm.configuration_idm:IDMConfig",
            "policies.idm.modeling_idm:IDMModel"),
}


def register(kind: str, model_type: str, config: str, model: str) -> None:
    """Add a policy kind: its config's `model_type` and "module:attr" of config and model."""
    REGISTRY[kind] = (model_type, config, model)


def _attr(target: str) -> Any:
    mod, _, attr = target.partition(":")
    return getattr(importlib.import_module(mod), attr)


def kinds() -> list[str]:
    return sorted(REGISTRY)


def _entry(kind: str) -> tuple[str, str, str]:
    if kind not in REGISTRY:
        raise ValueError(f"policy kind {kind!r} unknown; use one of {kinds()}")
    return REGISTRY[kind]


def make_config(kind: str, preset: str = "small", **overrides):
    """A config from a preset (`tiny` for tests, `small` for CPU, `base` for a GPU run);
    `overrides` must name fields of the config (a typo is an error, not silently kept)."""
    import inspect

    cls = _attr(_entry(kind)[1])
    fields = [n for n in inspect.signature(cls.__init__).parameters if n not in ("self", "kwargs")]
    unknown = sorted(set(overrides) - set(fields))
    if unknown:
        raise ValueError(f"{kind} config has no field {', '.join(map(repr, unknown))}; "
                         f"fields: {', '.join(fields)}")
    return cls.preset(preset, **overrides)


def make(kind: str, preset: str = "small", **overrides):
    """A freshly initialised policy of `kind`."""
    return _attr(_entry(kind)[2]).create(make_config(kind, preset, **overrides))


def load(path: str | Path, device: str = "cpu"):
    """Load a saved policy; its kind comes from `config.json`'s `model_type`."""
    cfg_path = Path(path) / "config.json"
    if not cfg_path.is_file():
        raise FileNotFoundError(f"{path}: no config.json; expected a folder written by "
                                "save_pretrained (e.g. checkpoints/goap-small)")
    model_type = json.loads(cfg_path.read_text()).get("model_type")
    for _, (mt, _cfg, model) in REGISTRY.items():
        if mt == model_type:
            return _attr(model).from_pretrained(str(path)).to(device).eval()
    raise ValueError(f"{cfg_path}: model_type {model_type!r} is not a registered policy; "
                     f"known: {sorted(mt for mt, _, _ in REGISTRY.values())}")
