"""`tokens` — RT-2-style action tokens in OpenHA's reserved-token layout, for VLA training.

An action is VPT's joint action with 21 camera bins per axis (mu-law μ = 20, ±10°, bins of 1°),
written as one token per non-empty button group between a begin and an end token:

    group        size  tokens (<|reserved_special_token_N|>, digit d -> N = first + d)
    begin / end     -  178 / 179
    hotbar         10  180-189      none, 1 … 9
    fore_back       3  190-192      none, forward, back
    left_right      3  193-195      none, left, right
    sprint_sneak    3  196-198      none, sprint, sneak
    use, drop,      2  199-200, 201-202, 203-204, 205-206
    attack, jump
    camera flag     2  207-208      derived from pitch/yaw; never written
    inventory       2  176-177
    pitch, yaw     21  209-229, 230-250   (always written; 10 = no move)

Example: `<|reserved_special_token_178|><|reserved_special_token_191|><|reserved_special_token_204|>
<|reserved_special_token_219|><|reserved_special_token_240|><|reserved_special_token_179|>`
(forward + attack, no camera move; written without the line break). Unlike OpenHA's encoder,
the inventory token is written. Several begin…end blocks ⇒ the last counts.

`parse`/`format` work on the token text alone; `encode(env_action) -> ids` and
`decode(ids) -> env_action` need a Hugging Face tokenizer (`get("tokens", tokenizer=tok)`),
whose missing tokens `add_to_tokenizer` adds as special tokens (no transformers import here).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from openha.actions.base import ActionError, ActionSpace, ParseError, register
from openha.actions.vpt import INVENTORY, N_BUTTONS, VPTSpace

TEMPLATE = "<|reserved_special_token_{}|>"
BEGIN, END = 178, 179
GROUPS = ("hotbar", "fore_back", "left_right", "sprint_sneak", "use", "drop", "attack", "jump",
          "camera", "inventory", "pitch", "yaw")  # fmt: skip
SIZES = (10, 3, 3, 3, 2, 2, 2, 2, 2, 2, 21, 21)
FIRST = (180, 190, 193, 196, 199, 201, 203, 205, 207, 176, 209, 230)
CAMERA, INV, PITCH, YAW = 8, 9, 10, 11
NULL_BIN = 10
_DIGIT_OF = {
    first + d: (g, d)
    for g, (first, n) in enumerate(zip(FIRST, SIZES, strict=True))
    for d in range(n)
}
LAYOUT = tuple(sorted({BEGIN, END, *_DIGIT_OF}))  # every reserved number the layout uses
_TOKEN = re.compile(r"<\|reserved_special_token_(\d{1,6})\|>", re.A)


@dataclass(frozen=True)
class TokenAction:
    """VPT joint action in the 21-bin camera space: buttons ∈ [0, 8641), camera ∈ [0, 441)."""

    buttons: int
    camera: int

    def digits(self) -> tuple[int, ...]:
        """OpenHA's group digits (decimal_action_2_group_action)."""
        out = [0] * len(GROUPS)
        if self.buttons == INVENTORY:
            out[INV] = 1
        else:
            b = self.buttons
            for g in range(CAMERA, -1, -1):
                b, out[g] = divmod(b, SIZES[g])
        out[PITCH], out[YAW] = divmod(self.camera, SIZES[YAW])
        return tuple(out)

    @classmethod
    def from_digits(cls, digits: Sequence[int]) -> TokenAction:
        """OpenHA's group_action_2_decimal_action, the camera flag set when the camera moves."""
        d = list(digits)
        if (d[PITCH], d[YAW]) != (NULL_BIN, NULL_BIN):
            d[CAMERA] = 1
        buttons = 0
        for g in range(CAMERA + 1):
            buttons = buttons * SIZES[g] + d[g]
        return cls(INVENTORY if d[INV] else buttons, d[PITCH] * SIZES[YAW] + d[YAW])


def _blocks(
    items: Sequence[int | None], starts: Sequence[int] | None, text: Any, strict: bool, space: str
) -> list[TokenAction]:
    """Actions from reserved numbers (None = a token outside the layout). Error positions are
    starts[i] (characters) when given, else token indices."""

    def pos(i: int) -> int:
        if starts is None:
            return i
        return starts[i] if i < len(starts) else len(text)

    actions, i = [], 0
    while i < len(items):
        if items[i] != BEGIN:
            if strict:
                raise ParseError(
                    f"expected the begin token {TEMPLATE.format(BEGIN)}", text, pos(i), space
                )
            i += 1
            continue
        digits = [0] * len(GROUPS)
        digits[PITCH] = digits[YAW] = NULL_BIN
        seen, j = set(), i + 1
        while True:
            if j >= len(items):
                raise ParseError(
                    f"missing the end token {TEMPLATE.format(END)}", text, pos(j), space
                )
            n = items[j]
            if n == END:
                break
            if n not in _DIGIT_OF:
                what = (
                    "a token outside the action layout"
                    if n is None
                    else f"reserved token {n} outside the layout"
                )
                raise ParseError(what, text, pos(j), space)
            g, d = _DIGIT_OF[n]
            if g in seen and strict:
                raise ParseError(f"second {GROUPS[g]} token in one action", text, pos(j), space)
            seen.add(g)
            digits[g] = d
            j += 1
        actions.append(TokenAction.from_digits(digits))
        i = j + 1
    if not actions:
        raise ParseError(
            f"no action: expected {TEMPLATE.format(BEGIN)} … {TEMPLATE.format(END)}",
            text,
            pos(0),
            space,
        )
    return actions


