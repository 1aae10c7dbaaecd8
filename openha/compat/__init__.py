"""Interoperability: MineStudio / MCU code and task configs on VoxelWorld.

`minestudio.MinecraftSim` is a drop-in for MineStudio's simulator (its callbacks run
unchanged); `mcu` fixes and reads MCU task configs; `mcu_import` turns them into task YAMLs
(`openha tasks import --from minestudio DIR`). Nothing here imports MineStudio itself.
"""
