"""The generator's atomic families, in OpenHA's proportions: `mine_block`, `kill_entity`,
`craft_item` and `smelt_item` (one task per candidate from game data; see task_generation.py)."""

from __future__ import annotations

import math
from collections import Counter

from .task_generation import (
    AHEAD,
    CLEAR,
    COLORS,
    DAY,
    DISTRACTORS,
    FACE,
    NIGHT,
    SHAPES,
    TARGET_MINE,
    UNPLACEABLE,
    WOODS,
    GeneratorBase,
    _h,
    pick,
    round_up,
)


class AtomicFamilies(GeneratorBase):
    def mine_block(self) -> None:
        g, nm = self.g, self.names
        world = g.world_blocks()
        natural = [b for b in sorted(world) if g.diggable(b) and g.break_ticks(b) >= 0]
        # 1. blocks found in the generated world (common ones, and ores at their depths)
        for b in natural:
            ws = world[b]
            underground = any(w.kind == "underground" for w in ws) and b not in ("dirt", "gravel")
            if not g.common(b):
                continue
            tool = self.tool_for(b, hand_ok=80)
            tid = f"mine_block/{b}"
            cmds = [self.give(tool)] if tool else []
            _, est = g.mine_ticks(b, 1, tool, g.where_of(b))
            tags = ["world", "needs_tool"] if tool else ["world"]
            if underground and b not in ("stone", "granite", "diorite", "andesite", "coal_ore"):
                diff, steps = "hard", round_up(max(est * 3, 3000), 600)
                tags.append("needs_exploration")
            elif underground:
                diff, steps = "medium", round_up(max(est * 2, 1200), 600)
            else:
                diff, steps = ("easy" if b in ("dirt", "grass_block", "grass", "sand", "oak_log") else "medium"), 1200
            tags.append(diff)
            verb = self._mine_verb(b)
            tool_txt = f" with your {nm.item(tool)}" if tool else ""
            it = "them" if nm.a(b).startswith("some ") and nm.item(b).endswith("s") else "it"
            text = pick(tid, [
                f"{verb} {nm.a(b)}{tool_txt}.",
                f"Find {nm.a(b)} and mine {it}{tool_txt}.",
                f"Look for {nm.a(b)} in the world and break {it}{tool_txt}.",
                f"Go and {verb.lower()} {nm.a(b)}{tool_txt}.",
            ], "text")  # fmt: skip
            self.add(tid, text, cmds, {"mine_block": {b: 1}}, min(steps, 12000), tags)
        # 2. the same natural blocks placed right in front of the player
        for b in natural:
            self._placed_mine(b, f"mine_block/{b}_nearby")
        # 3. other blocks, placed: one per colour/wood family, two per shape, overworld first
        have = len([t for t in self.tasks if t.family == "mine_block"])
        for b in self._placed_candidates(natural)[: max(0, TARGET_MINE - have)]:
            self._placed_mine(b, f"mine_block/{b}")

    def _mine_verb(self, b: str) -> str:
        if b.endswith(("_log", "_wood", "_stem")):
            return "Chop"
        if b in ("dirt", "sand", "gravel", "clay", "grass_block", "coarse_dirt", "podzol", "red_sand", "soul_sand", "soul_soil", "mycelium"):
            return "Dig up"
        if self.gd.blocks[self.gd.block(b)].get("material") == "plant" or b.endswith(("_leaves",)):
            return "Harvest" if not b.endswith("_leaves") else "Break"
        return "Mine"

    def _placed_mine(self, b: str, tid: str) -> None:
        g, nm = self.g, self.names
        tool = self.tool_for(b)
        bid = self.gd.block(b)
        plant = not self.gd.solid[bid]
        support = "sand" if b in ("cactus", "dead_bush", "sugar_cane") else "grass_block"
        cmds = [FACE, CLEAR]
        if plant:
            cmds.append(f"/setblock ~ ~-1 ~2 minecraft:{support}")
        cmds.append(f"/setblock {AHEAD} minecraft:{b}")
        if tool:
            cmds.append(self.give(tool))
        lower, _ = g.mine_ticks(b, 1, tool, None)
        steps = max(600, round_up(lower * 3 + 200, 300))
        diff = "easy" if lower <= 40 and not tool else ("medium" if lower <= 200 else "hard")
        tags = ["placed", diff] + (["needs_tool"] if tool else [])
        tool_txt = f" using the {nm.item(tool)} you have" if tool else ""
        d = nm.item(b)
        verb = self._mine_verb(b)
        text = pick(tid, [
            f"{verb} the {d} in front of you{tool_txt}.",
            f"There is {nm.a(b)} right in front of you: break {'them' if d.endswith('s') and nm.a(b).startswith('some ') else 'it'}{tool_txt}.",
            f"Break the {d} ahead{tool_txt}.",
            f"{verb} {nm.a(b)}{tool_txt}.",
            f"Mine the {d} that was placed next to you{tool_txt}.",
        ], "text")  # fmt: skip
        self.add(tid, text, cmds, {"mine_block": {b: 1}}, steps, tags)

    def _placed_candidates(self, natural: list[str]) -> list[str]:
        g, gd = self.g, self.gd

        def family_key(n: str) -> str:
            for c in sorted(COLORS, key=len, reverse=True):
                if n.startswith(c + "_"):
                    return "color:" + n[len(c) + 1 :]
            for w in sorted(WOODS, key=len, reverse=True):
                if n.startswith(w + "_"):
                    return "wood:" + n[len(w) + 1 :]
            return n

        out, families, shapes = [], set(), Counter()
        ranked = sorted(gd.blocks, key=lambda b: (b["name"] not in g.cost, b["id"]))
        for b in ranked:
            n = b["name"]
            if n in natural or n not in gd.item_id or not g.diggable(n) or any(s in n for s in UNPLACEABLE):
                continue
            if any(s.get("name") in ("half", "part") and ("upper" in (s.get("values") or []) or "head" in (s.get("values") or []))
                   for s in b.get("states", [])):
                continue  # two-block tall (doors, tall flowers, beds): setblock places one half
            best = min((g.break_ticks(n, t) for t in g.harvest_tools(n)), default=None)
            tool = self.tool_for(n)
            ticks = g.break_ticks(n, tool)
            if best is not None and best < 0 or ticks < 0 or ticks > 400:
                continue
            fam = family_key(n)
            if fam in families:
                continue
            shape = next((s for s in SHAPES if n.endswith("_" + s) or n == s), None)
            if shape and shapes[shape] >= 2:
                continue
            families.add(fam)
            if shape:
                shapes[shape] += 1
            out.append(n)
        return out

    def kill_entity(self) -> None:
        nm = self.names
        mobs = sorted(self.gd.extra["mobs"])
        passive = [m for m in mobs if not self.gd.extra["mobs"][m].get("hostile")]
        hostile = [m for m in mobs if self.gd.extra["mobs"][m].get("hostile")]
        # (suffix, tool, count, night, difficulty)
        passive_variants = [
            ("", "iron_sword", 1, False, "easy"),
            ("_bare_handed", None, 1, False, "medium"),
            ("_with_wooden_sword", "wooden_sword", 1, False, "easy"),
            ("_with_stone_sword", "stone_sword", 1, False, "easy"),
            ("_with_iron_axe", "iron_axe", 1, False, "easy"),
            ("_x2", "diamond_sword", 2, False, "medium"),
            ("_x3", "iron_sword", 3, False, "medium"),
        ]
        hostile_variants = [
            ("", "iron_sword", 1, False, "medium"),
            ("_at_night", "iron_sword", 1, True, "medium"),
            ("_with_stone_sword", "stone_sword", 1, False, "medium"),
            ("_with_diamond_sword", "diamond_sword", 1, False, "easy"),
            ("_x2_at_night", "diamond_sword", 2, True, "hard"),
            ("_with_wooden_sword", "wooden_sword", 1, False, "hard"),
        ]
        for mob in passive + hostile:
            variants = passive_variants if mob in passive else hostile_variants
            if mob == "creeper":  # a creeper explodes: keep it to sharp swords
                variants = [v for v in variants if v[1] not in ("wooden_sword", "stone_sword")] + [
                    ("_with_iron_axe", "iron_axe", 1, False, "medium")]
            for suffix, tool, count, night, diff in variants:
                tid = f"kill_entity/{mob}{suffix}"
                cmds = [FACE, CLEAR, NIGHT if night else DAY]
                spots = ["~ ~ ~4", "~1 ~ ~5", "~-1 ~ ~5"]
                cmds += [f"/summon minecraft:{mob} {spots[k]}" for k in range(count)]
                if tool:
                    cmds.append(self.give(tool))
                tags = [diff, "combat", "summoned", "hostile" if mob in hostile else "passive"]
                if night:
                    tags.append("needs_night")
                if tool is None:
                    tags.append("bare_handed")
                what = nm.n(mob, count, mob=True)
                with_tool = f" with your {nm.item(tool)}" if tool else " with your bare hands"
                text = pick(tid, [
                    f"Kill {what}{with_tool}.",
                    f"Hunt down {what}{with_tool}.",
                    f"Defeat {what}{with_tool}." if count > 1 else f"Slay the {nm.mob(mob)} nearby{with_tool}.",
                    f"Attack {what} until {'they die' if count > 1 else 'it dies'}{with_tool}.",
                ], "text")  # fmt: skip
                if night:
                    text = text[:-1] + pick(tid, [" before dawn.", " in the dark of night."], "night")
                steps = 600 if count == 1 and tool else 1200
                self.add(tid, text, cmds, {"kill_entity": {mob: count}}, steps, tags)

    def craft_item(self) -> None:
        g, nm = self.g, self.names
        for out in sorted(g.recipes):
            crafts = [r for r in g.recipes[out] if r.kind == "craft"]
            if not crafts:
                continue
            # the recipe a player in VoxelWorld is most likely to use (cheapest obtainable inputs)
            r = min(crafts, key=lambda r: (sum(k * g.cost.get(i, 1e6) for i, k in r.inputs) / r.count, crafts.index(r)))
            tid = f"craft_item/{out}"
            cmds = [FACE, CLEAR]
            if r.station:
                cmds.append(f"/setblock {AHEAD} minecraft:{r.station}")
            cmds += [self.give(i, k) for i, k in r.inputs]
            distract = _h(tid, "distract") % 4 == 0
            if distract:
                pool = [d for d in DISTRACTORS if d not in dict(r.inputs) and d != out]
                cmds.append(self.give(pick(tid, pool, "d1"), 1 + _h(tid, "n1") % 4))
            slots = sum(k for _, k in r.inputs)
            diff = "easy" if r.station is None else ("medium" if len(r.inputs) <= 2 and slots <= 6 else "hard")
            tags = [diff, "needs_gui", "one_step"] + (["needs_crafting_table"] if r.station else ["inventory_grid"])
            if distract:
                tags.append("distractors")
            ins = nm.join([nm.item(i) for i, _ in r.inputs])
            where = "at the crafting table" if r.station else "in your inventory's crafting grid"
            text = pick(tid, [
                f"Craft {nm.a(out)}.",
                f"Make {nm.a(out)} {where}.",
                f"Craft {nm.a(out)} from the {ins} you have.",
                f"Use the materials in your inventory to craft {nm.a(out)}.",
                f"Put together {nm.a(out)} {where}.",
                f"Your goal: craft {nm.a(out)}.",
            ], "text")  # fmt: skip
            steps = {"easy": 600, "medium": 600, "hard": 900}[diff]
            self.add(tid, text, cmds, {"craft_item": {out: 1}}, steps, tags)

    def smelt_item(self) -> None:
        fuels = ["coal", "charcoal", "oak_planks", "oak_log", "coal_block", "stick", "dried_kelp_block", "lava_bucket"]
        done: set[str] = set()
        for src, (out, _xp) in self.gd.extra["smelting"].items():
            if out in done:  # one task per product (OpenHA: 45), from its first listed input
                continue
            done.add(out)
            tid = f"smelt_item/{out}"
            fuel = pick(tid, [f for f in fuels[:5] if f not in (src, out)], "fuel")
            self._smelt(tid, src, out, 1, fuel, placed=_h(tid, "furnace") % 5 != 0)
        # other inputs of common products, and batches
        for src, out in (("birch_log", "charcoal"), ("red_sand", "glass"), ("iron_sword", "iron_nugget")):
            self._smelt(f"smelt_item/{out}_from_{src}", src, out, 1, "coal", placed=True, name_input=True)
        # batches
        for src, out, n, fuel in (("iron_ore", "iron_ingot", 3, "coal"), ("sand", "glass", 8, "coal"),
                                  ("beef", "cooked_beef", 2, "oak_planks"), ("cobblestone", "stone", 4, "charcoal")):  # fmt: skip
            self._smelt(f"smelt_item/{n}_{out}", src, out, n, fuel, placed=True)

    def _smelt(self, tid: str, src: str, out: str, n: int, fuel: str, placed: bool, name_input: bool = False) -> None:
        nm = self.names
        burn = self.g.fuels[fuel]
        fuel_n = max(1, math.ceil(n * 200 / burn))
        cmds = [FACE, CLEAR]
        if placed:
            cmds.append(f"/setblock {AHEAD} minecraft:furnace")
        cmds += [self.give(src, n), self.give(fuel, fuel_n)]
        if not placed:
            cmds.append(self.give("furnace"))
        tags = ["needs_gui", "needs_furnace", "one_step", "medium" if placed else "hard"]
        if not placed:
            tags.append("needs_placement")
        food = out in self.gd.foods
        what = nm.n(out, n)
        place = "" if placed else " Place the furnace you carry first."
        options = [
            f"Smelt {nm.n(src, n)} into {what}.",
            f"Put {nm.n(src, n)} in the furnace with {nm.a(fuel)} as fuel to get {what}.",
        ]
        if not name_input:
            options += [f"Use the furnace to make {what}.",
                        f"Cook {nm.n(src, n)} in the furnace." if food else f"Smelt {what} in the furnace."]  # fmt: skip
        text = pick(tid, options, "text") + place
        steps = round_up(600 + 200 * n + (300 if not placed else 0), 100)
        self.add(tid, text, cmds, {"smelt_item": {out: n}}, steps, tags)
