"""Hunger and health with Minecraft 1.16's FoodData rules: exhaustion from sprinting, swimming,
jumping, attacking, taking damage and mining drains saturation then hunger; a full bar heals
(fast while saturated), an empty one starves; eating/drinking by holding `use`; poison and hunger
effects; burning in fire and lava. Drowning, falling and the void live in `game.py`.

Eating: holding `use` with a food for its eating time (32 ticks; dried kelp 16, honey 40) adds the
food's hunger points and saturation from minecraft-data's `foods`, applies its effects
(`extra.yaml` `foods:`) and counts `use_item.<food>`. Releasing `use`, switching slots or
opening a screen interrupts it. A block with its own right click (crafting table, door…) wins
over eating unless sneaking, as in Minecraft.
"""

from __future__ import annotations

import math

import numpy as np

from . import physics
from .interactions import is_interactive
from .spaces import B

MAX_EXHAUSTION = 4.0
EXHAUSTION = {"sprint": 0.1, "swim": 0.01, "jump": 0.05, "sprint_jump": 0.2, "attack": 0.1,
              "damage": 0.1, "mine": 0.005, "regen": 6.0, "hunger_effect": 0.005}
# damage sources that bypass armour and so cause no exhaustion (Minecraft's DamageSource)
NO_EXHAUSTION = {"fall", "drown", "starve", "void", "kill", "magic", "on_fire", "poison",
                 "wither", "in_wall"}
EAT_TICKS = 32
EATING_SLOWDOWN = 0.2  # using an item slows walking to 20 %
_USE = B["use"]


