"""`vpt` is bit-exact with OpenAI VPT's ActionTransformer + CameraHierarchicalMapping.

tests/fixtures/actions/vpt_golden.npz holds vectors made by running VPT's own lib/actions.py and
lib/action_mapping.py (numpy 2) on random actions, conflicting buttons, camera values at and
±1-4 ulps around every bin boundary (float32 and float64) and huge moves; "vpt" = 11 bins μ=10
(the released agent), "tok" = 21 bins μ=20 bins of 1 (OpenHA's action tokens).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from openha import actions
from openha.actions import env
from openha.actions.vpt import FACTORED_BUTTONS, INVENTORY, N_BUTTONS, VPTSpace

GOLDEN = np.load(Path(__file__).parents[1] / "fixtures" / "actions" / "vpt_golden.npz")
SPACES = {"vpt": actions.get("vpt"), "tok": VPTSpace(camera_binsize=1, camera_mu=20)}


def _bits(key: str) -> np.ndarray:
    return np.unpackbits(GOLDEN[key], axis=1)[:, : len(FACTORED_BUTTONS)]


@pytest.mark.parametrize("tag", ["vpt", "tok"])
@pytest.mark.parametrize("dtype", ["f32", "f64"])
def test_from_env_matches_vpt_bit_for_bit(tag, dtype):
    space = SPACES[tag]
    buttons = _bits(f"{tag}_from_buttons")
    batch = {k: buttons[:, i] for i, k in enumerate(FACTORED_BUTTONS)}
    batch["camera"] = GOLDEN[f"{tag}_from_cam_{dtype}"]
    _, bins = space.env_to_factored(batch)
    np.testing.assert_array_equal(bins, GOLDEN[f"{tag}_from_{dtype}_bins"])
    joint = space.from_env_batch(batch)
    np.testing.assert_array_equal(joint["buttons"], GOLDEN[f"{tag}_from_{dtype}_joint_buttons"])
    np.testing.assert_array_equal(joint["camera"], GOLDEN[f"{tag}_from_{dtype}_joint_camera"])
    for t in range(0, len(buttons), 5):  # the single-action path agrees too
        a = {k: int(buttons[t, i]) for i, k in enumerate(FACTORED_BUTTONS)}
        a["camera"] = batch["camera"][t]
        assert space.from_env(a) == {"buttons": joint["buttons"][t], "camera": joint["camera"][t]}


@pytest.mark.parametrize("tag", ["vpt", "tok"])
def test_to_env_matches_vpt_bit_for_bit(tag):
    space = SPACES[tag]
    jb = GOLDEN[f"{tag}_to_joint_buttons"].astype(np.int64)
    jc = GOLDEN[f"{tag}_to_joint_camera"].astype(np.int64)
    want_buttons, want_camera = _bits(f"{tag}_to_buttons"), GOLDEN[f"{tag}_to_camera_f64"]
    factored, bins = space.joint_to_factored(jb, jc)
    np.testing.assert_array_equal(factored, want_buttons)
    degrees = space.camera_degrees[bins[:, 0] * space.n_bins + bins[:, 1]]
    np.testing.assert_array_equal(degrees, want_camera)  # float64, exactly VPT's values
    out = space.to_env_batch({"buttons": jb, "camera": jc})
    np.testing.assert_array_equal(np.stack([out[k] for k in FACTORED_BUTTONS], 1), want_buttons)
    np.testing.assert_array_equal(out["camera"], want_camera.astype(np.float32))
    for t in range(0, len(jb), 11):
        a = space.to_env({"buttons": int(jb[t]), "camera": int(jc[t])})
        assert [a[k] for k in FACTORED_BUTTONS] == want_buttons[t].tolist()
        np.testing.assert_array_equal(a["camera"], want_camera[t].astype(np.float32))
        assert a["ESC"] == a["pickItem"] == a["swapHands"] == 0


def test_space_sizes_and_null_action():
    space = actions.get("vpt")
    assert N_BUTTONS == 8641 and space.n_camera == 121 and space.camera_null == 60
    assert space.null == {"buttons": 0, "camera": 60}
    assert space.from_env(env.noop()) == space.null
    assert env.is_noop(space.to_env(space.null))
    assert space.is_null(env.make((), 0.04, -0.04))  # rounds to the zero bin
    assert not space.is_null(env.make(("attack",)))
    assert space.is_null(env.make(("ESC", "swapHands")))  # VPT ignores these buttons


def test_conflicts_inventory_and_clipping():
    space = actions.get("vpt")
    both = space.to_env(space.from_env(env.make(["forward", "back", "left", "sprint", "sneak"])))
    assert [both[k] for k in ("forward", "back", "left", "sprint", "sneak")] == [0, 0, 1, 0, 1]
    hot = space.to_env(space.from_env(env.make(["hotbar.2", "hotbar.7"])))
    assert hot["hotbar.7"] == 1 and hot["hotbar.2"] == 0
    inv = space.from_env(env.make(["inventory", "forward", "attack"], 5.0, 5.0))
    assert inv == {"buttons": INVENTORY, "camera": 60}
    big = space.to_env(space.from_env(env.make((), 170.0, -45.0)))
    assert big["camera"].tolist() == [10.0, -10.0]
    # a camera class is ignored while the joint button says "camera off", as in VPT
    assert space.to_env({"buttons": 0, "camera": 0})["camera"].tolist() == [0.0, 0.0]


def test_batch_helpers_and_errors():
    space = actions.get("vpt")
    seq = [env.make(["forward"], 0.0, 3.0), env.noop(), env.make(["inventory"])]
    joint = space.from_env_batch(env.stack(seq))
    assert joint["buttons"].tolist() == [space.from_env(a)["buttons"] for a in seq]
    assert space.is_null_batch(env.stack(seq)).tolist() == [False, True, False]
    with pytest.raises(actions.ActionError, match="outside"):
        space.to_env({"buttons": 8641, "camera": 0})
    with pytest.raises(actions.ActionError, match="not an integer"):
        space.to_env({"buttons": 1.5, "camera": 0})
    with pytest.raises(actions.ParseError, match="outside"):
        space.parse("buttons=9999 camera=3")


def _max_bin_error(space) -> float:
    q, deg = space.quantizer, space.camera_degrees[: space.n_bins * space.n_bins : space.n_bins, 0]
    edges = [q.undiscretize(k + 0.5) for k in range(q.n_bins - 1)]  # boundaries in degrees
    return max(max(e - deg[k], deg[k + 1] - e) for k, e in enumerate(edges))


@given(
    st.lists(st.sampled_from(env.BUTTONS), unique=True),
    st.floats(-180, 180, width=32),
    st.floats(-180, 180, width=32),
)
def test_env_vpt_env_round_trip(pressed, pitch, yaw):
    space = actions.get("vpt")
    a = env.make(pressed, pitch, yaw)
    joint = space.from_env(a)
    b = space.to_env(joint)
    assert space.from_env(b) == joint  # idempotent
    kept = set(pressed) - {"ESC", "pickItem", "swapHands"}
    if "inventory" in kept:
        assert [k for k in env.BUTTONS if b[k]] == ["inventory"]
        return
    for x, y in (("forward", "back"), ("left", "right")):
        if {x, y} <= kept:
            kept -= {x, y}
    if {"sprint", "sneak"} <= kept:
        kept.discard("sprint")
    hot = sorted(k for k in kept if k.startswith("hotbar"))
    kept -= set(hot[:-1])
    assert {k for k in env.BUTTONS if b[k]} == kept
    err = np.abs(b["camera"].astype(np.float64) - np.clip(a["camera"], -10, 10))
    assert np.all(err <= _max_bin_error(space) + 1e-5), (a["camera"], b["camera"])


@given(st.integers(0, N_BUTTONS - 1), st.integers(0, 120))
def test_text_round_trip(buttons, camera):
    space = actions.get("vpt")
    obj = {"buttons": buttons, "camera": camera}
    assert space.parse(space.format(obj)) == obj
