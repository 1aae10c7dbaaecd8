"""Generate the benchmark task suite from minecraft-data and the recipe graph (deterministic).

    python benchmark_tasks/generate.py            # rewrite benchmark_tasks/<family>/*.yaml
    python benchmark_tasks/generate.py --out DIR  # write somewhere else (tests compare bytes)

Every choice (phrasing, seeds, distractor items) comes from a hash of the task id, so re-running
writes identical files. Families follow OpenHA's proportions (mine_block, kill_entity,
craft_item, smelt_item, interact_block), plus Optimus-2-style `long_horizon` tech-tree tasks from
an empty inventory and MCU-style `mcu` tasks with a richer set-up. Only tasks VoxelWorld can run
are written: blocks its world generation places or init commands place, the mobs it simulates,
and items the recipe graph can make from the init inventory; each is checked with
`openha.tasks.recipe_graph.feasible` before it is written.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
from collections import Counter
from pathlib import Path

import yaml

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openha.tasks.recipe_graph import RecipeGraph, default_graph  # noqa: E402
from openha.tasks.spec import FAMILIES, SuccessCondition, TaskInit, TaskSpec  # noqa: E402

SUITE_NAME = "openha-voxel"
SUITE_VERSION = "1.1.0"  # bump the minor version when tasks change, the major when ids change
HERE = Path(__file__).resolve().parent

# -- set-up snippets (VoxelWorld commands; yaw 0 faces +z, so "~ ~ ~2" is 2 blocks ahead) --------
FACE = "/tp @p ~ ~ ~ 0 0"  # look straight ahead (south), level
CLEAR = "/fill ~-2 ~ ~-1 ~2 ~3 ~5 minecraft:air"  # room in front of the player
AHEAD = "~ ~ ~2"
NIGHT = "/time set midnight"
DAY = "/time set day"

COLORS = ("white orange magenta light_blue yellow lime pink gray light_gray cyan purple blue brown "
          "green red black").split()  # fmt: skip
WOODS = ("oak", "spruce", "birch", "jungle", "acacia", "dark_oak", "crimson", "warped")
TOOL_MATERIALS = ("wooden", "stone", "iron", "diamond")
TOOL_KINDS = ("pickaxe", "axe", "shovel", "hoe", "sword")
# blocks a task must not place for mining: they need water or support to exist, change into
# something else, or are not ordinary blocks
UNPLACEABLE = ("coral", "dragon_egg", "_head", "skull", "chorus", "turtle_egg", "bell",
               "scaffolding", "kelp", "seagrass", "lily_pad", "vine", "cake", "farmland", "conduit",
               "bamboo", "sea_pickle", "nether_sprouts", "_roots", "fungus", "frosted", "wheat",
               "nether_wart", "cocoa", "sweet_berry", "petrified", "grass_path", "tripwire",
               "redstone_wire", "sponge", "tnt", "beacon", "respawn", "lodestone", "chipped",
               "damaged", "wither_rose", "cobweb", "_banner", "infested", "command_block",
               "structure", "jigsaw", "barrier", "spawner", "shulker_box", "_bed", "portal",
               "_door", "attached", "potted", "wall_", "moving", "piston_head", "_stem_")  # fmt: skip
SHAPES = ("stairs", "slab", "wall", "pressure_plate", "button", "fence", "fence_gate", "trapdoor",
          "rail", "sign", "log", "wood", "stem", "hyphae", "carpet", "pane", "sapling", "tulip")  # fmt: skip
DISTRACTORS = ("dirt", "cobblestone", "torch", "bread", "oak_sapling", "wheat_seeds", "bone",
               "feather", "flint", "apple", "sand", "gravel", "rotten_flesh", "string")  # fmt: skip
TARGET_MINE = 155  # OpenHA: 153 mine_block tasks


# -- deterministic helpers -----------------------------------------------------------------
def _h(task_id: str, salt: str = "") -> int:
    return int(hashlib.sha256(f"{salt}|{task_id}".encode()).hexdigest()[:12], 16)


def pick(task_id: str, options, salt: str = ""):
    options = list(options)
    return options[_h(task_id, salt) % len(options)]


def seed_for(task_id: str) -> int:
    return _h(task_id, "seed") % 100_000


def round_up(n: float, step: int) -> int:
    return int(math.ceil(n / step) * step)


class Names:
    """Display names for instructions ("oak planks", "steak", "an iron ingot", "a cow")."""

    MASS = {"dirt", "sand", "gravel", "clay", "snow", "cobblestone", "stone", "glass", "wool",
            "redstone dust", "sugar", "paper", "bread", "leather", "string", "coal", "charcoal",
            "gunpowder", "bone meal", "wheat", "coarse dirt", "red sand", "soul sand", "netherrack",
            "obsidian", "terracotta", "ice", "packed ice", "blue ice", "lapis lazuli", "end stone",
            "podzol", "mycelium", "steak", "raw beef", "raw mutton", "raw chicken", "raw porkchop",
            "raw rabbit", "raw cod", "raw salmon", "cooked mutton", "cooked chicken",
            "cooked porkchop", "cooked rabbit", "cooked cod", "cooked salmon", "dried kelp",
            "rotten flesh", "glowstone dust", "flint", "soul soil", "honeycomb", "magma cream",
            "blaze powder", "sugar cane", "grass", "tall grass", "kelp"}  # fmt: skip
    MASS_SUFFIX = (" wool", " glass", " dirt", " sand", " terracotta", " concrete", " stone", " ice",
                   " concrete powder", " dye")  # fmt: skip
    # block names that already read as one countable thing ("a crafting table", "a pumpkin")
    COUNTABLE = ("table", "furnace", "chest", "lamp", "box", "block", "jukebox", "loom", "smoker",
                 "stonecutter", "grindstone", "barrel", "beehive", "nest", "anvil", "dispenser",
                 "dropper", "observer", "piston", "hopper", "composter", "lectern", "cauldron",
                 "lantern", "target", "pumpkin", "melon", "bookshelf", "log", "wood", "leaves", "ore",
                 "pillar", "stem", "hyphae", "lantern", "jack o'lantern", "sponge", "rod", "door",
                 "trapdoor", "gate", "fence", "wall", "slab", "stairs", "button", "plate", "rail",
                 "sign", "ladder", "torch", "pane", "bars", "carpet", "bed", "banner", "chain",
                 "campfire", "block of", "head", "skull", "egg", "cake", "pot", "sapling", "flower",
                 "mushroom", "coral", "fan", "kelp", "vines", "bell", "scaffolding", "conduit",
                 "beacon", "crystal", "anchor", "lodestone", "detector", "comparator", "repeater",
                 "lever", "hook", "tripwire", "daisy", "tulip", "orchid", "allium", "bluet",
                 "cornflower", "rose", "valley", "dandelion", "poppy", "bush", "cactus", "fern",
                 "shroomlight", "wart")  # fmt: skip

    def __init__(self, gd):
        self.gd = gd

    def item(self, name: str) -> str:
        gd = self.gd
        if name in gd.item_id:
            d = gd.items[gd.item_id[name]]["displayName"]
        else:
            d = gd.blocks[gd.block_id[name]]["displayName"]
        return d if d.isupper() else d.lower()

    def mob(self, name: str) -> str:
        return self.gd.entities[name]["displayName"].lower()

    def a(self, name: str, mob: bool = False) -> str:
        d = self.mob(name) if mob else self.item(name)
        if not mob and (d in self.MASS or d.endswith(self.MASS_SUFFIX) or (d.endswith("s") and not d.endswith("ss"))):
            return f"some {d}"
        bid = self.gd.block_id.get(name)
        countable = d.lower().endswith(self.COUNTABLE) or d.lower().startswith("block of")
        if not mob and bid is not None and self.gd.solid[bid] and not countable:
            return f"a block of {d}"
        return f"{'an' if d[0].lower() in 'aeiou' else 'a'} {d}"

    def n(self, name: str, count: int, mob: bool = False) -> str:
        if count == 1:
            return self.a(name, mob)
        d = self.mob(name) if mob else self.item(name)
        if d in self.MASS or d.endswith("s") or d == "sheep":
            return f"{count} {d}"
        if d.endswith(("ch", "sh", "x")):
            return f"{count} {d}es"
        if d.endswith("y") and d[-2] not in "aeiou":
            return f"{count} {d[:-1]}ies"
        return f"{count} {d}s"

    @staticmethod
    def join(words: list[str]) -> str:
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# -- the generator ---------------------------------------------------------------------------
class Generator:
    def __init__(self, graph: RecipeGraph):
        self.g = graph
        self.gd = graph.gd
        self.names = Names(self.gd)
        self.tasks: list[TaskSpec] = []
        self.skipped: list[tuple[str, str]] = []  # (task id, why) for the docs and the report

    def add(self, tid: str, instruction: str, commands: list[str], success: dict, max_steps: int,
            tags: list[str]) -> None:
        family = tid.split("/", 1)[0]
        order = ("easy", "medium", "hard")
        tags = [t for t in tags if t in order] + sorted({t for t in tags if t not in order})
        spec = TaskSpec(
            id=tid, family=family, instruction=instruction,
            success=SuccessCondition.from_dict(success), max_steps=int(max_steps),
            init=TaskInit(seed=seed_for(tid), commands=tuple(commands)), tags=tuple(tags),
        )  # fmt: skip
        ok, why = self.g.feasible(spec)
        if not ok:
            self.skipped.append((tid, why))
            return
        if any(t.id == tid for t in self.tasks):
            raise ValueError(f"duplicate task id {tid}")
        self.tasks.append(spec)

    # tools -------------------------------------------------------------------------------
    def tool_for(self, block: str, hand_ok: int = 40) -> str | None:
        """The tool a task hands out to break `block`: the cheapest harvest tool if it needs one,
        else the lowest-tier tool that breaks it within `hand_ok` ticks when the hand is slower."""
        g = self.g
        harvest = [t for t in g.harvest_tools(block) if not t.startswith(("golden", "netherite"))]
        if g.harvest_tools(block):
            return harvest[0] if harvest else g.harvest_tools(block)[0]
        hand = g.break_ticks(block, None)
        if hand <= hand_ok:
            return None
        options = [f"{m}_{k}" for m in TOOL_MATERIALS for k in TOOL_KINDS] + ["shears"]
        scored = []
        for rank, t in enumerate(options):
            ticks = g.break_ticks(block, t)
            if 0 <= ticks < hand:
                scored.append((ticks > hand_ok, rank if ticks <= hand_ok else ticks, t))
        return min(scored)[2] if scored else None

    @staticmethod
    def give(item: str, n: int = 1) -> str:
        return f"/give @p minecraft:{item} {n}"

    # families ----------------------------------------------------------------------------
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

    def interact_block(self) -> None:
        cases = [
            # (name, success, commands, instruction options, tags)
            ("crafting_table", {"custom": {"interact_with_crafting_table": 1}},
             [f"/setblock {AHEAD} minecraft:crafting_table"],
             ["Open the crafting table in front of you.", "Use the crafting table."], ["needs_gui"]),
            ("furnace", {"custom": {"interact_with_furnace": 1}}, [f"/setblock {AHEAD} minecraft:furnace"],
             ["Open the furnace.", "Look inside the furnace in front of you."], ["needs_gui"]),
            ("chest", {"custom": {"open_chest": 1}}, [f"/setblock {AHEAD} minecraft:chest"],
             ["Open the chest.", "Look into the chest in front of you."], ["needs_gui"]),
            ("oak_door", {"interact_with": {"oak_door": 1}}, [f"/setblock {AHEAD} minecraft:oak_door"],
             ["Open the wooden door.", "Use the oak door in front of you."], []),
            ("oak_trapdoor", {"interact_with": {"oak_trapdoor": 1}}, [f"/setblock {AHEAD} minecraft:oak_trapdoor"],
             ["Open the trapdoor.", "Flip the oak trapdoor in front of you."], []),
            ("oak_fence_gate", {"interact_with": {"oak_fence_gate": 1}}, [f"/setblock {AHEAD} minecraft:oak_fence_gate"],
             ["Open the fence gate.", "Swing open the oak fence gate."], []),
            ("lever", {"interact_with": {"lever": 1}}, ["/setblock ~ ~-1 ~2 minecraft:stone", f"/setblock {AHEAD} minecraft:lever"],
             ["Pull the lever.", "Flip the lever in front of you."], []),
            ("stone_button", {"interact_with": {"stone_button": 1}}, ["/setblock ~ ~-1 ~2 minecraft:stone", f"/setblock {AHEAD} minecraft:stone_button"],
             ["Press the stone button.", "Push the button in front of you."], []),
            ("sleep_in_bed", {"interact_with": {"red_bed": 1}}, [NIGHT, f"/setblock {AHEAD} minecraft:red_bed"],
             ["It is night: sleep in the red bed.", "Go to bed: use the red bed in front of you."], ["needs_night"]),
            ("plant_wheat_seeds", {"use_item": {"wheat_seeds": 1}},
             ["/setblock ~ ~-1 ~2 minecraft:farmland", self.give("wheat_seeds", 4)],
             ["Plant wheat seeds on the farmland.", "Sow some wheat seeds in the tilled soil ahead."], ["farming"]),
            ("plant_sapling", {"use_item": {"oak_sapling": 1}},
             ["/setblock ~ ~-1 ~2 minecraft:grass_block", self.give("oak_sapling", 2)],
             ["Plant an oak sapling.", "Put an oak sapling in the ground."], ["farming"]),
            ("till_soil", {"use_item": {"wooden_hoe": 1}},
             ["/setblock ~ ~-1 ~2 minecraft:grass_block", self.give("wooden_hoe")],
             ["Till the grass into farmland with your hoe.", "Use the wooden hoe on the grass block ahead."], ["farming"]),
            ("fill_bucket", {"use_item": {"bucket": 1}},
             ["/fill ~-1 ~-1 ~2 ~1 ~-1 ~3 minecraft:water", self.give("bucket")],
             ["Fill your bucket with water.", "Scoop up some water with the empty bucket."], []),
            ("empty_water_bucket", {"use_item": {"water_bucket": 1}}, [self.give("water_bucket")],
             ["Pour out the water from your bucket.", "Empty the water bucket on the ground."], []),
            ("light_fire", {"use_item": {"flint_and_steel": 1}},
             [f"/setblock {AHEAD} minecraft:netherrack", self.give("flint_and_steel")],
             ["Light the netherrack on fire with flint and steel.", "Start a fire with your flint and steel."], []),
            ("shear_sheep", {"use_item": {"shears": 1}}, ["/summon minecraft:sheep ~ ~ ~3", self.give("shears")],
             ["Shear the sheep.", "Use your shears on the sheep to get its wool."], ["summoned"]),
            ("place_torch", {"use_item": {"torch": 1}}, [NIGHT, self.give("torch", 4)],
             ["It is dark: place a torch.", "Light up the area by placing a torch."], ["needs_night"]),
            ("place_crafting_table", {"use_item": {"crafting_table": 1}}, [self.give("crafting_table")],
             ["Place your crafting table on the ground.", "Set down the crafting table you carry."], []),
        ]  # fmt: skip
        for name, success, cmds, texts, tags in cases:
            tid = f"interact_block/{name}"
            self.add(tid, pick(tid, texts, "text"), [FACE, CLEAR, *cmds], success, 600, ["easy", *tags])

    def long_horizon(self) -> None:
        """Optimus-2's tech-tree groups, from an empty inventory in the generated world."""
        g, nm = self.g, self.names
        groups = {
            "wood": ["oak_planks", "stick", "crafting_table", "wooden_pickaxe", "wooden_axe",
                     "wooden_shovel", "wooden_hoe", "wooden_sword", "bowl", "chest", "oak_boat", "ladder"],
            "stone": ["cobblestone", "stone_pickaxe", "stone_axe", "stone_shovel", "stone_hoe",
                      "stone_sword", "furnace", "lever", "torch", "charcoal", "smooth_stone", "glass"],
            "iron": ["iron_ingot", "iron_pickaxe", "iron_sword", "iron_axe", "iron_shovel", "iron_hoe",
                     "bucket", "shears", "iron_bars", "rail", "minecart", "hopper", "smithing_table",
                     "blast_furnace"],
            "gold": ["gold_ingot", "golden_pickaxe", "golden_sword", "golden_axe", "golden_shovel",
                     "golden_hoe", "gold_block"],
            "diamond": ["diamond", "diamond_pickaxe", "diamond_sword", "diamond_axe", "diamond_shovel",
                        "diamond_hoe", "jukebox"],
            "redstone": ["redstone", "redstone_torch", "redstone_block", "compass", "clock", "piston",
                         "repeater", "note_block", "powered_rail"],
            "armor": ["iron_helmet", "iron_chestplate", "iron_leggings", "iron_boots", "shield",
                      "golden_helmet", "diamond_helmet", "diamond_chestplate", "diamond_boots"],
        }  # fmt: skip
        for group, items in groups.items():
            for item in items:
                tid = f"long_horizon/{item}"
                try:
                    plan = g.requirements(item, 1, {})
                except ValueError as e:
                    self.skipped.append((tid, str(e)))
                    continue
                if "kill" in plan.actions() or any(s.where and not g.common(s.target) for s in plan.steps if s.action == "mine"):
                    self.skipped.append((tid, "needs mobs or a rare biome"))
                    continue
                last = plan.steps[-1] if plan.steps else None
                if last is None:
                    continue
                if last.action == "craft":
                    success = {"craft_item": {item: 1}}
                elif last.action == "smelt":
                    success = {"smelt_item": {item: 1}}
                else:
                    success = {"inventory": {item: 1}}
                steps = min(36000, round_up(max(plan.estimated_ticks * 2.5, plan.lower_bound_ticks * 3, 3600), 1200))
                diff = "medium" if group == "wood" else "hard"
                tags = [diff, group, "from_scratch", "needs_gui", "multi_step"]
                if any(s.action == "mine" and s.where and s.where.kind == "underground" for s in plan.steps):
                    tags.append("needs_mining")
                if any(s.action == "smelt" for s in plan.steps):
                    tags.append("needs_furnace")
                how = "mine" if last.action == "mine" else ("smelt" if last.action == "smelt" else "craft")
                it = "them" if nm.a(item).startswith("some ") else "it"
                text = pick(tid, [
                    f"Starting with nothing, {'obtain' if how == 'mine' else how} {nm.a(item)}.",
                    f"From an empty inventory, work your way up to {nm.a(item)}.",
                    f"Gather everything you need and {'get' if how == 'mine' else how} {nm.a(item)}.",
                    f"Get {nm.a(item)}: collect the raw materials, make the tools you need, and {'mine' if how == 'mine' else how} {it}.",
                ], "text")  # fmt: skip
                self.add(tid, text, [], success, steps, tags)

    def mcu(self) -> None:
        """MCU-style tasks: a text instruction plus a richer set-up (tools, structures, night, mobs)."""
        give = self.give
        wall = "/fill ~-2 ~ ~3 ~2 ~2 ~3 minecraft:stone"
        hut = ["/fill ~-3 ~ ~2 ~3 ~3 ~8 minecraft:oak_planks hollow", "/fill ~ ~ ~2 ~ ~1 ~2 minecraft:air",
               "/setblock ~ ~ ~7 minecraft:chest"]  # fmt: skip
        pen = ["/fill ~-3 ~ ~2 ~3 ~ ~8 minecraft:oak_fence outline", "/fill ~-2 ~ ~3 ~2 ~ ~7 minecraft:air"]
        cases = [
            ("chop_tree_with_axe", "Chop down a tree with your axe: collect 3 logs.", [give("iron_axe")],
             {"mine_block": {"oak_log": 3}}, 2400, ["medium", "world", "needs_tool"]),
            ("dig_through_wall", "A stone wall blocks your way. Dig a hole through it with your pickaxe.",
             [wall, give("wooden_pickaxe")], {"mine_block": {"stone": 2}}, 900, ["easy", "structure", "needs_tool"]),
            ("mine_iron_in_wall", "Iron ore is embedded in the stone wall ahead. Mine it.",
             [wall, "/setblock ~ ~1 ~3 minecraft:iron_ore", give("stone_pickaxe")],
             {"mine_block": {"iron_ore": 1}}, 900, ["easy", "structure", "needs_tool"]),
            ("mine_diamond_behind_wall", "There is a diamond ore behind the stone wall. Get the diamond.",
             [wall, "/setblock ~ ~1 ~4 minecraft:diamond_ore", give("iron_pickaxe")],
             {"pickup": {"diamond": 1}}, 1200, ["medium", "structure", "needs_tool"]),
            ("mine_obsidian", "Mine the obsidian block with your diamond pickaxe.",
             [f"/setblock {AHEAD} minecraft:obsidian", give("diamond_pickaxe")],
             {"mine_block": {"obsidian": 1}}, 900, ["medium", "placed", "needs_tool"]),
            ("collect_sand_patch", "Dig up four blocks of sand from the sand patch ahead.",
             ["/fill ~-1 ~-1 ~2 ~1 ~-1 ~4 minecraft:sand", give("iron_shovel")],
             {"mine_block": {"sand": 4}}, 900, ["easy", "placed", "needs_tool"]),
            ("harvest_sugar_cane", "Harvest the sugar cane growing by the water.",
             ["/fill ~-1 ~-1 ~2 ~1 ~-1 ~2 minecraft:water", "/setblock ~ ~-1 ~3 minecraft:sand",
              "/fill ~ ~ ~3 ~ ~1 ~3 minecraft:sugar_cane"], {"pickup": {"sugar_cane": 1}}, 600, ["easy", "placed"]),
            ("break_glass_window", "Break the glass window in the wall.",
             [wall, "/fill ~-1 ~1 ~3 ~1 ~1 ~3 minecraft:glass"], {"mine_block": {"glass": 1}}, 600, ["easy", "structure"]),
            ("open_chest_in_hut", "Walk into the wooden hut and open the chest inside.", hut,
             {"custom": {"open_chest": 1}}, 900, ["medium", "structure", "needs_gui"]),
            ("sleep_through_the_night", "Night has fallen. Sleep in the bed to skip it.",
             [NIGHT, "/setblock ~1 ~ ~3 minecraft:white_bed"], {"interact_with": {"white_bed": 1}}, 600,
             ["easy", "needs_night"]),
            ("zombie_at_night", "A zombie is coming for you in the dark. Kill it with your sword.",
             [NIGHT, "/summon minecraft:zombie ~ ~ ~6", give("iron_sword")], {"kill_entity": {"zombie": 1}}, 1200,
             ["medium", "combat", "needs_night", "hostile", "summoned"]),
            ("zombie_horde", "Three zombies surround you at night. Defeat all of them.",
             [NIGHT, "/summon minecraft:zombie ~3 ~ ~3", "/summon minecraft:zombie ~-3 ~ ~3",
              "/summon minecraft:zombie ~ ~ ~-4", give("diamond_sword"), give("iron_chestplate")],
             {"kill_entity": {"zombie": 3}}, 2400, ["hard", "combat", "needs_night", "hostile", "summoned"]),
            ("skeleton_archer", "A skeleton is shooting arrows at you. Close in and kill it.",
             ["/summon minecraft:skeleton ~ ~ ~8", give("iron_sword"), give("shield")],
             {"kill_entity": {"skeleton": 1}}, 1200, ["hard", "combat", "hostile", "summoned"]),
            ("spider_in_the_dark", "A spider lurks nearby in the night. Hunt it down.",
             [NIGHT, "/summon minecraft:spider ~2 ~ ~5", give("stone_sword")], {"kill_entity": {"spider": 1}}, 1200,
             ["medium", "combat", "needs_night", "hostile", "summoned"]),
            ("creeper_before_it_blows", "Kill the creeper before it explodes.",
             ["/summon minecraft:creeper ~ ~ ~5", give("diamond_sword")], {"kill_entity": {"creeper": 1}}, 600,
             ["medium", "combat", "hostile", "summoned"]),
            ("mixed_mob_fight", "A zombie and a skeleton attack together. Kill both.",
             [NIGHT, "/summon minecraft:zombie ~2 ~ ~4", "/summon minecraft:skeleton ~-2 ~ ~6", give("diamond_sword")],
             {"kill_entity": {"zombie": 1, "skeleton": 1}}, 2400, ["hard", "combat", "needs_night", "hostile", "summoned"]),
            ("hunt_cow_for_beef", "Hunt a cow and pick up the beef it drops.",
             ["/summon minecraft:cow ~ ~ ~4", "/summon minecraft:cow ~2 ~ ~5", give("stone_sword")],
             {"pickup": {"beef": 1}}, 900, ["easy", "combat", "passive", "summoned"]),
            ("collect_wool", "Get some wool from the sheep in the pen.",
             [*pen, "/summon minecraft:sheep ~ ~ ~5", "/summon minecraft:sheep ~1 ~ ~6", give("iron_sword")],
             {"pickup": {"white_wool": 1}}, 900, ["easy", "structure", "passive", "summoned"]),
            ("shear_sheep_in_pen", "Shear one of the sheep in the pen.",
             [*pen, "/summon minecraft:sheep ~ ~ ~5", give("shears")], {"use_item": {"shears": 1}}, 900,
             ["easy", "structure", "passive", "summoned"]),
            ("gather_chicken", "Catch a chicken and collect the raw chicken.",
             ["/summon minecraft:chicken ~ ~ ~4", "/summon minecraft:chicken ~-1 ~ ~5"], {"pickup": {"chicken": 1}}, 900,
             ["medium", "combat", "passive", "summoned", "bare_handed"]),
            ("pig_while_zombies_roam", "Kill the pig for food while avoiding the zombies.",
             [NIGHT, "/summon minecraft:pig ~ ~ ~4", "/summon minecraft:zombie ~5 ~ ~8", give("iron_sword")],
             {"kill_entity": {"pig": 1}}, 1200, ["hard", "combat", "needs_night", "passive", "summoned"]),
            ("cook_beef", "Cook the raw beef in the furnace.",
             [f"/setblock {AHEAD} minecraft:furnace", give("beef", 1), give("coal", 1)],
             {"smelt_item": {"cooked_beef": 1}}, 900, ["medium", "needs_gui", "needs_furnace"]),
            ("hunt_and_cook", "Kill the cow, then cook its meat in the furnace.",
             ["/summon minecraft:cow ~2 ~ ~4", "/setblock ~-2 ~ ~2 minecraft:furnace", give("iron_sword"), give("coal", 2)],
             {"smelt_item": {"cooked_beef": 1}}, 1800, ["hard", "combat", "needs_gui", "needs_furnace", "summoned", "multi_step"]),
            ("glass_from_sand", "Make four glass blocks from the sand you carry.",
             [f"/setblock {AHEAD} minecraft:furnace", give("sand", 4), give("coal", 1)],
             {"smelt_item": {"glass": 4}}, 1800, ["medium", "needs_gui", "needs_furnace"]),
            ("torches_for_the_night", "Night is coming. Craft torches from your coal and sticks.",
             [NIGHT, give("coal", 2), give("stick", 2)], {"craft_item": {"torch": 4}}, 600,
             ["easy", "needs_gui", "needs_night", "inventory_grid"]),
            ("shield_under_attack", "Zombies are approaching. Craft a shield at the crafting table.",
             [NIGHT, f"/setblock {AHEAD} minecraft:crafting_table", "/summon minecraft:zombie ~6 ~ ~6",
              give("oak_planks", 6), give("iron_ingot", 1)], {"craft_item": {"shield": 1}}, 900,
             ["hard", "needs_gui", "needs_night", "needs_crafting_table", "hostile", "summoned"]),
            ("bed_from_wool_and_planks", "Craft a bed from the wool and planks you were given.",
             [f"/setblock {AHEAD} minecraft:crafting_table", give("white_wool", 3), give("oak_planks", 3)],
             {"craft_item": {"white_bed": 1}}, 600, ["medium", "needs_gui", "needs_crafting_table"]),
            ("stone_pickaxe_from_logs", "Turn your logs into a stone pickaxe: you will need cobblestone too.",
             [give("oak_log", 3), give("wooden_pickaxe")], {"craft_item": {"stone_pickaxe": 1}}, 3000,
             ["hard", "needs_gui", "multi_step", "needs_mining", "world"]),
            ("iron_sword_from_ore", "Smelt your iron ore and craft an iron sword.",
             [give("iron_ore", 2), give("coal", 1), give("stick", 1), give("furnace"), give("crafting_table")],
             {"craft_item": {"iron_sword": 1}}, 2400, ["hard", "needs_gui", "multi_step", "needs_placement", "needs_furnace"]),
            ("torch_from_coal_ore", "Mine the coal ore ahead and make a torch with the stick you have.",
             [f"/setblock {AHEAD} minecraft:coal_ore", give("wooden_pickaxe"), give("stick", 1)],
             {"mine_block": {"coal_ore": 1}, "craft_item": {"torch": 1}}, 900, ["medium", "needs_gui", "multi_step", "needs_tool"]),
            ("build_pillar", "Build a pillar: place five cobblestone blocks.", [give("cobblestone", 8)],
             {"use_item": {"cobblestone": 5}}, 600, ["easy", "building"]),
            ("fence_in_the_yard", "Place four fence posts around you.", [give("oak_fence", 6)],
             {"use_item": {"oak_fence": 4}}, 600, ["easy", "building"]),
            ("plant_a_garden", "Plant three saplings on the grass.",
             ["/fill ~-2 ~-1 ~2 ~2 ~-1 ~4 minecraft:grass_block", give("oak_sapling", 3)],
             {"use_item": {"oak_sapling": 3}}, 600, ["easy", "farming"]),
            ("drop_the_rotten_flesh", "Throw away the rotten flesh in your inventory.", [give("rotten_flesh", 3), give("bread", 2)],
             {"drop": {"rotten_flesh": 1}}, 300, ["easy", "inventory"]),
            ("water_for_the_farm", "Fill your bucket at the pond.",
             ["/fill ~-1 ~-1 ~3 ~1 ~-1 ~5 minecraft:water", give("bucket"), give("wheat_seeds", 4)],
             {"use_item": {"bucket": 1}}, 600, ["easy", "farming"]),
            ("light_the_nether_portal_frame", "Light the netherrack pillar ahead with flint and steel.",
             ["/fill ~ ~ ~3 ~ ~1 ~3 minecraft:netherrack", give("flint_and_steel")],
             {"use_item": {"flint_and_steel": 1}}, 600, ["easy", "structure"]),
        ]  # fmt: skip
        for name, text, cmds, success, steps, tags in cases:
            self.add(f"mcu/{name}", text, [FACE, CLEAR, *cmds], success, steps, tags)

    def build(self) -> list[TaskSpec]:
        self.mine_block()
        self.kill_entity()
        self.craft_item()
        self.smelt_item()
        self.interact_block()
        self.long_horizon()
        self.mcu()
        return self.tasks


