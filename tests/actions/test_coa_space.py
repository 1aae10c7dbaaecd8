"""`coa`: Chain of Action responses — abstract step(s) to the trace, the action to the env."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openha import actions
from openha.actions.coa import CoAAction
from openha.actions.grounding import GroundingAction
from openha.actions.motion import MotionAction
from openha.actions.skill import SkillAction
from openha.actions.text import TextAction

TOLERANT, STRICT = actions.get("coa"), actions.get("coa", strict=True)
GROUNDING = (
    "Grounding: Mine <|object_ref_start|>oak log<|object_ref_end|><|point_start|>(512,300)"
    "<|point_end|>\nAction: move(19, 0) and press() and click(left)"
)


def test_grounding_then_action():
    for space in (TOLERANT, STRICT):
        a = space.parse(GROUNDING)
        assert a.step == GroundingAction("Mine", "oak log", ((512.0, 300.0),))
        assert a.action == TextAction(19.0, 0.0, frozenset({"attack"}))
        env_action = space.to_env(a)
        assert env_action["attack"] == 1 and env_action["camera"][1] == pytest.approx(2.85)
        assert space.format(a) == GROUNDING


def test_openha_history_joiner_and_all_step_kinds():
    text = "Skill: craft(stick)\n, Grounding: Explore\n, Motion: jump\n, Action: press(space)"
    for space in (TOLERANT, STRICT):
        a = space.parse(text)
        assert a.steps == (
            SkillAction("craft", "stick"),
            GroundingAction("Explore"),
            MotionAction(jump=True),
        )
        assert a.action.buttons == {"jump"}


def test_tolerant_mode():
    a = TOLERANT.parse(
        "Let me look.\n  grounding: mine <|point_start|>(1,2)<|point_end|> ok\nACTION: press(w) thanks!"
    )
    assert a.step.verb == "Mine" and a.action.buttons == {"forward"}
    bad_step = TOLERANT.parse("Grounding: Mine\nAction: press(w)")
    assert bad_step.steps == () and "needs a point" in bad_step.notes[0]
    assert TOLERANT.parse("Action: press(w)\nAction: press(s)").action.buttons == {"back"}
    assert TOLERANT.parse("Motion: jump Action: press(space)").step == MotionAction(jump=True)


@pytest.mark.parametrize(
    ("text", "pos", "reason"),
    [
        ("Grounding: Explore", 18, "no 'Action:'"),
        ("Sure.\nAction: no_op", 0, "text outside the labelled parts"),
        ("action: no_op", 0, "label must be written 'Action:'"),
        ("Action: press(w)\nAction: press(s)", 17, "a second 'Action:'"),
        ("Action: press(w)\nMotion: jump", 17, "a part after 'Motion:'"),
        ("Motion: jump\nGrounding: Explore\nAction: no_op", 13, "must come before"),
        ("Grounding: Mine\nAction: press(w)", 15, "needs a point"),
        ("Action: press(w) ok", 17, "unexpected text"),
    ],
)
def test_strict_mode_errors(text, pos, reason):
    with pytest.raises(actions.ParseError) as info:
        STRICT.parse(text)
    assert info.value.pos == pos and reason in info.value.reason


def test_no_action_is_an_error_in_both_modes():
    for space in (TOLERANT, STRICT):
        with pytest.raises(actions.ParseError, match="no 'Action:'"):
            space.parse("Motion: move forward")
    env_action, err = TOLERANT.to_env_or_noop("Motion: move forward")
    assert err is not None and not any(env_action[k] for k in env_action if k != "camera")


steps = st.one_of(
    st.builds(SkillAction, st.sampled_from(["craft", "smelt"]), st.sampled_from(["stick", "torch"])),
    st.builds(GroundingAction, st.sampled_from(["Mine", "Kill", "right click"]), st.none() | st.just("log"),
              st.just(((10.0, 20.0),))),
    st.builds(MotionAction, move=st.sampled_from([(), ("forward",), ("back", "left")]), jump=st.booleans()),
)  # fmt: skip
text_actions = st.builds(
    TextAction, st.integers(-50, 50).map(float), st.integers(-50, 50).map(float),
    st.frozensets(st.sampled_from(["forward", "attack", "use", "jump", "hotbar.3"])),
)  # fmt: skip


@given(st.lists(steps, max_size=3), text_actions)
def test_round_trip(step_list, action):
    a = CoAAction(tuple(step_list), action)
    assert TOLERANT.parse(TOLERANT.format(a)) == a
    kinds = [type(s).__name__ for s in step_list]
    order = ["SkillAction", "GroundingAction", "MotionAction"]
    if len(set(kinds)) == len(kinds) and kinds == sorted(kinds, key=order.index):
        assert STRICT.parse(STRICT.format(a)) == a
