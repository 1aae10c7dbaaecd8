"""What every task family of the generator shares: set-up snippets, deterministic choices,
display names for instructions, and `GeneratorBase` (collects tasks, checks each one against the
recipe graph, picks tools). The families live in `atomic_families.py` and
`composite_families.py`; `generate.py` puts them together and writes the suite."""

from __future__ import annotations

import hashlib
import math

from openha.tasks.recipe_graph import RecipeGraph
from openha.tasks.spec import SuccessCondition, TaskInit, TaskSpec

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


class GeneratorBase:
    """Collects tasks (`add` checks feasibility and records what it leaves out, and why)."""

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
