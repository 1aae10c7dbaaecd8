"""The recipe graph: facts from game data and world generation, and plans from an inventory."""

from __future__ import annotations

from collections import Counter

import pytest

from openha.tasks import Unobtainable, default_graph, load_suite
from openha.tasks.recipe_graph import SMELT_TICKS, BlockDrop, Plan


@pytest.fixture(scope="module")
def g():
    return default_graph()


def simulate(g, plan: Plan, inventory=None, placed=None) -> Counter:
    """Replay a plan on an inventory, checking every step has what it consumes, the tool it
    mines with and the station it works at; returns the final inventory."""
    inv = Counter(inventory or {})
    stations = set(placed or ())
    for k, s in enumerate(plan.steps):
        where = f"step {k + 1} ({s})"
        if s.action == "mine":
            if s.tool:
                assert inv[s.tool] >= 1, f"{where}: no {s.tool}"
                assert s.tool in g.harvest_tools(s.target), f"{where}: {s.tool} cannot harvest it"
            else:
                assert not g.harvest_tools(s.target), f"{where}: needs a tool"
            drop = next(d for d in g.drops_of_block[s.target] if d.item == s.item)
            inv[s.item] += int(s.count * drop.per_block_planned)
        elif s.action == "kill":
            inv[s.item] += s.count
        elif s.action == "place":
            assert inv[s.target] >= 1, f"{where}: nothing to place"
            inv[s.target] -= 1
            stations.add(s.target)
        else:
            if s.station:
                assert s.station in stations, f"{where}: no {s.station} placed"
            for item, n in (*s.inputs, *([s.fuel] if s.fuel else [])):
                assert inv[item] >= n, f"{where}: has {inv[item]} {item}, needs {n}"
                inv[item] -= n
            if s.fuel:
                assert g.fuels[s.fuel[0]] * s.fuel[1] >= SMELT_TICKS * s.ops, f"{where}: too little fuel"
            inv[s.target] += s.count
    return inv


def test_iron_pickaxe_from_nothing_climbs_the_tech_tree(g):
    plan = g.requirements("iron_pickaxe", 1, {})
    seq = [(s.action, s.item if s.action == "mine" else s.target) for s in plan.steps]
    expected = [
        ("mine", "oak_log"), ("craft", "oak_planks"), ("craft", "stick"), ("craft", "crafting_table"),
        ("place", "crafting_table"), ("craft", "wooden_pickaxe"), ("mine", "cobblestone"),
        ("craft", "stone_pickaxe"), ("mine", "iron_ore"), ("craft", "furnace"), ("place", "furnace"),
        ("smelt", "iron_ingot"), ("craft", "iron_pickaxe"),
    ]  # fmt: skip
    assert seq == expected
    by = {(s.action, s.item): s for s in plan.steps}
    assert by[("mine", "cobblestone")].count == 3 + 8  # stone pickaxe + furnace
    assert by[("mine", "cobblestone")].tool == "wooden_pickaxe"
    assert by[("mine", "cobblestone")].target == "stone"  # stone drops cobblestone
    assert by[("mine", "iron_ore")].count == 3 and by[("mine", "iron_ore")].tool == "stone_pickaxe"
    smelt = by[("smelt", "iron_ingot")]
    assert smelt.count == 3 and smelt.station == "furnace" and smelt.fuel is not None
    assert by[("craft", "stick")].count >= 6  # 2 per pickaxe
    final = simulate(g, plan)
    assert final["iron_pickaxe"] == 1 and final["stone_pickaxe"] == 1
    assert plan.lower_bound_ticks >= 3 * SMELT_TICKS
    assert plan.estimated_ticks > plan.lower_bound_ticks
    assert plan.tools() == ["stone_pickaxe", "wooden_pickaxe"]
    assert "iron_ore" in plan.raw() and "stone" in plan.raw()


def test_diamond_needs_iron_pickaxe_and_depth(g):
    plan = g.requirements("diamond_pickaxe", 1, {})
    mine = next(s for s in plan.steps if s.item == "diamond")
    assert mine.tool == "iron_pickaxe" and mine.count == 3
    assert mine.where.kind == "underground" and mine.where.y[1] <= 16
    simulate(g, plan)


