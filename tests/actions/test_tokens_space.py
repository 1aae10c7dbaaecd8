"""`tokens`: OpenHA's reserved-token layout, checked against OpenHA's own OneActionTokenizer.

tests/fixtures/actions/openha_tokens_golden.json was made by running OpenHA's
OneActionTokenizer("qwen2_vl") outside this repo: "encode" = float32 env actions and the reserved
numbers N of the tokens it writes; "decode" = token sequences (N) and the joint action and env
action it decodes them to (through VPT's to_factored + policy2env, 21 bins, μ = 20).
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
from openha.actions.tokens import LAYOUT, TEMPLATE, TokenAction

GOLDEN = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "actions" / "openha_tokens_golden.json").read_text()
)
SPACE = actions.get("tokens")


def _text(numbers) -> str:
    return "".join(TEMPLATE.format(n) for n in numbers)


def test_encode_matches_openha_and_adds_the_inventory_token():
    n_inventory = 0
    for case in GOLDEN["encode"]:
        ours = SPACE.numbers(SPACE.from_env(env.make(case["on"], *case["camera"])))
        want = case["tokens"]
        if "inventory" in case["on"]:  # OpenHA's encoder never writes the inventory token
            n_inventory += 1
            want = want[:-3] + [177] + want[-3:]
        assert ours == want, case
    assert n_inventory > 10


def test_decode_matches_openha():
    for case in GOLDEN["decode"]:
        a = SPACE.parse_all(_text(case["ids"]))[-1]
        assert (a.buttons, a.camera) == (case["buttons"], case["camera"])
        e = SPACE.to_env(a)
        assert sorted(k for k in env.BUTTONS if e[k]) == sorted(case["on"])
        np.testing.assert_array_equal(e["camera"], np.float32(case["env_camera"]))


def test_layout_and_inventory_round_trip():
    assert len(LAYOUT) == 75
    inv = SPACE.from_env(env.make(["inventory"]))
    assert SPACE.numbers(inv) == [178, 177, 219, 240, 179]
    assert SPACE.to_env(SPACE.parse(SPACE.format(inv)))["inventory"] == 1
    legacy = actions.get("tokens", emit_inventory=False)
    assert legacy.numbers(inv) == [178, 219, 240, 179]  # OpenHA's (lossy) encoding


@pytest.mark.parametrize(
    ("numbers", "reason"),
    [
        ([], "no action"),
        ([178, 191], "missing the end token"),
        ([178, 999, 179], "reserved token 999 outside the layout"),
        ([178, 191, 192, 179], "second fore_back token"),
        ([191, 178, 179], "expected the begin token"),
    ],
)
def test_parse_errors(numbers, reason):
    with pytest.raises(actions.ParseError, match=reason):
        SPACE.parse(_text(numbers))


def test_text_between_tokens():
    with pytest.raises(actions.ParseError) as info:
        SPACE.parse(_text([178, 191]) + " and " + _text([179]))
    assert info.value.pos == 61 and "text between" in info.value.reason
    tolerant = actions.get("tokens", strict=False)
    assert tolerant.parse("Action: " + _text([178, 204, 179]) + " done").buttons == 4  # attack
    assert SPACE.parse(" \n".join(TEMPLATE.format(n) for n in [178, 204, 179])) is not None


@pytest.fixture(scope="module")
def hf_tokenizer():
    """A Hugging Face fast tokenizer built offline (word-level, three words)."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.WordLevel({"[UNK]": 0, "hello": 1, "world": 2}, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    return PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]")


def test_hugging_face_tokenizer(hf_tokenizer):
    with pytest.raises(actions.ActionError, match="lacks 75 layout tokens"):
        actions.get("tokens", tokenizer=hf_tokenizer)
    assert SPACE.add_to_tokenizer(hf_tokenizer) == 75
    assert SPACE.add_to_tokenizer(hf_tokenizer) == 0  # idempotent
    bound = actions.get("tokens", tokenizer=hf_tokenizer)
    a = env.make(["forward", "attack", "hotbar.4"], 3.0, -2.0)
    ids = bound.encode(a)
    assert hf_tokenizer.convert_ids_to_tokens(ids)[0] == TEMPLATE.format(178)
    # the tokenizer splits the formatted text into exactly these ids
    assert hf_tokenizer("hello " + bound.format(bound.from_env(a)))["input_ids"] == [1, *ids]
    back = bound.decode(ids)
    assert {k for k in env.BUTTONS if back[k]} == {"forward", "attack", "hotbar.4"}
    assert back["camera"].tolist() == bound.to_env(bound.from_env(a))["camera"].tolist()
    with pytest.raises(actions.ParseError, match="expected the begin token"):
        bound.decode([1, *ids])  # strict: nothing but actions
    lenient = actions.get("tokens", tokenizer=hf_tokenizer, strict=False)
    assert lenient.decode([1, *ids, 2])["forward"] == 1
    with pytest.raises(actions.ParseError) as info:
        bound.decode([ids[0], 1, ids[-1]])
    assert info.value.pos == 1 and "outside the action layout" in info.value.reason
    # the text the tokenizer decodes back parses too (it puts spaces between special tokens)
    assert bound.parse(hf_tokenizer.decode(ids)) == bound.from_env(a)


def test_openha_ids_for_qwen_style_vocabularies(hf_tokenizer):
    from tokenizers import Tokenizer, models
    from transformers import PreTrainedTokenizerFast

    tok = PreTrainedTokenizerFast(
        tokenizer_object=Tokenizer(models.WordLevel({"[UNK]": 0}, unk_token="[UNK]")),
        unk_token="[UNK]",
    )
    assert SPACE.add_to_tokenizer(tok, openha_ids=True) == 251
    space = actions.get("tokens", tokenizer=tok)
    assert space.encode(env.noop()) == [1 + 178, 1 + 219, 1 + 240, 1 + 179]  # base + N, as OpenHA


def test_needs_a_tokenizer_for_ids():
    with pytest.raises(actions.ActionError, match="no tokenizer bound"):
        SPACE.encode(env.noop())


def _token_actions():
    def build(groups, pitch, yaw, inventory):
        sizes = (10, 3, 3, 3, 2, 2, 2, 2)
        buttons = 0
        for g, size in enumerate(sizes):
            buttons = buttons * size + groups[g] % size
        buttons = buttons * 2 + int((pitch, yaw) != (10, 10))
        return TokenAction(8640 if inventory else buttons, pitch * 21 + yaw)

    return st.builds(
        build,
        st.lists(st.integers(0, 9), min_size=8, max_size=8),
        st.integers(0, 20),
        st.integers(0, 20),
        st.booleans(),
    )


@given(_token_actions())
def test_round_trip(a):
    assert SPACE.parse(SPACE.format(a)) == a
    env.validate(SPACE.to_env(a), fill_missing=False)


@given(
    st.lists(st.sampled_from(env.BUTTONS), unique=True),
    st.floats(-30, 30, width=32),
    st.floats(-30, 30, width=32),
)
def test_env_tokens_env_is_idempotent(pressed, pitch, yaw):
    t = SPACE.from_env(env.make(pressed, pitch, yaw))
    assert SPACE.from_env(SPACE.to_env(SPACE.parse(SPACE.format(t)))) == t
