"""Environments: the embedded VoxelWorld and adapters for real engines, behind one API.

Importing this package registers the gymnasium ids without importing any engine.
"""

import gymnasium

ENV_IDS = ("openha/VoxelWorld-v0",)

if "openha/VoxelWorld-v0" not in gymnasium.registry:
    gymnasium.register(
        id="openha/VoxelWorld-v0",
        entry_point="envs.voxel.env:VoxelWorldEnv",
        disable_env_checker=True,
    )
