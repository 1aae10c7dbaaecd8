"""More Minecraft commands, the ones MCU / MineStudio task set-ups use beyond the basics:
`replaceitem` (and 1.17's `item replace`), `execute … run`, `setworldspawn`, `gamerule`,
`difficulty`, and MineStudio's engine command `teleportbiome`. Mixed into `CommandRunner`.
"""

from __future__ import annotations

import math
import re

import numpy as np

from .command_args import CommandError, split_name, strip_ns, whole

# replaceitem slot names -> inventory slot (None = the selected hotbar slot)
_SLOTS = {"weapon": None, "weapon.mainhand": None, "weapon.offhand": 40, "armor.feet": 36,
          "armor.legs": 37, "armor.chest": 38, "armor.head": 39}  # fmt: skip
_SLOT_RANGES = {"hotbar": (0, 9, 0), "inventory": (9, 27, 9), "container": (0, 36, 0)}
# Gamerules VoxelWorld honours; the others of Minecraft 1.16 are stored and noted.
_SIMULATED_RULES = ("doMobSpawning", "naturalRegeneration")
_RULES = ("announceAdvancements", "commandBlockOutput", "disableElytraMovementCheck",
          "disableRaids", "doDaylightCycle", "doEntityDrops", "doFireTick", "doImmediateRespawn",
          "doInsomnia", "doLimitedCrafting", "doMobLoot", "doMobSpawning", "doPatrolSpawning",
          "doTileDrops", "doTraderSpawning", "doWeatherCycle", "drowningDamage", "fallDamage",
          "fireDamage", "forgiveDeadPlayers", "keepInventory", "logAdminCommands",
          "maxCommandChainLength", "maxEntityCramming", "mobGriefing", "naturalRegeneration",
          "randomTickSpeed", "reducedDebugInfo", "sendCommandFeedback", "showDeathMessages",
          "spawnRadius", "spectatorsGenerateChunks", "universalAnger")  # fmt: skip


def slot_index(name: str, selected: int) -> int:
    """Inventory slot of a command slot name (`weapon.mainhand`, `armor.head`, `hotbar.3`, …)."""
    if name in _SLOTS:
        s = _SLOTS[name]
        return selected if s is None else s
    group, _, idx = name.partition(".")
    if group in _SLOT_RANGES and idx.isdigit():
        base, n, off = _SLOT_RANGES[group]
        if int(idx) < n:
            return off + int(idx)
    known = ", ".join([*_SLOTS, "hotbar.0-8", "inventory.0-26", "container.0-35"])
    raise CommandError(f"unknown or unsupported slot {name!r}; VoxelWorld has: {known}")


