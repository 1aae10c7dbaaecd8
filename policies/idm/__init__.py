"""The inverse dynamics model (IDM): VPT-style, non-causal, labels video with VPT actions.

    from policies.idm import IDMConfig, IDMModel
    model = IDMModel(IDMConfig.preset("small"))          # or IDMModel.from_pretrained(path)
    classes = model.label(frames)                         # uint8 (N, H, W, 3) -> int64 (N, 2)

Trained with `openha train idm` (policies/idm/cli.py) through `policies.training.train`; applied
to unlabelled shards by `openha data label` (data_pipeline/label.py).
"""

from .configuration_idm import IDMConfig
from .modeling_idm import IDMModel, IDMOutput

__all__ = ["IDMConfig", "IDMModel", "IDMOutput"]
