"""Fuzz every parser with ≥ 10,000 hypothesis strings: a value or a ParseError with a position,
never another exception; and whatever parses re-parses unchanged from its canonical form.

Strings come in batches of BATCH per example: hypothesis' per-example overhead (~1 ms) would
otherwise dominate (the parsers take ~10 µs), and the suite must stay fast on 2 cores."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openha import actions
from openha.actions import env as env_mod

N_STRINGS, BATCH = 10_000, 20
FUZZ = settings(
    max_examples=N_STRINGS // BATCH,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

COMMON = ["Action:", "action :", "Motion:", "Motion::", "Grounding:", "Skill:", "\n", " ", "  ",
          ",", " and ", "(", ")", "'", '"', "-", "+", ".", "e", "0", "1", "7", "999", "1e999",
          "<|", "|>", "\t", "é", "\x00", "no_op", "²", "١", "İ", "ſ", "K", "\u2003"]  # fmt: skip
PIECES = {
    "env": ['{', '}', '"forward"', '"attack"', '"camera"', ":", "[", "]", "1", "0", "2", "1.5",
            "-180", "181", "true", "null", '"foward"', '"hotbar.3"', "NaN", "1e400"],
    "vpt": ["buttons", "camera", "=", "8640", "8641", "60", "121", "0", "-1", "12"],
    "text": ["move", "press", "click", "left", "right", "middle", "w", "s", "space", "left.shift",
             "left.control", "escape", "f", "9", "12", "-3.5", "+.5", "1e3", "1200", "1201", "up"],
    "motion": ["move", "turn", "cursor move", "forward", "back", "backward", "left", "right", "up",
               "down", "sprint", "sneak", "jump", "drop", "swap", "switch to hotbar", "hotbar", "3",
               "attack / mine", "use/place", "place / use", "operate gui", "choose", "mine",
               "open inventory", "close inventory", "open gui", "close gui", "/", "fly"],
    "grounding": ["Mine", "Kill", "Approach", "Use", "Interact", "Craft", "Explore", "right click",
                  "move to", "move_camera", "no-op", "<|object_ref_start|>", "<|object_ref_end|>",
                  "<|point_start|>", "<|point_end|>", "(", "512", ",", "300", ")", "1000", "1001",
                  "oak log", "<|box_start|>"],
    "skill": ["mine", "craft", "smelt", "kill", "place", "equip", "eat", "fly", "oak_log",
              "iron_ingot", "cow", "bread", "stone", "crafting_table", "minecraft:", "oak_plank",
              "3", "0", "10001"],
    "tokens": [f"<|reserved_special_token_{n}|>" for n in (0, 175, 176, 177, 178, 178, 179, 179,
               180, 185, 191, 192, 195, 198, 200, 204, 206, 207, 208, 209, 219, 229, 230, 240, 250,
               251, 999)] + ["<|reserved_special_token_", "<|reserved_special_token_178"],
}  # fmt: skip
PIECES["coa"] = PIECES["text"] + PIECES["motion"][:12] + PIECES["grounding"][:16] + ["craft(stick)"]
VALID = {
    "env": ['{"forward": 1, "camera": [0.0, 4.5]}', "{}"],
    "vpt": ["buttons=300 camera=60", "buttons=8640 camera=0"],
    "text": ["Action: move(19, 0) and press(w, left.control) and click(left)", "Action: no_op"],
    "motion": ["Motion: move forward and move left, sprint, turn right and down, attack / mine",
               "Motion: cursor move left and up, operate gui, switch to hotbar 1, 2"],
    "grounding": ["Grounding: Mine <|object_ref_start|>oak log<|object_ref_end|><|point_start|>"
                  "(512,300),(10,20)<|point_end|>", "Grounding: Explore"],
    "skill": ["Skill: craft(wooden_pickaxe, 2)", "smelt(minecraft:iron_ingot)"],
    "coa": ["Grounding: Kill <|point_start|>(5,6)<|point_end|>\nAction: move(1, 2) and click(left)",
            "Skill: eat(bread)\nMotion: jump\nAction: press(space)"],
    "tokens": ["<|reserved_special_token_178|><|reserved_special_token_191|>"
               "<|reserved_special_token_204|><|reserved_special_token_219|>"
               "<|reserved_special_token_240|><|reserved_special_token_179|>"],
}  # fmt: skip


CONFUSABLE = {"s": "ſ", "k": "\u212a", "i": "İ", "I": "ı", "K": "k", "a": "A", "e": "E", "1": "١"}


def _mutate(base: str, edits: list[tuple[int, int, str]]) -> str:
    """Insert (0), delete (1) or replace (2) a character, or swap one for a case/Unicode
    look-alike (3), e.g. 's' -> 'ſ', which re.IGNORECASE would otherwise fold to 's'."""
    s = base
    for where, op, ch in edits:
        i = where % (len(s) + 1)
        if op == 0:
            s = s[:i] + ch + s[i:]
        elif op == 1:
            s = s[:i] + s[i + 1 :]
        elif op == 2:
            s = s[:i] + ch + s[i + 1 :]
        elif i < len(s):
            s = s[:i] + CONFUSABLE.get(s[i], s[i].swapcase()) + s[i + 1 :]
    return s


def strings(name: str) -> st.SearchStrategy[str]:
    pieces = st.sampled_from(PIECES[name] + COMMON)
    mutated = st.builds(
        _mutate,
        st.sampled_from(VALID[name]),
        st.lists(st.tuples(st.integers(0, 400), st.integers(0, 3), st.characters()), max_size=3),
    )
    return st.one_of(
        st.text(max_size=40),
        st.lists(pieces, max_size=16).map("".join),
        mutated,
    )


def _same(a, b) -> bool:
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)
    return a == b


def assert_round_trip(space, text: str) -> None:
    try:
        obj = space.parse(text)
    except actions.ParseError as err:
        assert 0 <= err.pos <= len(text)
        assert err.reason
        return
    again = space.parse(space.format(obj))
    assert _same(again, obj), (text, space.format(obj))
    if space.name != "skill":
        env_mod.validate(space.to_env(obj), fill_missing=False)


@pytest.mark.parametrize(
    "name", ["env", "vpt", "text", "motion", "grounding", "skill", "coa", "tokens"]
)
def test_fuzz_parser(name):
    space = actions.get(name)
    seen = []

    @FUZZ
    @given(st.lists(strings(name), min_size=BATCH, max_size=BATCH))
    def run(texts):
        for text in texts:
            assert_round_trip(space, text)
        seen.append(len(texts))

    run()
    assert sum(seen) >= N_STRINGS


def test_fuzz_strict_coa_and_tolerant_text():
    spaces = [actions.get("coa", strict=True), actions.get("text", strict=False)]

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.one_of(strings("coa"), strings("text")), min_size=BATCH, max_size=BATCH))
    def run(texts):
        for text in texts:
            for space in spaces:
                assert_round_trip(space, text)

    run()


def test_fuzz_token_ids():
    """decode(ids) of arbitrary id lists: an env action or a ParseError at an index."""
    from openha.actions.tokens import LAYOUT, TEMPLATE

    class IdentityVocab:  # duck-typed tokenizer: id = N
        def get_vocab(self):
            return {TEMPLATE.format(n): n for n in LAYOUT}

    space = actions.get("tokens", tokenizer=IdentityVocab())

    ids = st.lists(st.one_of(st.sampled_from([178, 179, 176, 177, 191, 204, 219, 240, 999]),
                             st.integers(-5, 300)), max_size=20)  # fmt: skip

    @settings(max_examples=200, deadline=None)
    @given(st.lists(ids, min_size=BATCH, max_size=BATCH))
    def run(batch):
        for seq in batch:
            try:
                env_mod.validate(space.decode(seq), fill_missing=False)
            except actions.ParseError as err:
                assert 0 <= err.pos <= len(seq)

    run()