class ExtraCommands:
    """Mixin for `CommandRunner` (uses its `game`, `strict`, `note`, `select`, `_coords`, …)."""

    def extra_handlers(self) -> dict:
        return {
            "replaceitem": self.replaceitem, "item": self.item_cmd, "execute": self.execute,
            "setworldspawn": self.setworldspawn, "effect": self.effect, "gamerule": self.gamerule,
            "difficulty": self.difficulty_cmd, "teleportbiome": self.teleportbiome,
        }

    def _unsupported(self, what: str) -> str:
        """Strict: an error; lenient: a note and no effect."""
        if self.strict:
            raise CommandError(what)
        self.note(f"{what}; ignored")
        return f"Nothing changed ({what})"

    # -- /replaceitem entity <targets> <slot> <item> [count] ---------------------------------
    def replaceitem(self, args: list[str]) -> str:
        usage = "/replaceitem entity <targets> <slot> <item> [count]"
        self._need(args, 1, usage)
        if args[0] == "block":
            return self._unsupported("replaceitem block: VoxelWorld does not fill containers by command")
        if args[0] != "entity":
            raise CommandError(f"expected 'entity' or 'block', got {args[0]!r}; usage: {usage}")
        self._need(args, 4, usage)
        g = self.game
        targets = self.select(args[1])
        if not targets:
            raise CommandError(f"no entity was found for {args[1]!r}")
        if any(k != "player" for k, _, _ in targets):
            self.note("mob equipment is not simulated")
        slot = slot_index(args[2], g.inventory.selected)
        item = g.gd.item(self._name(args[3], "item"))
        count = whole(args[4], "count") if len(args) > 4 else 1
        if not 1 <= count <= 64:
            raise CommandError(f"count must be in 1..64 (got {count})")
        cap = g.inventory.max_stack(item)
        if count > cap:
            self.note(f"{count} exceeds the stack size {cap}; the slot holds {cap}")
            count = cap
        if not any(k == "player" for k, _, _ in targets):
            return "Replaced no player's items"
        inv = g.inventory
        inv.item[slot], inv.count[slot], inv.damage[slot] = item, count, 0
        return f"Replaced slot {args[2]} with {count} [{g.gd.items[item]['displayName']}]"

    def item_cmd(self, args: list[str]) -> str:
        """1.17+ `item replace entity <targets> <slot> with <item> [count]`."""
        if len(args) >= 5 and args[0] == "replace" and args[1] == "entity" and args[4] == "with":
            return self.replaceitem(["entity", args[2], args[3], *args[5:]])
        if len(args) >= 2 and args[0] == "replace" and args[1] == "block":
            return self.replaceitem(["block"])
        raise CommandError("usage: /item replace entity <targets> <slot> with <item> [count]")

    # -- /execute (as|at|positioned|rotated|anchored|align|in|if|unless)* run <command> -----
    def execute(self, args: list[str]) -> str:
        g = self.game
        ctxs = [self._pos() + (self.executor,)]
        i = 0
        while i < len(args):
            sub = args[i]
            if sub == "run":
                if i + 1 >= len(args):
                    raise CommandError("execute … run needs a command")
                outs = []
                for x, y, z, yaw, pitch, ex in ctxs:
                    self.origin, self.executor = (x, y, z, yaw, pitch), ex
                    outs.append(self.dispatch(args[i + 1 :]))
                return outs[-1] if len(outs) == 1 else f"{len(outs)} runs: {outs[-1]}"
            if sub in ("as", "at"):
                self._need(args[i:], 2, f"execute {sub} <targets> …")
                new = []
                for c in ctxs:
                    for kind, obj, pos in self._select_in(c, args[i + 1]):
                        if kind == "item":
                            raise CommandError(f"execute {sub} an item entity is not supported")
                        rot = (g.yaw, g.pitch) if obj is None else (obj.yaw, 0.0)
                        new.append(c[:5] + (obj,) if sub == "as" else (*pos, *rot, c[5]))
                ctxs, i = new, i + 2
            elif sub == "positioned":
                if i + 1 < len(args) and args[i + 1] == "as":
                    ctxs = [(*p, *c[3:]) for c in ctxs for _, _, p in self._select_in(c, args[i + 2])]
                    i += 3
                else:
                    ctxs = [self._with(c, lambda a=args[i + 1 : i + 4]: self._coords(a)) + c[3:] for c in ctxs]
                    i += 4
            elif sub == "rotated":
                if args[i + 1] == "as":
                    raise CommandError("execute rotated as … is not supported; give yaw pitch")
                ctxs = [c[:3] + (_rel(args[i + 1], c[3]), _rel(args[i + 2], c[4]), c[5]) for c in ctxs]
                i += 3
            elif sub == "anchored":
                if args[i + 1] not in ("eyes", "feet"):
                    raise CommandError(f"anchored takes eyes or feet, got {args[i + 1]!r}")
                if args[i + 1] == "eyes":
                    ctxs = [(c[0], c[1] + 1.62, *c[2:]) for c in ctxs]
                i += 2
            elif sub == "align":
                axes = args[i + 1]
                ctxs = [tuple(math.floor(v) if "xyz"[k] in axes else v for k, v in enumerate(c[:3])) + c[3:]
                        for c in ctxs]  # fmt: skip
                i += 2
            elif sub == "in":
                if strip_ns(args[i + 1]) != "overworld":
                    raise CommandError(f"VoxelWorld has only the overworld, not {args[i + 1]!r}")
                i += 2
            elif sub in ("if", "unless"):
                ok, used = self._condition(ctxs, args[i + 1 :])
                if ok != (sub == "if"):
                    return "Test failed"
                i += 1 + used
            else:
                raise CommandError(
                    f"unsupported execute subcommand {sub!r}; VoxelWorld runs as, at, positioned, "
                    "rotated, anchored, align, in, if/unless block|entity, run"
                )
        raise CommandError("execute needs '… run <command>'")

    def _select_in(self, ctx, tok: str):
        saved = self.origin, self.executor
        self.origin, self.executor = ctx[:5], ctx[5]
        try:
            return self.select(tok)
        finally:
            self.origin, self.executor = saved

    def _with(self, ctx, fn):
        saved = self.origin, self.executor
        self.origin, self.executor = ctx[:5], ctx[5]
        try:
            return fn()
        finally:
            self.origin, self.executor = saved

    def _condition(self, ctxs, args: list[str]) -> tuple[bool, int]:
        """(all contexts pass, tokens used) for `block x y z <block>` or `entity <targets>`."""
        g = self.game
        if args and args[0] == "block" and len(args) >= 5:
            want = g.gd.block(split_name(args[4])[0])
            ok = all(g.world.get(*self._with(c, lambda: self._coords(args[1:4], block=True))) == want
                     for c in ctxs)  # fmt: skip
            return ok, 5
        if args and args[0] == "entity" and len(args) >= 2:
            return all(self._select_in(c, args[1]) for c in ctxs), 2
        raise CommandError("execute if/unless supports 'block <x y z> <block>' and 'entity <targets>'")

    def effect(self, args: list[str]) -> str:
        self._need(args, 2, "/effect give|clear <target> [effect] [seconds] [amplifier] [hideParticles]")
        g = self.game
        op = args[0]
        if op not in ("give", "clear"):
            raise CommandError(f"unknown effect operation {op!r} (give or clear)")
        targets = self.select(args[1])
        if not targets:
            raise CommandError(f"no entity was found for {args[1]!r}")
        if any(k != "player" for k, _, _ in targets):
            self.note("effects on mobs and items are not simulated")
        player = any(k == "player" for k, _, _ in targets)
        known = _effects()
        if op == "clear":
            if len(args) > 2:
                name = self._effect_name(args[2], known)
                if player:
                    g.effects.pop(name, None)
            elif player:
                g.effects.clear()
            return "Removed effects"
        self._need(args, 3, "/effect give <target> <effect> [seconds] [amplifier] [hideParticles]")
        name = self._effect_name(args[2], known)
        seconds = whole(args[3], "seconds") if len(args) > 3 else 30
        amp = whole(args[4], "amplifier") if len(args) > 4 else 0
        if len(args) > 5 and args[5] not in ("true", "false"):
            raise CommandError(f"hideParticles must be true or false, got {args[5]!r}")
        if not player:
            return "Applied effect to 0 players"
        if name == "instant_damage":
            g.hurt(6.0 * (2 ** amp), "magic")
            return "Applied effect"
        g.effects[name] = [amp, seconds * 20]
        if name == "instant_health":
            g.health = min(20.0, g.health + 4 * (2 ** amp))
            del g.effects[name]
        return f"Applied effect {name} to the player"

    @staticmethod
    def _effect_name(token: str, known: set[str]) -> str:
        name = strip_ns(token)
        if name not in known:
            import difflib

            close = difflib.get_close_matches(name, sorted(known), n=2)
            hint = f" (did you mean {' or '.join(close)}?)" if close else ""
            raise CommandError(f"unknown effect {token!r}{hint}")
        return name

    # -- world settings -------------------------------------------------------------------------
    def setworldspawn(self, args: list[str]) -> str:
        x, y, z = self._coords(args[0:3], block=True) if len(args) >= 3 else self._pos()[:3]
        x, y, z = math.floor(x) + 0.5, float(math.floor(y)), math.floor(z) + 0.5
        self.game.spawnpoint = (x, y, z)  # one player: the world spawn is where they respawn
        return f"Set the world spawn point to {x:.1f}, {y:.1f}, {z:.1f}"

    def gamerule(self, args: list[str]) -> str:
        self._need(args, 1, "/gamerule <rule> [value]")
        rule, rules = args[0], self.game.rules
        if rule not in _RULES:
            import difflib

            close = difflib.get_close_matches(rule, _RULES, n=1)
            raise CommandError(f"unknown gamerule {rule!r}" + (f" (did you mean {close[0]}?)" if close else ""))
        if len(args) == 1:
            return f"Gamerule {rule} is currently set to: {rules.get(rule, 'default')}"
        val = args[1]
        value = val == "true" if val in ("true", "false") else whole(val, f"gamerule {rule}")
        rules[rule] = value
        if rule not in _SIMULATED_RULES:
            self.note(f"gamerule {rule} is stored but VoxelWorld does not simulate it")
        return f"Gamerule {rule} is now set to: {val}"

    def difficulty_cmd(self, args: list[str]) -> str:
        levels = ("peaceful", "easy", "normal", "hard")
        if not args:
            return f"The difficulty is {self.game.difficulty}"
        if args[0] not in levels:
            raise CommandError(f"unknown difficulty {args[0]!r} ({', '.join(levels)})")
        self.game.difficulty = args[0]
        return f"The difficulty has been set to {args[0]}"

    def teleportbiome(self, args: list[str]) -> str:
        """MineStudio's engine command: `teleportbiome <targets> <biome> [x y z]` — to the
        nearest dry column of that biome near (x, z)."""
        from .world import ORIGIN, SIZE_XZ
        from .worldgen import BIOME_NAMES, column_map

        self._need(args, 2, "/teleportbiome <targets> <biome> [x y z]")
        self._player_target(args[0])
        g = self.game
        biome = strip_ns(args[1])
        x, _, z = self._coords(args[2:5]) if len(args) >= 5 else self._pos()[:3]
        r = 128
        x0 = int(max(-ORIGIN, min(SIZE_XZ - ORIGIN - 2 * r, math.floor(x) - r)))
        z0 = int(max(-ORIGIN, min(SIZE_XZ - ORIGIN - 2 * r, math.floor(z) - r)))
        seed = getattr(g.world.generator, "seed", g.world.seed)
        top, idx = column_map(seed, x0, z0, 2 * r, 2 * r)
        ok = top >= 63
        if biome in BIOME_NAMES:
            ok &= idx == BIOME_NAMES.index(biome)
        else:
            self._unsupported(f"VoxelWorld does not generate biome {biome!r} (it has {', '.join(BIOME_NAMES)})")
        if not ok.any():
            return self._unsupported(f"no {biome} within {r} blocks of ({x:.0f}, {z:.0f})")
        xs, zs = np.nonzero(ok)
        k = int(np.argmin((xs + x0 - x) ** 2 + (zs + z0 - z) ** 2))
        bx, bz = int(xs[k]) + x0, int(zs[k]) + z0
        g.teleport(bx + 0.5, float(top[xs[k], zs[k]] + 1), bz + 0.5)
        return f"Teleported the player to {biome} at {bx}, {bz}"


def _effects() -> set[str]:
    import minecraft_data

    return {re.sub(r"(?<!^)(?=[A-Z])", "_", e["name"]).lower() for e in minecraft_data("1.16.5").effects_list}


def _rel(tok: str, base: float) -> float:
    return base + float(tok[1:] or 0) if tok.startswith("~") else float(tok)
