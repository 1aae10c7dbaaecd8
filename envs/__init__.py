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

# Other engines behind the same API (import-guarded: constructing says what is missing).
ENV_IDS += ("openha/Crafter-v0", "openha/MineRL-v0", "openha/MineStudio-v0")
for _id, _entry in (
    ("openha/Crafter-v0", "envs.crafter:CrafterEnv"),
    ("openha/MineRL-v0", "envs.minerl:MineRLEnv"),
    ("openha/MineStudio-v0", "envs.minestudio:MineStudioEnv"),
):
    if _id not in gymnasium.registry:
        gymnasium.register(id=_id, entry_point=_entry, disable_env_checker=True)