# -- writing ---------------------------------------------------------------------------------
class _Dumper(yaml.SafeDumper):
    pass


def _flow_map(dumper, data):
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


class _Flow(dict):
    """A mapping written on one line: `{craft_item: {wooden_pickaxe: 1}}`."""


_Dumper.add_representer(_Flow, _flow_map)


def render_task(t: TaskSpec) -> str:
    d = t.to_dict()
    d["success"] = _Flow({k: _Flow(v) for k, v in d["success"].items()})
    text = yaml.dump(d, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)  # fmt: skip
    return _tags_inline(text)


def _tags_inline(text: str) -> str:
    """Write `tags` as one flow list (the rest stays block style)."""
    head, sep, tail = text.partition("\ntags:\n")
    if not sep:
        return text
    tags = [line[2:] for line in tail.splitlines() if line.startswith("- ")]
    return f"{head}\ntags: [{', '.join(tags)}]\n"


def render_suite(graph: RecipeGraph | None = None) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """{relative path: file text} for every task and suite.yaml, and the skipped (id, why)."""
    gen = Generator(graph or default_graph())
    tasks = gen.build()
    files = {f"{t.family}/{t.name}.yaml": render_task(t) for t in tasks}
    counts = Counter(t.family for t in tasks)
    families = {f: counts[f] for f in FAMILIES if counts[f]}
    digest = hashlib.sha256()
    for rel in sorted(files):
        digest.update(f"{rel}\n{files[rel]}\n".encode())
    suite = {
        "name": SUITE_NAME,
        "version": SUITE_VERSION,
        "digest": digest.hexdigest()[:16],  # changes whenever any task file changes
        "generated_by": "benchmark_tasks/generate.py",
        "minecraft": "1.16.5",
        "total": len(tasks),
        "families": families,
    }
    files["suite.yaml"] = (
        "# Written by benchmark_tasks/generate.py: do not edit by hand, re-run the generator.\n"
        + yaml.safe_dump(suite, sort_keys=False)
    )
    return dict(sorted(files.items())), gen.skipped


def write_suite(out: Path, clean: bool = True) -> tuple[int, list[tuple[str, str]]]:
    """Write the suite under `out` (replacing old task files there); returns (n tasks, skipped)."""
    files, skipped = render_suite()
    out = Path(out)
    if clean:  # tasks that are no longer generated must not linger
        for family in FAMILIES:
            for old in (out / family).glob("*.yaml"):
                old.unlink()
    for rel, text in files.items():
        p = out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return len(files) - 1, skipped


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE, help="folder to write (default: benchmark_tasks/)")
    ap.add_argument("--show-skipped", action="store_true", help="list candidate tasks left out and why")
    args = ap.parse_args(argv)
    n, skipped = write_suite(args.out)
    print(f"wrote {n} tasks to {args.out} ({len(skipped)} candidates left out as infeasible)")
    if args.show_skipped:
        for tid, why in skipped:
            print(f"  {tid}: {why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
