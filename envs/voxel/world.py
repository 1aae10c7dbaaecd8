"""The voxel grid: block ids in a fixed-size array, generated lazily chunk by chunk.

Layout (shared by world generation, physics and the renderer):
- `blocks[x + ORIGIN, z + ORIGIN, y]`, uint16 minecraft-data block ids, world x/z in
  [-ORIGIN, SIZE_XZ - ORIGIN), y in [0, SIZE_Y). y is the fastest axis (columns are contiguous).
- `height[x, z]` (array indices): 1 + the highest non-air y of the column (0 for an empty column).
- `bricks[x // 4, z // 4, y // 4]`: 1 if that 4x4x4 brick holds any non-air block; the renderer
  skips empty bricks.
- Outside the array is the world border: solid for physics, sky for rendering.

The array is allocated with np.zeros (calloc), so untouched chunks cost no memory: only the chunks
generated around the player become resident.
"""

from __future__ import annotations

import numba as nb
import numpy as np

CHUNK = 16
SIZE_XZ = 512
SIZE_Y = 256
ORIGIN = SIZE_XZ // 2
BRICK = 4
N_CHUNKS = SIZE_XZ // CHUNK
SEA_LEVEL = 63


@nb.njit(cache=True, nogil=True)
def refresh_region(blocks, height, bricks, x0, x1, z0, z1):
    """Recompute height map and brick occupancy for array columns [x0, x1) x [z0, z1)."""
    sy = blocks.shape[2]
    for x in range(x0, x1):
        for z in range(z0, z1):
            h = 0
            for y in range(sy - 1, -1, -1):
                if blocks[x, z, y] != 0:
                    h = y + 1
                    break
            height[x, z] = h
    bx0, bx1 = x0 // BRICK, (x1 + BRICK - 1) // BRICK
    bz0, bz1 = z0 // BRICK, (z1 + BRICK - 1) // BRICK
    for bx in range(bx0, bx1):
        for bz in range(bz0, bz1):
            for by in range(bricks.shape[2]):
                occ = 0
                for dx in range(BRICK):
                    if occ:
                        break
                    for dz in range(BRICK):
                        if occ:
                            break
                        for dy in range(BRICK):
                            if blocks[bx * BRICK + dx, bz * BRICK + dz, by * BRICK + dy] != 0:
                                occ = 1
                                break
                bricks[bx, bz, by] = occ


class World:
    """Block storage with lazy chunk generation around points of interest."""

    def __init__(self, seed: int, generator=None):
        self.seed = int(seed)
        self.blocks = np.zeros((SIZE_XZ, SIZE_XZ, SIZE_Y), np.uint16)
        self.height = np.zeros((SIZE_XZ, SIZE_XZ), np.int16)
        self.bricks = np.zeros((SIZE_XZ // BRICK, SIZE_XZ // BRICK, SIZE_Y // BRICK), np.uint8)
        self.chunk_done = np.zeros((N_CHUNKS, N_CHUNKS), bool)
        self.generator = generator  # callable(world, cx, cz) filling one chunk column
        self.version = 0  # bumped on every block change (caches key on it)

    # -- coordinates -------------------------------------------------------------------------
    @staticmethod
    def in_bounds(x: int, y: int, z: int) -> bool:
        return -ORIGIN <= x < SIZE_XZ - ORIGIN and -ORIGIN <= z < SIZE_XZ - ORIGIN and 0 <= y < SIZE_Y

    # -- generation --------------------------------------------------------------------------
    def ensure_chunks(self, x: float, z: float, radius_blocks: int) -> int:
        """Generate every chunk within `radius_blocks` of world (x, z); returns how many."""
        cx0 = max(0, int(np.floor((x + ORIGIN - radius_blocks) / CHUNK)))
        cx1 = min(N_CHUNKS - 1, int(np.floor((x + ORIGIN + radius_blocks) / CHUNK)))
        cz0 = max(0, int(np.floor((z + ORIGIN - radius_blocks) / CHUNK)))
        cz1 = min(N_CHUNKS - 1, int(np.floor((z + ORIGIN + radius_blocks) / CHUNK)))
        todo = [
            (cx, cz)
            for cx in range(cx0, cx1 + 1)
            for cz in range(cz0, cz1 + 1)
            if not self.chunk_done[cx, cz]
        ]
        for cx, cz in todo:
            if self.generator is not None:
                self.generator(self, cx, cz)
            self.chunk_done[cx, cz] = True
            refresh_region(
                self.blocks, self.height, self.bricks,
                cx * CHUNK, (cx + 1) * CHUNK, cz * CHUNK, (cz + 1) * CHUNK,
            )
        if todo:
            self.version += 1
        return len(todo)

    # -- block access (world coordinates) ---------------------------------------------------------
    def get(self, x: int, y: int, z: int) -> int:
        if not self.in_bounds(x, y, z):
            return 0
        return int(self.blocks[x + ORIGIN, z + ORIGIN, y])

    def set(self, x: int, y: int, z: int, block_id: int) -> None:
        """Set one block and keep the height map and brick grid in sync."""
        if not self.in_bounds(x, y, z):
            raise ValueError(f"position ({x}, {y}, {z}) is outside the world")
        ax, az = x + ORIGIN, z + ORIGIN
        self._ensure_chunk_at(ax, az)
        self.blocks[ax, az, y] = block_id
        refresh_region(self.blocks, self.height, self.bricks, ax, ax + 1, az, az + 1)
        self.version += 1

    def fill(self, x0: int, y0: int, z0: int, x1: int, y1: int, z1: int, block_id: int) -> int:
        """Fill the inclusive box between two corners; returns the number of blocks set."""
        xa, xb = sorted((x0, x1))
        ya, yb = sorted((y0, y1))
        za, zb = sorted((z0, z1))
        if not (self.in_bounds(xa, ya, za) and self.in_bounds(xb, yb, zb)):
            raise ValueError(f"box ({xa}, {ya}, {za})..({xb}, {yb}, {zb}) is outside the world")
        for ax in range(xa + ORIGIN, xb + ORIGIN + 1, CHUNK):
            for az in range(za + ORIGIN, zb + ORIGIN + 1, CHUNK):
                self._ensure_chunk_at(ax, az)
        self._ensure_chunk_at(xb + ORIGIN, zb + ORIGIN)
        self.blocks[xa + ORIGIN : xb + ORIGIN + 1, za + ORIGIN : zb + ORIGIN + 1, ya : yb + 1] = block_id
        refresh_region(
            self.blocks, self.height, self.bricks,
            xa + ORIGIN, xb + ORIGIN + 1, za + ORIGIN, zb + ORIGIN + 1,
        )
        self.version += 1
        return (xb - xa + 1) * (yb - ya + 1) * (zb - za + 1)

    def surface_y(self, x: int, z: int) -> int:
        """y just above the highest block of column (x, z) (generating it if needed)."""
        ax, az = x + ORIGIN, z + ORIGIN
        self._ensure_chunk_at(ax, az)
        return int(self.height[ax, az])

    def _ensure_chunk_at(self, ax: int, az: int) -> None:
        cx, cz = ax // CHUNK, az // CHUNK
        if 0 <= cx < N_CHUNKS and 0 <= cz < N_CHUNKS and not self.chunk_done[cx, cz]:
            self.ensure_chunks(ax - ORIGIN, az - ORIGIN, 0)
