"""The generator's composite families: `interact_block`, Optimus-2-style `long_horizon`
tech-tree tasks from an empty inventory, and MCU-style `mcu` tasks with a richer set-up."""

from __future__ import annotations

from .task_generation import AHEAD, CLEAR, FACE, NIGHT, GeneratorBase, pick, round_up


class CompositeFamilies(GeneratorBase):
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