@register("tokens")
@dataclass
class TokensSpace(ActionSpace):
    """OpenHA's action-token layout (module doc); bind a HF tokenizer for ids."""

    tokenizer: Any = None
    strict: bool = True
    emit_inventory: bool = True
    name: str = field(default="tokens", repr=False)

    def __post_init__(self) -> None:
        self.vpt = VPTSpace(camera_maxval=10, camera_binsize=1, camera_mu=20)
        self._id_of: dict[int, int] | None = None
        if self.tokenizer is not None:
            self.bind(self.tokenizer)

    # ---- text ------------------------------------------------------------------------
    def parse(self, text: str) -> TokenAction:
        return self.parse_all(text)[-1]

    def parse_all(self, text: str) -> list[TokenAction]:
        if not isinstance(text, str):
            raise ParseError(f"expected a string, got {type(text).__name__}", "", 0, self.name)
        items, starts, pos = [], [], 0
        for m in _TOKEN.finditer(text):
            gap = text[pos : m.start()]
            if gap.strip() and self.strict:
                raise ParseError(
                    "text between action tokens",
                    text,
                    pos + len(gap) - len(gap.lstrip()),
                    self.name,
                )
            starts.append(m.start())
            items.append(int(m.group(1)))
            pos = m.end()
        rest = text[pos:]
        if rest.strip() and self.strict:
            raise ParseError(
                "text after the action tokens",
                text,
                pos + len(rest) - len(rest.lstrip()),
                self.name,
            )
        return _blocks(items, starts, text, self.strict, self.name)

    def format(self, obj: TokenAction) -> str:
        return "".join(TEMPLATE.format(n) for n in self.numbers(obj))

    def numbers(self, obj: TokenAction) -> list[int]:
        """The reserved numbers N of the action's tokens, begin and end included."""
        self._check(obj)
        d = obj.digits()
        out = [BEGIN] + [FIRST[g] + d[g] for g in range(CAMERA) if d[g]]
        if d[INV] and self.emit_inventory:
            out.append(FIRST[INV] + 1)
        return out + [FIRST[PITCH] + d[PITCH], FIRST[YAW] + d[YAW], END]

    # ---- env -------------------------------------------------------------------------
    def from_env(self, env_action: Mapping[str, Any]) -> TokenAction:
        j = self.vpt.from_env(env_action)
        return TokenAction(j["buttons"], j["camera"])

    def to_env(self, obj: TokenAction, obs: Any = None) -> dict:
        self._check(obj)
        return self.vpt.to_env({"buttons": obj.buttons, "camera": obj.camera})

    def _check(self, obj: Any) -> None:
        if not isinstance(obj, TokenAction):
            raise ActionError(f"tokens: expected a TokenAction, got {type(obj).__name__}")
        if not (0 <= obj.buttons < N_BUTTONS and 0 <= obj.camera < self.vpt.n_camera):
            raise ActionError(
                f"tokens: {obj!r} outside buttons [0, {N_BUTTONS}), camera [0, {self.vpt.n_camera})"
            )

    # ---- ids (Hugging Face tokenizer) ----------------------------------------------------
    def add_to_tokenizer(self, tokenizer: Any, openha_ids: bool = False) -> int:
        """Add the layout's tokens the tokenizer lacks as special tokens; returns how many
        (then resize the model's embeddings and bind: `get("tokens", tokenizer=tok)`).

        openha_ids=True adds <|reserved_special_token_0…250|> in order, so a Qwen2-VL tokenizer
        gets OpenHA's ids (151657 + N)."""
        vocab = tokenizer.get_vocab()
        wanted = range(251) if openha_ids else LAYOUT
        new = [TEMPLATE.format(n) for n in wanted if TEMPLATE.format(n) not in vocab]
        return tokenizer.add_tokens(new, special_tokens=True) if new else 0

    def bind(self, tokenizer: Any) -> TokensSpace:
        """Use this tokenizer for ids; every layout token must be in its vocabulary."""
        vocab = tokenizer.get_vocab()
        missing = [TEMPLATE.format(n) for n in LAYOUT if TEMPLATE.format(n) not in vocab]
        if missing:
            raise ActionError(
                f"tokens: tokenizer lacks {len(missing)} layout tokens (e.g. {missing[0]}); "
                "call space.add_to_tokenizer(tokenizer) and resize the model's embeddings"
            )
        self.tokenizer = tokenizer
        self._id_of = {n: vocab[TEMPLATE.format(n)] for n in LAYOUT}
        self._n_of = {i: n for n, i in self._id_of.items()}
        return self

    def encode(self, env_action: Mapping[str, Any]) -> list[int]:
        """Env action -> token ids."""
        id_of = self._need_ids()
        return [id_of[n] for n in self.numbers(self.from_env(env_action))]

    def decode(self, ids: Sequence[int]) -> dict:
        """Token ids (e.g. generated) -> env action; ParseError (position = index) if malformed."""
        self._need_ids()
        try:
            items = [self._n_of.get(int(i)) for i in ids]
        except (TypeError, ValueError):
            raise ParseError("ids must be integers", list(ids), 0, self.name) from None
        return self.to_env(_blocks(items, None, list(ids), self.strict, self.name)[-1])

    def _need_ids(self) -> dict[int, int]:
        if self._id_of is None:
            raise ActionError(
                "tokens: no tokenizer bound; use actions.get('tokens', tokenizer=tok)"
            )
        return self._id_of
