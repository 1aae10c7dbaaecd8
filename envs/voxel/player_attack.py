"""The player's left click: target the block or mob under the crosshair, hit mobs (damage,
loot, weapon wear) and break blocks over time (hardness × tool, drops, tool wear, stats).
A mixin of `Game`, which owns the state it reads and writes."""

from __future__ import annotations

from . import physics
from .drops import scatter_velocity

BLOCK_REACH = 4.5
ENTITY_REACH = 3.0
BREAK_DELAY = 5  # ticks between breaking one block and starting the next (survival)


class PlayerAttack:
    """Attack (mine / hit) for `Game`."""

    def _update_target(self) -> None:
        ex, ey, ez = self.eye()
        dx, dy, dz = physics.look_vector(self.pitch, self.yaw)
        hit, bx, by, bz, fx, fy, fz, dist = physics.raycast_block(
            self.world.blocks, self.targetable, ex, ey, ez, dx, dy, dz, BLOCK_REACH
        )
        self.target_dist = dist if hit else BLOCK_REACH
        self.target = (int(bx), int(by), int(bz)) if hit else None
        self.target_face = (int(fx), int(fy), int(fz))

    def _target_mob(self):
        if not self.mobs.mobs:
            return None
        reach = min(ENTITY_REACH, self.target_dist if self.target else ENTITY_REACH)
        mob, _ = self.mobs.raycast(self.eye(), physics.look_vector(self.pitch, self.yaw), reach)
        return mob

    def _attack(self, held: bool) -> None:
        if self.break_delay > 0:
            self.break_delay -= 1
        if not held:
            self._reset_breaking()
            return
        mob = self._target_mob()
        if mob is not None:
            self._reset_breaking()
            self._hit_mob(mob)
            return
        if self.target is None or self.break_delay > 0:
            self._reset_breaking()
            return
        held_item = self.inventory.held()
        if self.target != self.break_pos or held_item != self.break_item:
            self.break_pos, self.break_item, self.break_ticks = self.target, held_item, 0
        block = self.world.get(*self.target)
        needed = self.gd.break_ticks(block, held_item, self.player[physics.ON_GROUND] > 0,
                                     self.eye_in_water())
        if needed < 0:
            self.break_progress = 0.0
            return
        self.break_ticks += 1
        self.break_progress = min(1.0, self.break_ticks / max(needed, 1))
        if self.break_ticks >= needed:
            self.break_block(*self.target, held_item)
            if needed > 0:
                self.break_delay = BREAK_DELAY
            self._reset_breaking()

    def _reset_breaking(self) -> None:
        self.break_pos, self.break_ticks, self.break_progress = None, 0, 0.0

    def break_block(self, x: int, y: int, z: int, held_item: int, by_player: bool = True) -> None:
        """Remove a block as the player does: drops (if harvestable), tool wear, stats.
        `by_player=False` (e.g. /setblock ... destroy) drops loot but counts no statistic."""
        gd = self.gd
        block = self.world.get(x, y, z)
        self.world.set(x, y, z, 0)
        name = gd.block_name(block)
        if by_player:
            self.stats[f"mine_block.{name}"] += 1
            self.events.append(("mine_block", name))
        for entry in gd.loot(block, held_item):
            if self.rng.random() >= entry["chance"]:
                continue
            n = int(self.rng.integers(entry["min"], entry["max"] + 1))
            if n > 0:
                self.drops.spawn(x + 0.5, y + 0.25, z + 0.5, entry["item"], n, self.rng,
                                 vel=scatter_velocity(self.rng))
        if by_player and held_item > 0 and gd.hardness[block] > 0 and gd.max_durability[held_item] > 0:
            if self.inventory.damage_held(1):
                self.stats[f"break_item.{gd.item_name(held_item)}"] += 1
        for listener in self.break_listeners:
            listener(self, x, y, z, block)

    def credit_kill(self, kind: str) -> None:
        """Count a mob killed by the player (the `kill_entity` statistic and event)."""
        self.stats[f"kill_entity.{kind}"] += 1
        self.events.append(("kill_entity", kind))

    def _hit_mob(self, mob) -> None:
        held = self.inventory.held()
        dmg = float(self.attack_damage[held]) if held else 1.0
        px, _, pz = self.feet()
        if self.mobs.hurt(mob, dmg, px, pz):
            self.credit_kill(mob.kind)
            for item, n in self.mobs.loot(mob, self.rng):
                self.drops.spawn(mob.x, mob.y + 0.5, mob.z, item, n, self.rng)
        elif mob.hurt_time == 0:
            return
        if held and self.gd.max_durability[held] > 0:
            name = self.gd.item_name(held)
            wear = 1 if name.endswith("_sword") else 2
            if self.inventory.damage_held(wear):
                self.stats[f"break_item.{name}"] += 1
