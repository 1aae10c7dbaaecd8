"""Task files: the loader rejects broken YAML with precise, file-and-field messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from openha.tasks import SuccessCondition, TaskError, TaskSpec, load_task
from openha.tasks.loader import check_command, check_feasible, check_file, display_path, parse_task
from openha.tasks.spec import init_state

FIX = Path(__file__).parent / "fixtures" / "tasks"

# fixture file -> the message after "<path>: " (exact), for schema and name errors
BROKEN = {
    "unknown_item": "init.commands[1]: unknown item 'oak_plank' (did you mean 'oak_planks'?)",
    "unknown_block": "init.commands[0]: unknown block 'crafting_tabel' (did you mean 'crafting_table'?)",
    "unknown_command": "init.commands[0]: unknown command 'gvie' (did you mean 'give'?); VoxelWorld runs: "
    "give, clear, tp, teleport, time, weather, setblock, fill, summon, kill, effect, spawnpoint",
    "unknown_field": "unknown field 'max_step' (did you mean 'max_steps'?); known fields: id, family, "
    "instruction, init, success, max_steps, tags",
    "unknown_family": "family: unknown family 'craft_items' (did you mean 'craft_item'?); known: "
    "mine_block, kill_entity, craft_item, smelt_item, interact_block, long_horizon, mcu",
    "id_mismatch": "id: 'craft_item/stick' must end with the file name 'id_mismatch' (ids are "
    "'family/<file stem>')",
    "missing_success": "success: missing required field",
    "unsupported_mob": "init.commands[0]: VoxelWorld does not simulate entity 'horse'; it simulates "
    "chicken, cow, creeper, pig, sheep, skeleton, spider, zombie",
    "bad_success_kind": "success: unknown condition 'craft' (did you mean 'craft_item'?); known: "
    "mine_block, craft_item, smelt_item, use_item, pickup, drop, break_item, kill_entity, "
    "interact_with, custom, inventory",
    "bad_success_name": "success.craft_item.wooden_pickaxes: unknown item 'wooden_pickaxes' (did you "
    "mean 'wooden_pickaxe'?)",
    "bad_count": "success.craft_item.stick: count must be a whole number >= 1, got 0",
    "bad_max_steps": "max_steps: must be a whole number of env steps in 1..72000, got -5",
    "no_difficulty": "tags: need exactly one difficulty tag (easy, medium, hard), got none (did you "
    "mean 'easy'?)",
    "bad_effect": "init.commands[0]: unknown effect 'minecraft:nightvision' (did you mean 'night_vision'?)",
    "bad_coords": "init.commands[0]: bad coordinate 'x2' (a number, ~N or ^N)",
    "bad_time": "init.commands[0]: invalid time 'nigth' (did you mean 'night'?) (day, noon, night, "
    "midnight, or ticks / Nd / Ns)",
    "bad_yaml": "line 4: invalid YAML: did not find expected ',' or ']'",
    "duplicate_key": "line 7: invalid YAML: duplicate key 'max_steps'",
    "not_mapping": "a task file must be a YAML mapping, got list",
}

INFEASIBLE = {
    "not_placed": "world generation never places obsidian and init.commands place 0 of the 1 needed; "
    "add '/setblock ~ ~ ~2 minecraft:obsidian' (or /fill) to init.commands",
    "mob_not_summoned": "needs 1 cow but init summons 0; add '/summon minecraft:cow ~ ~ ~4' to "
    "init.commands",
    "too_few_steps": "max_steps 600 is less than the",
    "unobtainable": "bread: crafting it needs wheat, which cannot be obtained here",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_fixture_gives_precise_message(name):
    path = FIX / f"{name}.yaml"
    errors = check_file(path)
    expected = f"{display_path(path)}: {BROKEN[name]}"
    assert expected in errors, f"got {errors}"
    with pytest.raises(TaskError) as e:
        load_task(path)
    assert expected in str(e.value)
    assert all(err.startswith(display_path(path) + ": ") for err in e.value.errors)


@pytest.mark.parametrize("name", sorted(INFEASIBLE))
def test_infeasible_fixture_is_valid_schema_but_rejected(name):
    path = FIX / "infeasible" / f"{name}.yaml"
    task = load_task(path)  # the schema and names are fine
    errors = check_feasible(task)
    assert len(errors) == 1 and errors[0].startswith(f"{display_path(path)}: infeasible: ")
    assert INFEASIBLE[name] in errors[0]


def test_good_fixture_loads_and_round_trips():
    t = load_task(FIX / "good.yaml")
    assert t.id == "craft_item/good" and t.family == "craft_item" and t.name == "good"
    assert t.success.stats == (("craft_item.wooden_pickaxe", 1),)
    assert t.init.seed == 7 and len(t.init.commands) == 3
    assert t.difficulty == "easy" and t.has_tag("needs_gui")
    again = parse_task(t.to_dict(), FIX / "good.yaml")
    assert again == t
    assert t.reset_options() == {"commands": list(t.init.commands), "world_seed": 7}
    assert t.reset_options(world_seed=3)["world_seed"] == 3
    assert check_feasible(t) == []


def test_display_path_of_suite_files():
    from openha.tasks.loader import TASKS_ROOT

    assert display_path(TASKS_ROOT / "craft_item" / "x.yaml") == "benchmark_tasks/craft_item/x.yaml"


@pytest.mark.parametrize(
    "cmd",
    [
        "/give @p minecraft:iron_ingot 3",
        "give @s oak_planks",
        "/tp @p ~ ~ ~ 0 0",
        "/tp 10 70 -5",
        "/time set midnight",
        "/time add 1000",
        "/weather rain",
        "/setblock ~ ~-1 ~2 minecraft:oak_stairs[facing=north]",
        "/fill ~-2 ~ ~-1 ~2 ~3 ~5 minecraft:air",
        "/fill ~-3 ~ ~2 ~3 ~3 ~8 minecraft:oak_planks hollow",
        "/summon minecraft:zombie ~ ~ ~4",
        "/kill @e[type=minecraft:zombie]",
        "/effect give @p minecraft:night_vision 60 1",
        "/spawnpoint @p ~ ~ ~",
        "/clear @p minecraft:dirt 3",
    ],
)
def test_supported_commands_pass(cmd):
    assert check_command(cmd) is None


@pytest.mark.parametrize(
    "cmd, message",
    [
        ("/give @e minecraft:stick", "target '@e' does not select the player"),
        ("/give @p minecraft:stick zero", "count must be a whole number, got 'zero'"),
        ("/fill ~ ~ ~ ~40 ~40 ~40 minecraft:stone", "too many blocks in the area (68921 > 32768)"),
        ("/summon minecraft:zombi ~ ~ ~4", "unknown entity 'zombi' (did you mean 'zombie'?)"),
        ("/weather sunny", "unknown weather 'sunny'"),
        ("/setblock ~ ~ ~2", "missing arguments; usage: /setblock"),
        ("/give @p minecraft:stick [", "unbalanced brackets or quotes"),
    ],
)
def test_bad_commands_say_what_is_wrong(cmd, message):
    assert message in (check_command(cmd) or "")


def test_success_condition_checks_deltas_and_inventory():
    s = SuccessCondition.from_dict({"craft_item": {"minecraft:stick": 4}, "inventory": {"stick": 2}})
    assert s.stats == (("craft_item.stick", 4),) and s.inventory == (("stick", 2),)
    assert not s.check({}, {})
    assert s.missing({"craft_item.stick": 1}, {"stick": 1}) == {"craft_item.stick": 3, "inventory.stick": 1}
    assert s.check({"craft_item.stick": 4}, {"stick": 2})
    # counters that did not start at zero: only the delta since reset counts
    assert not s.check({"craft_item.stick": 5}, {"stick": 2}, baseline={"craft_item.stick": 2})
    assert s.progress({"craft_item.stick": 2}, {"stick": 1}) == pytest.approx(0.5)
    assert s.counts({"craft_item.stick": 7}, {"stick": 1}, baseline={"craft_item.stick": 1}) == {
        "craft_item.stick": 6, "inventory.stick": 1}  # beyond the target too (items collected)
    assert s.to_dict() == {"craft_item": {"stick": 4}, "inventory": {"stick": 2}}
    spec = TaskSpec("mcu/x", "mcu", "x", s, 10)
    assert spec.success.targets() == [("craft_item", "stick", 4), ("inventory", "stick", 2)]


def test_init_state_reads_commands_without_a_world():
    st = init_state([
        "/give @p minecraft:oak_planks 3", "/give @p oak_planks 2", "/clear @p minecraft:oak_planks 1",
        "/setblock ~ ~ ~2 minecraft:crafting_table", "/fill ~ ~ ~ ~1 ~ ~1 minecraft:stone",
        "/fill ~ ~ ~ ~2 ~ ~ minecraft:air", "/summon minecraft:cow ~ ~ ~3",
        "/summon minecraft:zombie", "/kill @e[type=zombie]", "/time set midnight",
    ])  # fmt: skip
    assert st.inventory == {"oak_planks": 4}
    assert st.blocks == {"crafting_table": 1, "stone": 4}
    assert st.mobs == {"cow": 1}
    assert st.time == 18000 and st.night


def test_validate_command_names_every_broken_file(tmp_path):
    from typer.testing import CliRunner

    from openha.cli import app

    runner = CliRunner()
    bad = [FIX / f"{name}.yaml" for name in ("unknown_item", "bad_count")]
    res = runner.invoke(app, ["tasks", "validate", *map(str, bad), "--no-feasibility"])
    assert res.exit_code == 1
    assert BROKEN["unknown_item"] in res.output and BROKEN["bad_count"] in res.output
    assert "2 problems in 2 of 2 files" in res.output
    good = runner.invoke(app, ["tasks", "validate", "benchmark_tasks/craft_item/stick.yaml"])
    assert good.exit_code == 0 and "ok: 1 tasks valid and feasible" in good.output
