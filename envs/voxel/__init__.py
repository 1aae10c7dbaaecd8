"""VoxelWorld: a deterministic Minecraft-1.16-rules voxel world speaking the MineRL 1.0 spaces."""
