"""The inverse dynamics model (IDM): VPT-style, non-causal, labels video with VPT actions.

    from policies.idm import IDMConfig, IDMModel
    model = IDMModel(IDMConfig.preset("small"))          # or IDMModel.from_pretrained(path)
    classes = model.label(frames)                         # uint8 (N, H, W, 3) -> int64 (N, 2)

Trained with `openha train idm` (policies/idm/cli.py) through `policies.training.train`; applied
to unlabelled shards by `openha data label` (data_pipeline/label.py).
"""

__all__ = ["IDMConfig", "IDMModel", "IDMOutput"]


def __getattr__(name: str):  # lazy: `openha --help` must not import torch
    if name == "IDMConfig":
        from .configuration_idm import IDMConfig

        return IDMConfig
    if name in ("IDMModel", "IDMOutput"):
        from . import modeling_idm

        return getattr(modeling_idm, name)
    raise AttributeError(f"module 'policies.idm' has no attribute {name!r}")