class Survival:
    """Per-game hunger, eating and environmental damage state."""

    def __init__(self, game):
        gd = game.gd
        self.gd = gd
        extra = gd.extra.get("foods", {})
        self.foods: dict[int, dict] = {}
        for name in set(gd.foods) | set(extra):
            if name == "cake":  # placed as a block and eaten slice by slice from the world
                continue
            base = gd.foods.get(name, {})
            spec = dict(extra.get(name, {}))
            self.foods[gd.item(name)] = {
                "name": name,
                "points": int(base.get("foodPoints", 0)),
                "saturation": float(base.get("saturation", 0.0)),
                "ticks": int(spec.get("ticks", EAT_TICKS)),
                "always": bool(spec.get("always", False)),
                "leaves": gd.item(spec["leaves"]) if spec.get("leaves") else 0,
                "effects": spec.get("effects", []),
                "cures": spec.get("cures", []),
            }
        self.exhaustion = 0.0
        self.food_timer = 0
        self.eating = 0  # item id being eaten (0 = none)
        self.eating_slot = -1
        self.eating_ticks = 0
        self.fire_ticks = 0  # how long the player keeps burning
        self.env_cooldown = 0  # invulnerability ticks after fire / lava damage
        self._last = game.feet()
        self._jumps = game.stats["custom.jump"]
        self._hits = game.mobs.player_hits
        self._cm = {"walk": 0.0, "sprint": 0.0, "swim": 0.0, "crouch": 0.0}
        self.burning_mask = np.zeros(gd.n_blocks, np.bool_)
        self.burning_mask[[gd.block("fire"), gd.block("soul_fire")]] = True
        self.lava_mask = np.zeros(gd.n_blocks, np.bool_)
        self.lava_mask[gd.block("lava")] = True
        self.hot_mask = self.burning_mask | self.lava_mask

    # -- eating -----------------------------------------------------------------------------
    def can_eat(self, game, item: int) -> bool:
        spec = self.foods.get(item)
        return spec is not None and (spec["always"] or game.food < 20)

    def use(self, game) -> bool:
        """`use` handler: start (or keep) eating the held food."""
        item = game.inventory.held()
        if item not in self.foods:
            return False
        if game.target is not None and not game.sneaking and is_interactive(
                self.gd.block_name(game.world.get(*game.target))):
            return False
        if self.eating == item and self.eating_slot == game.inventory.selected:
            return True
        if self.can_eat(game, item):
            self.eating, self.eating_slot, self.eating_ticks = item, game.inventory.selected, 0
        return True  # food never gets placed as a block (carrots on stone…)

    def _eat_tick(self, game) -> None:
        inv = game.inventory
        if (game.held_buttons[_USE] == 0 or game.gui_open or inv.selected != self.eating_slot
                or inv.held() != self.eating or not self.can_eat(game, self.eating)):
            self.eating, self.eating_ticks = 0, 0
            return
        self.eating_ticks += 1
        game.speed_mult *= EATING_SLOWDOWN  # applied by next tick's movement
        spec = self.foods[self.eating]
        if self.eating_ticks < spec["ticks"]:
            return
        self.eating, self.eating_ticks = 0, 0
        inv.take_from_slot(inv.selected, 1)
        if spec["leaves"]:
            if inv.held() == 0:
                inv.item[inv.selected], inv.count[inv.selected] = spec["leaves"], 1
            elif inv.add(spec["leaves"], 1):
                x, y, z = game.feet()
                game.drops.spawn(x, y + 0.5, z, spec["leaves"], 1, game.rng)
        game.food = min(20, game.food + spec["points"])
        game.saturation = min(float(game.food), game.saturation + spec["saturation"])
        cures = spec["cures"]
        if cures == "all":
            game.effects.clear()
        for name in cures if isinstance(cures, list) else []:
            game.effects.pop(name, None)
        for name, seconds, amp, chance in spec["effects"]:
            if game.rng.random() < chance:
                game.effects[name] = [int(amp), int(seconds * 20)]
        game.stats[f"use_item.{spec['name']}"] += 1
        game.events.append(("use_item", spec["name"]))
        game.events.append(("eat", spec["name"]))

    # -- the tick ---------------------------------------------------------------------------
    def tick(self, game) -> None:
        if self.eating:
            self._eat_tick(game)
        if game.dead:
            return
        x, y, z = game.feet()
        self._exhaust(game, x, y, z)
        self._environment(game, x, y, z)
        self._food_tick(game)

    def add_exhaustion(self, amount: float) -> None:
        self.exhaustion = min(40.0, self.exhaustion + amount)

    def _exhaust(self, game, x: float, y: float, z: float) -> None:
        p = game.player
        lx, ly, lz = self._last
        self._last = (x, y, z)
        dh = math.hypot(x - lx, z - lz)
        if dh < 2.0 and (dh > 0 or y != ly):  # larger jumps are teleports
            if p[physics.IN_WATER] > 0:
                d = math.sqrt(dh * dh + (y - ly) ** 2)
                self.add_exhaustion(EXHAUSTION["swim"] * d)
                self._move_stat(game, "swim", d)
            elif p[physics.SPRINTING] > 0:
                self.add_exhaustion(EXHAUSTION["sprint"] * dh)
                self._move_stat(game, "sprint", dh)
            elif p[physics.ON_GROUND] > 0:
                self._move_stat(game, "crouch" if game.sneaking else "walk", dh)
        jumps = game.stats["custom.jump"]
        if jumps != self._jumps:
            kind = "sprint_jump" if p[physics.SPRINTING] > 0 else "jump"
            self.add_exhaustion(EXHAUSTION[kind] * (jumps - self._jumps))
            self._jumps = jumps
        hits = game.mobs.player_hits
        if hits != self._hits:
            self.add_exhaustion(EXHAUSTION["attack"] * (hits - self._hits))
            self._hits = hits
        for ev in game.events:
            if ev[0] == "hurt" and ev[1] not in NO_EXHAUSTION:
                self.add_exhaustion(EXHAUSTION["damage"])
            elif ev[0] == "mine_block":
                self.add_exhaustion(EXHAUSTION["mine"])
        if game.effects and "hunger" in game.effects:
            self.add_exhaustion(EXHAUSTION["hunger_effect"] * (game.effects["hunger"][0] + 1))

    def _move_stat(self, game, kind: str, metres: float) -> None:
        """Minecraft's `custom.<kind>_one_cm` distance statistics."""
        self._cm[kind] += metres * 100
        whole = int(self._cm[kind])
        if whole:
            game.stats[f"custom.{kind}_one_cm"] += whole
            self._cm[kind] -= whole

    def _environment(self, game, x: float, y: float, z: float) -> None:
        """Fire, lava, burning and poison."""
        if self.env_cooldown > 0:
            self.env_cooldown -= 1
        blocks = game.world.blocks
        hot = physics._touches_block(blocks, self.hot_mask, x, y, z, physics.HEIGHT)
        fireproof = "fire_resistance" in game.effects
        if hot and physics._touches_block(blocks, self.lava_mask, x, y, z, physics.HEIGHT):
            self.fire_ticks = max(self.fire_ticks, 300)
            if not fireproof and self.env_cooldown == 0:
                game.hurt(4.0, "lava")
                self.env_cooldown = 10
        elif hot:
            self.fire_ticks = max(self.fire_ticks, 160)
            if not fireproof and self.env_cooldown == 0:
                game.hurt(1.0, "in_fire")
                self.env_cooldown = 10
        if self.fire_ticks > 0:
            if game.player[physics.IN_WATER] > 0:
                self.fire_ticks = 0
            else:
                self.fire_ticks -= 1
                if self.fire_ticks % 20 == 0 and not fireproof:
                    game.hurt(1.0, "on_fire")
        if game.effects and "poison" in game.effects:
            amp = game.effects["poison"][0]
            if game.world_age % max(1, 25 >> amp) == 0 and game.health > 1.0:
                game.hurt(1.0, "poison")

    def _food_tick(self, game) -> None:
        """Minecraft 1.16's FoodData.tick."""
        difficulty = game.difficulty
        if self.exhaustion > MAX_EXHAUSTION:
            self.exhaustion -= MAX_EXHAUSTION
            if game.saturation > 0:
                game.saturation = max(game.saturation - 1.0, 0.0)
            elif difficulty != "peaceful":
                game.food = max(game.food - 1, 0)
        regen = game.rules.get("naturalRegeneration", True)
        hurt = 0 < game.health < 20
        if regen and game.saturation > 0 and hurt and game.food >= 20:
            self.food_timer += 1
            if self.food_timer >= 10:
                f = min(game.saturation, 6.0)
                game.health = min(20.0, game.health + f / 6.0)
                self.add_exhaustion(f)
                self.food_timer = 0
        elif regen and game.food >= 18 and hurt:
            self.food_timer += 1
            if self.food_timer >= 80:
                game.health = min(20.0, game.health + 1.0)
                self.add_exhaustion(EXHAUSTION["regen"])
                self.food_timer = 0
        elif game.food <= 0:
            self.food_timer += 1
            if self.food_timer >= 80:
                if (game.health > 10 or difficulty == "hard"
                        or (game.health > 1 and difficulty == "normal")):
                    game.hurt(1.0, "starve")
                self.food_timer = 0
        else:
            self.food_timer = 0
        if difficulty == "peaceful" and game.world_age % 20 == 0:
            game.food = min(20, game.food + 1)
            if hurt:
                game.health = min(20.0, game.health + 1.0)


def install(game) -> None:
    s = Survival(game)
    game.systems["survival"] = s
    game.use_handlers.append(s.use)
    game.tick_systems.append(s.tick)
