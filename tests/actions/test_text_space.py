"""`text`: same env actions as OpenHA's released parser on every string it handles correctly.

tests/fixtures/actions/openha_text_golden.json was made by running OpenHA's own
TextActionTokenizer (openagents/agents/utils/action_mapping.py) outside this repo: "parse" holds
1,500 well-formed strings (quoting, spacing, floats, exponents, several Action: lines, CoA
prefixes) and OpenHA's decode; "format" holds float32 env actions and OpenHA's encode with
reserved_keyboard=True (the "Action: move(19, 0) and press()" form of its released data).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from openha import actions
from openha.actions import env
from openha.actions.text import CLICK_TO_ENV, KEY_TO_ENV, MAX_MOUSE, TextAction

GOLDEN = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "actions" / "openha_text_golden.json").read_text()
)
SPACE = actions.get("text")


def test_parse_matches_openha_released_parser():
    assert len(GOLDEN["parse"]) >= 1000
    for case in GOLDEN["parse"]:
        a = SPACE.to_env(SPACE.parse(case["s"]))
        assert sorted(k for k in env.BUTTONS if a[k]) == sorted(case["on"]), case["s"]
        np.testing.assert_array_equal(a["camera"], np.float32(case["camera"]), err_msg=case["s"])


def test_format_matches_openha_encoder():
    for case in GOLDEN["format"]:
        a = env.make(case["on"], *case["camera"])
        assert SPACE.format(a) == case["text"].rstrip(), case


@pytest.mark.parametrize(
    ("text", "pos", "reason"),
    [
        ("", 0, "no 'Action:' found"),
        ("Sure! I will chop the tree.", 0, "no 'Action:' found"),
        ("Action:", 7, "empty action"),
        ("Action: move(1,2", 12, "malformed move"),
        ("Action: move(1, 2) and move(3, 4)", 23, "second move"),
        ("Action: press(w, jetpack)", 17, "unknown key 'jetpack'"),
        ("Action: press(W, spce)", 17, "did you mean 'space'"),
        ("Action: press(w,,s)", 16, "empty key"),
        ("Action: click(up)", 14, "unknown mouse button 'up'"),
        ("Action: move(1, 2) please", 19, "unexpected text after the action"),
        ("Action: press(w) and", 16, "dangling separator"),
        ("Action: no_op and press(w)", 14, "no_op must stand alone"),
        ("Action: press(w) and no_op", 21, "no_op cannot be combined"),
        ("Action: move(1201, 0)", 13, "outside ±1200 units"),
        ("Action: move(1e999, 0)", 13, "outside"),
        ("Action: jump()", 8, "expected move(dx, dy), press(keys), click(button) or no_op"),
        ("Action: press(w)\nAction: click(", 30, "malformed click"),
    ],
)
def test_errors_have_position_and_reason(text, pos, reason):
    with pytest.raises(actions.ParseError) as info:
        SPACE.parse(text)
    assert info.value.pos == pos and reason in info.value.reason


def test_grammar_details():
    assert SPACE.parse("Action: press(w) \nAction: move(-10, 20) and click(right)") == TextAction(
        -10.0, 20.0, frozenset({"use"})
    )
    a = SPACE.to_env(SPACE.parse("Action: move(19, 0) and press()"))
    assert a["camera"].tolist() == [0.0, np.float32(19 * 0.15)]
    # comma-joined parts (OpenHA's prompt says ", "; its parser then loses the click)
    assert SPACE.parse("Action: move(1, 2), press(w), click(left)").buttons == {"forward", "attack"}
    assert SPACE.parse("action: MOVE(1,2) AND Press('W', \"space\")").buttons == {"forward", "jump"}
    assert SPACE.parse("Action: click(middle)").buttons == {"pickItem"}  # OpenHA drops it
    assert SPACE.parse("move(3, 4) and press(e)") == TextAction(3.0, 4.0, frozenset({"inventory"}))
    assert SPACE.parse("Action: no_op") == TextAction()
    assert SPACE.parse("Action: press(w)\nThat should reach the tree.").buttons == {"forward"}
    tolerant = actions.get("text", strict=False)
    assert tolerant.parse("Action: press(w) <|im_end|>").buttons == {"forward"}
    with pytest.raises(actions.ParseError, match="unknown key"):
        tolerant.parse("Action: press(jetpack)")  # tolerant is not silent
    assert [a.buttons for a in SPACE.parse_all("Action: press(w)\nAction: press(s)")] == [
        {"forward"},
        {"back"},
    ]


def test_from_env_rounds_like_openha():
    space = actions.get("text")
    assert space.from_env(env.make((), -0.075, -0.225)) == TextAction(-2.0, 0.0)
    assert space.format(env.noop()) == "Action: press()"
    assert actions.get("text", reserved_keyboard=False).format(env.noop()) == "Action: no_op"
    exact = actions.get("text", precision=2)
    assert exact.from_env(env.make((), 0.0, 1.0)).dx == pytest.approx(6.67)


text_actions = st.builds(
    TextAction,
    st.floats(-MAX_MOUSE, MAX_MOUSE),
    st.floats(-MAX_MOUSE, MAX_MOUSE),
    st.frozensets(st.sampled_from(sorted({*KEY_TO_ENV.values(), *CLICK_TO_ENV.values()}))),
)


@given(text_actions)
def test_round_trip(a):
    assert SPACE.parse(SPACE.format(a)) == a
    b = SPACE.to_env(a)
    assert {k for k in env.BUTTONS if b[k]} == set(a.buttons)


@given(
    st.lists(st.sampled_from(env.BUTTONS), unique=True),
    st.integers(-1200, 1200),
    st.integers(-1200, 1200),
)
def test_env_text_env_is_exact_on_whole_mouse_units(pressed, dx, dy):
    a = env.make(pressed, dy * 0.15, dx * 0.15)
    b = SPACE.to_env(SPACE.parse(SPACE.format(a)))
    assert {k for k in env.BUTTONS if b[k]} == set(pressed)
    np.testing.assert_allclose(b["camera"], a["camera"], atol=1e-4)