def test_plan_uses_what_is_held(g):
    plan = g.requirements("wooden_pickaxe", 1, {"birch_planks": 3, "stick": 2}, placed={"crafting_table": 1})
    assert [(s.action, s.target) for s in plan.steps] == [("craft", "wooden_pickaxe")]
    assert plan.steps[0].inputs == (("birch_planks", 3), ("stick", 2))
    # held but too few: make the rest
    plan = g.requirements("stick", 8, {"oak_planks": 2})
    assert simulate(g, plan, {"oak_planks": 2})["stick"] >= 8
    # a held tool is used rather than made
    plan = g.requirements("iron_ore", 2, {"diamond_pickaxe": 1})
    assert [(s.action, s.tool) for s in plan.steps] == [("mine", "diamond_pickaxe")]
    # already held: nothing to do, unless the statistic needs it made
    assert g.requirements("stick", 2, {"stick": 5}).steps == []
    assert g.requirements("stick", 2, {"stick": 5, "oak_planks": 2}, via="craft").steps[-1].action == "craft"


def test_via_forces_the_last_action(g):
    smelt = g.requirements("iron_ingot", 1, {"iron_ore": 1, "coal": 1}, placed={"furnace": 1}, via="smelt")
    assert [(s.action, s.fuel) for s in smelt.steps] == [("smelt", ("coal", 1))]
    craft = g.requirements("iron_ingot", 1, {"iron_nugget": 9}, placed={"crafting_table": 1}, via="craft")
    assert [s.action for s in craft.steps] == ["craft"]
    with pytest.raises(Unobtainable, match="cannot be smelted"):
        g.requirements("stick", 1, {}, via="smelt")


def test_unobtainable_items_say_why(g):
    with pytest.raises(Unobtainable, match="wheat"):
        g.requirements("bread", 1, {})
    with pytest.raises(Unobtainable, match="cow"):
        g.requirements("leather", 1, {})
    # a summoned cow makes leather obtainable
    plan = g.requirements("beef", 1, {}, mobs={"cow": 2})
    assert [(s.action, s.target) for s in plan.steps] == [("kill", "cow")]


def test_world_generation_facts(g):
    where = {w.kind for w in g.world["iron_ore"]}
    assert where == {"underground"}
    assert g.where_of("iron_ore").y == (1, 63)
    assert g.where_of("diamond_ore").y[1] == 15
    assert g.where_of("oak_log").kind == "tree"
    assert g.where_of("emerald_ore").biomes == ("mountains",)
    assert g.where_of("obsidian") is None
    assert g.min_tool("stone") == "wooden_pickaxe"
    assert g.min_tool("iron_ore") == "stone_pickaxe"
    assert g.min_tool("diamond_ore") == "iron_pickaxe"
    assert g.min_tool("dirt") is None
    assert g.break_ticks("oak_log") == 60 and g.break_ticks("bedrock") == -1
    drops = {d.item for d in g.block_drops["cobblestone"]}
    assert drops == {"cobblestone"}  # stone and cobblestone itself
    assert any(isinstance(s, BlockDrop) and s.block == "stone" for s in g.sources("cobblestone"))
    assert "smelt 1 iron_ingot from 1 iron_ore at a furnace" in g.how("iron_ingot")
    assert g.station_of("wooden_pickaxe") == "crafting_table" and g.station_of("stick") is None


def test_every_craft_and_smelt_task_resolves(g):
    """Each craft/smelt/long-horizon task's recipe tree resolves from its init state and the plan
    replays on that inventory; one-step tasks need exactly one craft/smelt."""
    suite = load_suite()
    checked = 0
    for t in suite:
        st = t.init_state()
        for kind, name, n in t.success.targets():
            if kind not in ("craft_item", "smelt_item") and t.family != "long_horizon":
                continue
            via = {"craft_item": "craft", "smelt_item": "smelt"}.get(kind)
            plan = g.requirements(name, n, st.inventory, placed=st.blocks, mobs=st.mobs, via=via)
            final = simulate(g, plan, st.inventory, st.blocks)
            assert final[name] >= n, t.id
            if t.has_tag("one_step"):
                acts = [s.action for s in plan.steps if s.action != "place"]
                assert acts == [via], f"{t.id}: {plan}"
            if t.family == "long_horizon":
                assert "kill" not in plan.actions(), t.id
            checked += 1
    assert checked >= 600
