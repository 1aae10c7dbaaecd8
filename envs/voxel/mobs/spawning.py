"""Natural spawning: herds of animals on sunlit grass, monsters in the dark around the player,
within per-category caps. A mixin of `MobAI`, sharing its seeded `rng`."""

from __future__ import annotations

import math

from ..world import CHUNK, ORIGIN
from .conditions import is_night
from .shapes import WOOL

HOSTILE_CAP, PASSIVE_CAP = 8, 10  # natural mobs within 128 blocks of the player
HOSTILE_WEIGHTS = {"zombie": 100, "skeleton": 100, "spider": 100, "creeper": 100}
PASSIVE_WEIGHTS = {"sheep": 12, "pig": 10, "chicken": 10, "cow": 8}
SPAWN_MIN, SPAWN_MAX = 24, 48  # distance band of natural spawns around the player


class MobSpawning:
    """Spawning rules; expects `rng`, `emits` and `grass` set by `MobAI`."""

    def _count(self, game, hostile: bool) -> int:
        # (a mob summoned this tick has no distance yet: age 0 counts as near)
        return sum(1 for m in game.mobs.mobs
                   if m.hostile == hostile and (m.distance < 128 or m.age == 0))

    def _column(self, game, lo: float, hi: float):
        r, w = self.rng.random, game.world
        a, d = r() * 2 * math.pi, lo + r() * (hi - lo)
        x, z = math.floor(game.player[0] + math.cos(a) * d), math.floor(game.player[2] + math.sin(a) * d)
        ax, az = x + ORIGIN, z + ORIGIN
        if not (0 <= ax < w.blocks.shape[0] and 0 <= az < w.blocks.shape[1]):
            return None
        if not w.chunk_done[ax // CHUNK, az // CHUNK]:
            return None
        return x, z

    def _free_at(self, game, x: int, y: int, z: int) -> bool:
        """Two non-solid, fluid-free cells over a solid opaque (non-bedrock) block."""
        w, gd = game.world, game.gd
        below = w.get(x, y - 1, z)
        if y < 1 or not gd.opaque[below] or below == self._bedrock(gd):
            return False
        for yy in (y, y + 1):
            b = w.get(x, yy, z)
            if game.solid[b] or game.mobs.fluid[b]:
                return False
        return True

    @staticmethod
    def _bedrock(gd) -> int:
        return gd.block_id["bedrock"]

    def _lit(self, game, x: int, y: int, z: int) -> bool:
        """Is a light source (torch, glowstone, lava, lit furnace…) within ~7 blocks?"""
        b = game.world.blocks
        ax, az = x + ORIGIN, z + ORIGIN
        box = b[max(ax - 7, 0): ax + 8, max(az - 7, 0): az + 8, max(y - 4, 0): y + 5]
        return bool(self.emits[box].any())

    def spawn_hostiles(self, game) -> None:
        if self._count(game, True) >= HOSTILE_CAP:
            return
        col = self._column(game, SPAWN_MIN, SPAWN_MAX)
        if col is None:
            return
        x, z = col
        w = game.world
        top = int(w.height[x + ORIGIN, z + ORIGIN])
        if self.rng.random() < 0.5:
            y = top  # the surface: dark only at night
        else:  # a random height below: caves are dark at any time
            y = self.rng.randint(1, max(top - 1, 1))
            while y > 1 and not game.solid[w.get(x, y - 1, z)]:
                y -= 1
        if not self._free_at(game, x, y, z):
            return
        exposed = not game.gd.opaque[w.blocks[x + ORIGIN, z + ORIGIN, y:top]].any()
        if (exposed and not is_night(game)) or self._lit(game, x, y, z):
            return
        if math.dist((x + 0.5, y, z + 0.5), game.feet()) < SPAWN_MIN:
            return
        kind = self._weighted(HOSTILE_WEIGHTS)
        for _ in range(self.rng.randint(1, 3)):
            if self._count(game, True) >= HOSTILE_CAP:
                return
            sx, sz = x + self.rng.randint(-3, 3), z + self.rng.randint(-3, 3)
            if self._free_at(game, sx, y, sz):
                game.mobs.summon(kind, sx + 0.5, y, sz + 0.5, persistent=False)

    def spawn_herd(self, game, lo: float, hi: float, need_day: bool) -> None:
        """A herd of 2–4 animals of one kind on sunlit grass."""
        if self._count(game, False) >= PASSIVE_CAP or (need_day and is_night(game)):
            return
        col = self._column(game, lo, hi)
        if col is None:
            return
        x, z = col
        w = game.world
        kind = self._weighted(PASSIVE_WEIGHTS)
        for _ in range(self.rng.randint(2, 4)):
            if self._count(game, False) >= PASSIVE_CAP:
                return
            sx, sz = x + self.rng.randint(-4, 4), z + self.rng.randint(-4, 4)
            if not w.in_bounds(sx, 0, sz):
                continue
            y = int(w.height[sx + ORIGIN, sz + ORIGIN])
            if w.get(sx, y - 1, sz) == self.grass and self._free_at(game, sx, y, sz):
                mob = game.mobs.summon(kind, sx + 0.5, y, sz + 0.5, persistent=False)
                if kind == "sheep":
                    mob.color = self._wool_colour()

    def _weighted(self, weights: dict[str, int]) -> str:
        """A kind drawn with Minecraft's spawn weights."""
        kinds = list(weights)
        return self.rng.choices(kinds, weights=[weights[k] for k in kinds])[0]

    def _wool_colour(self) -> int:
        """Minecraft's natural fleece: 81.836 % white, 5 % each greys/black, 3 % brown, pink."""
        r = self.rng.random() * 100
        for k, p in enumerate((81.836, 5, 5, 5, 3)):
            if r < p:
                return k
            r -= p
        return WOOL.index("pink")
