"""The `env` space, the registry and the contract every space shares."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from openha import actions
from openha.actions import env

KEYS_24 = [
    "ESC", "attack", "back", "forward", "jump", "left", "right", "sneak", "sprint", "use", "drop",
    "inventory", *(f"hotbar.{i}" for i in range(1, 10)), "pickItem", "swapHands", "camera",
]  # fmt: skip


def test_registry_names_and_get():
    assert actions.names() == [
        "env",
        "vpt",
        "text",
        "motion",
        "grounding",
        "skill",
        "coa",
        "tokens",
    ]
    assert actions.get("text") is actions.get("text")
    assert actions.get("text", strict=False) is not actions.get("text")
    with pytest.raises(KeyError, match="did you mean 'text'"):
        actions.get("txt")


def test_noop_has_all_24_keys():
    a = env.noop()
    assert list(a) == KEYS_24 and len(a) == 24
    assert a["camera"].dtype == np.float32 and a["camera"].shape == (2,)
    assert env.is_noop(a)


@pytest.mark.parametrize(
    ("action", "match"),
    [
        ({"foward": 1}, r"unknown key 'foward'; did you mean 'forward'"),
        ({"attack": 2}, r"'attack' = 2 .*use 0 \(released\) or 1 \(pressed\)"),
        ({"attack": 0.5}, r"'attack' = 0.5 \(float\)"),
        ({"jump": "1"}, r"'jump' = '1' \(str\)"),
        ({"camera": [1.0, 2.0, 3.0]}, r"shape \(3,\), expected \(2,\) = \[pitch, yaw\]"),
        ({"camera": "up"}, r"'camera' = 'up' is not numeric"),
        ({"camera": [np.nan, 0]}, r"not finite"),
        ({"camera": [0, 181]}, r"outside ±180° per tick; split the turn"),
        ([("attack", 1)], r"expected a dict"),
    ],
)
def test_validation_errors_name_key_value_and_fix(action, match):
    with pytest.raises(actions.ActionError, match=match):
        env.validate(action)


def test_validate_fills_and_normalises():
    a = env.validate({"attack": True, "hotbar.3": np.int64(1), "camera": (1.5, -2)})
    assert a["attack"] == 1 and type(a["attack"]) is int and a["hotbar.3"] == 1
    assert a["camera"].dtype == np.float32 and a["camera"].tolist() == [1.5, -2.0]
    assert len(a) == 24
    with pytest.raises(actions.ActionError, match="missing keys"):
        env.validate({"attack": 1}, fill_missing=False)


def test_stack_unstack_round_trip():
    seq = [env.make(["forward"], 1.0, 2.0), env.noop(), env.make(["attack", "hotbar.9"])]
    batch = env.stack(seq)
    assert batch["camera"].shape == (3, 2) and batch["forward"].tolist() == [1, 0, 0]
    back = env.unstack(batch)
    assert all(
        env.EnvSpace().format(a) == env.EnvSpace().format(b) for a, b in zip(seq, back, strict=True)
    )


def test_json_text_form():
    space = actions.get("env")
    assert space.format(env.make(["forward", "attack"], 0.0, 4.5)) == (
        '{"attack": 1, "forward": 1, "camera": [0, 4.5]}'
    )
    assert space.format(env.noop()) == "{}"
    assert env.is_noop(space.parse("{}"))
    with pytest.raises(actions.ParseError, match="position 14: env action: unknown key 'foward'"):
        space.parse('{"attack": 1, "foward": 1}')
    with pytest.raises(actions.ParseError, match=r"position 15: env action: key 'jump' = 2"):
        space.parse('{"attack": 1,  "jump": 2}')
    with pytest.raises(actions.ParseError, match="invalid JSON"):
        space.parse('{"attack": 1')


env_actions = st.builds(
    lambda on, p, y: env.make(on, p, y),
    st.lists(st.sampled_from(env.BUTTONS), unique=True),
    st.floats(-180, 180, width=32),
    st.floats(-180, 180, width=32),
)


@given(env_actions)
def test_env_round_trip(a):
    space = actions.get("env")
    b = space.parse(space.format(a))
    assert all(np.array_equal(a[k], b[k]) for k in KEYS_24)


@pytest.mark.parametrize("name", ["env", "vpt", "text", "motion", "grounding", "coa", "tokens"])
def test_every_to_env_returns_the_full_dict(name):
    examples = {
        "env": "{}",
        "vpt": "buttons=300 camera=7",
        "text": "Action: move(10, -4) and press(w)",
        "motion": "Motion: move forward, turn left",
        "grounding": "Grounding: Mine <|point_start|>(700,500)<|point_end|>",
        "coa": "Motion: jump\nAction: press(space)",
        "tokens": "<|reserved_special_token_178|><|reserved_special_token_191|>"
        "<|reserved_special_token_219|><|reserved_special_token_240|><|reserved_special_token_179|>",
    }
    space = actions.get(name)
    a = space.to_env(space.parse(examples[name]))
    assert list(a) == KEYS_24
    env.validate(a, fill_missing=False)
    assert a["camera"].dtype == np.float32


def test_to_env_or_noop_never_raises_on_model_output():
    a, err = actions.get("text").to_env_or_noop("Action: press(w, jetpack)")
    assert env.is_noop(a) and isinstance(err, actions.ParseError)
    assert err.pos == 17 and "unknown key 'jetpack'" in err.reason
    a, err = actions.get("text").to_env_or_noop("Action: press(w)")
    assert err is None and a["forward"] == 1


def test_skill_to_env_explains_itself():
    space = actions.get("skill")
    with pytest.raises(actions.ActionError, match="skill executor"):
        space.to_env(space.parse("mine(oak_log)"))


def test_layering_no_heavy_or_engine_imports():
    """openha.actions is pure: no torch/ray/transformers, and from envs only gamedata."""
    import subprocess
    import sys

    code = (
        "import sys; from openha import actions\n"
        "actions.get('skill').parse('craft(stick)')\n"
        "heavy = [m for m in ('torch', 'ray', 'transformers', 'tokenizers') if m in sys.modules]\n"
        "engine = sorted(m for m in sys.modules if m.startswith('envs.') and m != 'envs.voxel'\n"
        "                and m != 'envs.voxel.gamedata')\n"
        "print(heavy, engine)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] []", out.stdout + out.stderr
