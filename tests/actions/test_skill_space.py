"""`skill`: named skills with names checked against minecraft-data 1.16.5."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openha import actions
from openha.actions.skill import SkillAction

SPACE = actions.get("skill")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Skill: mine(oak_log)", SkillAction("mine", "oak_log")),
        ("craft(wooden_pickaxe, 1)", SkillAction("craft", "wooden_pickaxe")),
        ("smelt(iron_ingot, 3)", SkillAction("smelt", "iron_ingot", 3)),
        ("kill(cow)", SkillAction("kill", "cow")),
        ("place(crafting_table)", SkillAction("place", "crafting_table")),
        ("equip(stone_pickaxe)", SkillAction("equip", "stone_pickaxe")),
        ("eat(bread)", SkillAction("eat", "bread")),
        ("Skill: MINE( minecraft:Iron_Ore )", SkillAction("mine", "iron_ore")),
        (
            "Plan: get wood first.\nSkill: mine(oak_log)\nAction: no_op",
            SkillAction("mine", "oak_log"),
        ),
    ],
)
def test_parses(text, want):
    assert SPACE.parse(text) == want


@pytest.mark.parametrize(
    ("text", "pos", "reason"),
    [
        (
            "craft(oak_plank)",
            6,
            "unknown item 'oak_plank' in Minecraft 1.16.5 (did you mean 'oak_planks'",
        ),
        ("kill(cw)", 5, "did you mean 'cow'"),
        ("mine(iron_ingot)", 5, "unknown block 'iron_ingot'"),
        ("eat(stone)", 4, "'stone' is not a food"),
        ("fly(oak_log)", 0, "unknown skill 'fly'"),
        ("equip(stone_pickaxe, 2)", 21, "count 2 out of range"),
        ("craft(stick, 0)", 13, "count 0 out of range"),
        ("craft stick", 0, "expected verb(name)"),
        ("Skill: craft(stick) now", 20, "unexpected text"),
    ],
)
def test_errors(text, pos, reason):
    with pytest.raises(actions.ParseError) as info:
        SPACE.parse(text)
    assert info.value.pos == pos and reason in info.value.reason


def test_format_and_checks():
    assert SPACE.format(SkillAction("smelt", "iron_ingot", 3)) == "Skill: smelt(iron_ingot, 3)"
    assert SPACE.format(SkillAction("craft", "stick")) == "Skill: craft(stick)"
    with pytest.raises(actions.ActionError, match="unknown item"):
        SPACE.format(SkillAction("craft", "sticks"))
    with pytest.raises(actions.ActionError, match="lowercase"):
        SPACE.format(SkillAction("craft", "minecraft:stick"))
    assert actions.get("skill", strict=False).parse("craft(stick) please").target == "stick"


skills = st.one_of(
    st.builds(SkillAction, st.just("mine"), st.sampled_from(["oak_log", "stone", "iron_ore", "diamond_ore"]), st.integers(1, 64)),
    st.builds(SkillAction, st.sampled_from(["craft", "smelt"]), st.sampled_from(["stick", "iron_ingot", "furnace", "torch"]), st.integers(1, 99)),
    st.builds(SkillAction, st.just("kill"), st.sampled_from(["cow", "zombie", "sheep"]), st.integers(1, 5)),
    st.builds(SkillAction, st.just("equip"), st.sampled_from(["stone_pickaxe", "iron_sword"])),
    st.builds(SkillAction, st.just("eat"), st.sampled_from(["bread", "cooked_beef", "apple"]), st.integers(1, 3)),
)  # fmt: skip


@given(skills)
def test_round_trip(a):
    assert SPACE.parse(SPACE.format(a)) == a
