"""The committed benchmark suite: valid, feasible, big enough, and exactly what the generator writes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from openha.cli_tasks import tasks_app
from openha.tasks import FAMILIES, load_suite, suite_version
from openha.tasks.loader import TASKS_ROOT, task_files

ROOT = Path(__file__).resolve().parents[1]
FIX = Path(__file__).parent / "fixtures" / "tasks"


@pytest.fixture(scope="module")
def suite():
    return load_suite(feasibility=True)  # raises TaskError listing every problem


def test_all_committed_tasks_validate_and_are_feasible(suite):
    assert len(suite) >= 800
    assert len(set(suite.ids)) == len(suite)
    for t in suite:
        assert Path(t.path).parent.name == t.family and Path(t.path).stem == t.name
        assert t.difficulty in ("easy", "medium", "hard")
        assert t.instruction[0].isupper() and t.instruction.endswith((".", "!", "?"))


def test_family_counts_match_suite_yaml_and_openha_proportions(suite):
    meta = yaml.safe_load((TASKS_ROOT / "suite.yaml").read_text())
    counts = suite.families()
    assert meta["families"] == counts and meta["total"] == len(suite)
    assert meta["version"] == suite.version == suite_version()
    assert set(counts) == set(FAMILIES)
    # OpenHA: mine 153, kill 49, craft 551, smelt 45, interact 13 (of 811)
    assert 140 <= counts["mine_block"] <= 170
    assert 45 <= counts["kill_entity"] <= 60
    assert 500 <= counts["craft_item"] <= 600
    assert 40 <= counts["smelt_item"] <= 75
    assert 10 <= counts["interact_block"] <= 25
    assert 50 <= counts["long_horizon"] <= 90
    assert 24 <= counts["mcu"] <= 60
    groups = Counter(g for t in suite.filter(family="long_horizon") for g in t.tags
                     if g in ("wood", "stone", "iron", "gold", "diamond", "redstone", "armor"))  # fmt: skip
    assert set(groups) == {"wood", "stone", "iron", "gold", "diamond", "redstone", "armor"}


def test_long_horizon_tasks_start_empty(suite):
    for t in suite.filter(family="long_horizon"):
        assert t.init.commands == () and t.has_tag("from_scratch")
        assert t.max_steps >= 3600


def test_instructions_vary(suite):
    crafts = [t.instruction.split()[0] for t in suite.filter(family="craft_item")]
    assert len(set(crafts)) >= 4


def test_generator_is_deterministic(tmp_path):
    """Re-running the generator (another process, another hash seed) writes identical files."""
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmark_tasks" / "generate.py"), "--out", str(tmp_path)],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    new = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in sorted(tmp_path.rglob("*.yaml"))}
    old = {p.relative_to(TASKS_ROOT).as_posix(): p.read_bytes() for p in task_files([TASKS_ROOT])}
    old["suite.yaml"] = (TASKS_ROOT / "suite.yaml").read_bytes()
    stale = sorted(set(new) ^ set(old)) + sorted(k for k in set(new) & set(old) if new[k] != old[k])
    assert not stale, f"benchmark_tasks/ is stale; run `python benchmark_tasks/generate.py`: {stale[:10]}"


def test_selection(suite):
    assert len(suite.select("all")) == len(suite)
    assert {t.family for t in suite.select("craft_item")} == {"craft_item"}
    sel = suite.select("mine_block/*_ore,kill_entity/zombie,tag:diamond")
    assert "kill_entity/zombie" in sel and "mine_block/iron_ore" in sel and "long_horizon/diamond_pickaxe" in sel
    assert all(t.has_tag("easy") and t.family == "craft_item" for t in suite.filter(family="craft_item", tag="easy"))
    with pytest.raises(KeyError, match="did you mean 'craft_item/wooden_pickaxe'"):
        suite.get("craft_item/wooden_pickax")
    with pytest.raises(KeyError, match="unknown family 'craft'"):
        suite.filter(family="craft")


@pytest.fixture(scope="module")
def cli():
    app = typer.Typer()
    app.add_typer(tasks_app, name="tasks")
    runner = CliRunner()
    return lambda *args: runner.invoke(app, ["tasks", *args])


def test_cli_list_and_show(cli, suite):
    r = cli("list", "--family", "kill_entity", "--tag", "needs_night")
    assert r.exit_code == 0, r.output
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith("kill_entity/")]
    assert lines and all(ln.split("\t")[0] in suite for ln in lines)
    assert all("needs_night" in ln.split("\t")[3] for ln in lines)
    r = cli("show", "long_horizon/iron_pickaxe")
    assert r.exit_code == 0 and "feasible: yes" in r.stdout and "smelt 3 iron_ingot" in r.stdout
    r = cli("show", "craft_item/nope")
    assert r.exit_code == 1


def test_cli_validate(cli):
    r = cli("validate", str(FIX / "good.yaml"))
    assert r.exit_code == 0 and "ok: 1 tasks valid and feasible" in r.stdout
    r = cli("validate", str(FIX))
    assert r.exit_code == 1
    assert "unknown item 'oak_plank' (did you mean 'oak_planks'?)" in r.stderr
    assert "infeasible: success.kill_entity.cow" in r.stderr


def test_every_init_command_runs_in_voxelworld(suite):
    """The engine's own command runner accepts every task's set-up (on a flat test world)."""
    from conftest import flat_generator

    from envs.voxel import gamedata
    from envs.voxel.commands import CommandRunner
    from envs.voxel.game import Game
    from envs.voxel.world import World

    gd = gamedata.load()
    world = World(0, generator=flat_generator(gd))
    world.ensure_chunks(0, 0, 48)
    for t in suite:
        game = Game(gd, world, seed=0)
        game.teleport(0.5, 64.0, 0.5)
        runner = CommandRunner(game)
        for cmd in t.init.commands:
            runner.run(cmd)  # raises CommandError naming the command
        # the static reading of init commands agrees with what the engine did
        assert game.inventory.as_dict() == dict(t.init_state().inventory), t.id
