"""`motion`: OpenHA's motion phrases, both directions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openha import actions
from openha.actions import env
from openha.actions.motion import GUI_PHRASES, MotionAction

SPACE = actions.get("motion")


def test_parses_openha_vocabulary():
    a = SPACE.parse(
        "Motion: move forward and move left, sprint, turn right and down, attack / mine"
    )
    assert a == MotionAction(
        move=("forward", "left"), state="sprint", turn=("right", "down"), attack=True
    )
    assert SPACE.parse("Motion: cursor move left and up, operate gui").cursor == ("left", "up")
    assert SPACE.parse("Motion: switch to hotbar 1, 2").hotbar == (1, 2)
    assert SPACE.parse("Motion: switch hotbar 4").hotbar == (4,)
    assert SPACE.parse("Motion: place / use, jump, drop, swap") == MotionAction(
        use=True, jump=True, drop=True, swap=True
    )
    assert SPACE.parse("Motion: move backward and right").move == ("back", "right")
    for phrase in GUI_PHRASES:
        assert SPACE.parse(f"Motion: {phrase}").gui == phrase
    assert SPACE.parse("Motion: no_op") == MotionAction()
    # the agent's normalised form and a bare phrase
    assert SPACE.parse("attack/mine,use/place").attack


def test_motion_colon_parses_unlike_openha():
    """OpenHA's agent builds rf'{"Motion:"}:\\s*…' and so only matches 'Motion::'."""
    assert SPACE.parse("Thought.\nMotion: move forward\nAction: press(w)").move == ("forward",)
    assert SPACE.parse("Motion:: jump").jump


@pytest.mark.parametrize(
    ("text", "pos", "reason"),
    [
        ("Motion:", 7, "empty motion"),
        ("Motion: fly", 8, "unknown motion 'fly'"),
        ("Motion: move up", 8, "move: direction 'up' does not fit"),
        ("Motion: left", 8, "bare direction"),
        ("Motion: turn left and right", 22, "conflicting directions"),
        ("Motion: sprint, sneak", 16, "sprint and sneak"),
        ("Motion: jump,, drop", 13, "empty motion item"),
        ("Motion: open inventory, close gui", 24, "conflicts"),
        ("Motion: no_op, jump", 8, "unknown motion 'no_op'"),
    ],
)
def test_errors(text, pos, reason):
    with pytest.raises(actions.ParseError) as info:
        SPACE.parse(text)
    assert info.value.pos == pos and reason in info.value.reason


def test_to_env_and_sequence():
    a = SPACE.parse(
        "Motion: move forward, sprint, turn left and up, jump, switch to hotbar 3, drop"
    )
    seq = SPACE.to_env_sequence(a, ticks=3)
    assert len(seq) == 3
    assert {k for k in env.BUTTONS if seq[0][k]} == {
        "forward",
        "sprint",
        "jump",
        "hotbar.3",
        "drop",
    }
    assert {k for k in env.BUTTONS if seq[1][k]} == {"forward", "sprint", "jump"}
    assert seq[2]["camera"].tolist() == [-5.0, -5.0]
    gui = actions.get("motion", cursor_step_deg=2.0)
    b = gui.to_env(gui.parse("Motion: cursor move right, operate gui, close gui"))
    assert b["camera"].tolist() == [0.0, 2.0] and b["attack"] == 1 and b["ESC"] == 1
    assert SPACE.to_env(SPACE.parse("Motion: open inventory"))["inventory"] == 1


def test_from_env_labels_windows():
    walk = [env.make(["forward", "attack"], 0.0, 2.0)] * 3 + [env.make(["forward"])]
    assert SPACE.format(SPACE.from_env(walk)) == "Motion: move forward, turn right, attack / mine"
    assert SPACE.from_env(env.make(["forward", "back", "sprint", "sneak"])) == MotionAction(
        state="sneak"
    )
    assert SPACE.from_env(env.make(["inventory"]), gui_open=[False, True]).gui == "open inventory"
    assert SPACE.from_env(env.make(["inventory"]), gui_open=True).gui == "close inventory"
    assert SPACE.from_env(env.make(["use"]), gui_open=[False, True]).gui == "open gui"
    assert SPACE.from_env(env.make(["ESC"]), gui_open=True).gui == "close gui"
    in_gui = SPACE.from_env(env.make(["attack"], 1.0, -1.0), gui_open=True)
    assert SPACE.format(in_gui) == "Motion: cursor move left and down, operate gui"
    assert SPACE.from_env([env.make(["hotbar.2"]), env.make(["hotbar.5", "swapHands"])]) == (
        MotionAction(swap=True, hotbar=(2, 5))
    )
    assert SPACE.from_env([]) == MotionAction()
    with pytest.raises(actions.ActionError, match="gui_open flags"):
        SPACE.from_env([env.noop()] * 3, gui_open=[True])


def test_invalid_objects_are_rejected():
    with pytest.raises(actions.ActionError, match="not a canonical motion"):
        SPACE.format(MotionAction(move=("up",)))
    with pytest.raises(actions.ActionError, match="not a canonical motion"):
        SPACE.format(MotionAction(hotbar=(3, 1)))


def _axis(a, b):
    return st.sampled_from(
        [(), (a[0],), (a[1],), (b[0],), (b[1],)] + [(x, y) for x in a for y in b]
    )


motions = st.builds(
    MotionAction,
    move=_axis(("forward", "back"), ("left", "right")),
    state=st.sampled_from([None, "sprint", "sneak"]),
    turn=_axis(("left", "right"), ("up", "down")),
    cursor=_axis(("left", "right"), ("up", "down")),
    attack=st.booleans(),
    use=st.booleans(),
    operate_gui=st.booleans(),
    choose=st.booleans(),
    jump=st.booleans(),
    drop=st.booleans(),
    swap=st.booleans(),
    hotbar=st.lists(st.integers(1, 9), unique=True).map(lambda h: tuple(sorted(h))),
    gui=st.sampled_from([None, *GUI_PHRASES]),
)


@given(motions)
def test_round_trip(a):
    assert SPACE.parse(SPACE.format(a)) == a
    env.validate(SPACE.to_env(a), fill_missing=False)


world_motions = st.builds(
    MotionAction,
    move=_axis(("forward", "back"), ("left", "right")),
    state=st.sampled_from([None, "sprint", "sneak"]),
    turn=_axis(("left", "right"), ("up", "down")),
    attack=st.booleans(),
    use=st.booleans(),
    jump=st.booleans(),
    drop=st.booleans(),
    swap=st.booleans(),
    hotbar=st.lists(st.integers(1, 9), unique=True).map(lambda h: tuple(sorted(h))),
    gui=st.sampled_from([None, "open inventory"]),
)


@given(world_motions)
def test_world_motion_survives_env_and_back(a):
    """One tick of a world (no GUI) motion labels back to itself, one-shot keys included."""
    assert SPACE.from_env(SPACE.to_env(a), gui_open=[False, a.gui is not None]) == a
