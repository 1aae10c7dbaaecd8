"""Training samples from CoA shards: one (decision, space) pair per sample — the decision frame
(plus `history` earlier decision frames), the instruction, the output space and its target."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openha.coa.data import EXTRA
from openha.coa.model import MODES, CoAModelConfig, encode

MIXES = ("all", *MODES)


def mix_modes(mix: str) -> tuple[str, ...]:
    """The output spaces a `--mix` trains on."""
    if mix not in MIXES:
        raise ValueError(f"--mix {mix!r}: choose one of {', '.join(MIXES)}")
    return MODES if mix == "all" else (mix,)


class CoADataset:
    """A torch-style map dataset over CoA shards (lazy readers: fine in DataLoader workers)."""

    def __init__(self, paths: Sequence[str | Path], mix: str, cfg: CoAModelConfig):
        from data_pipeline.schema import ShardReader

        self.cfg, self.modes = cfg, mix_modes(mix)
        self.readers = [ShardReader(p) for p in paths]
        self.rows: list[tuple[int, str, int, str]] = []
        self._extra: dict[tuple[int, str], dict] = {}
        for r_i, reader in enumerate(self.readers):
            for ep in reader.episodes():
                if EXTRA not in reader.extra_names(ep):
                    raise ValueError(f"{reader.path}: episode {ep!r} has no CoA targets "
                                     "(extra/coa); build it with `openha data coa`")  # fmt: skip
                extra = reader.extra(ep, EXTRA)
                self._extra[(r_i, ep)] = extra
                for row in range(len(extra["frame"])):
                    self.rows += [(r_i, ep, row, mode) for mode in self.modes]

    def __len__(self) -> int:
        return len(self.rows)

    def sample(self, i: int) -> dict[str, Any]:
        r_i, ep, row, mode = self.rows[i]
        extra = self._extra[(r_i, ep)]
        picks = [extra["frame"][max(0, row - h)] for h in range(self.cfg.history, -1, -1)]
        reader = self.readers[r_i]
        frames = [reader.frames(ep, int(f), int(f) + 1)[0] for f in picks]
        return {"frames": frames, "instruction": extra["instruction"][row], "mode": mode,
                "target": extra[mode][row]}  # fmt: skip

    def __getitem__(self, i: int) -> dict[str, Any]:
        return self.sample(i)

    def texts(self) -> list[str]:
        """Every instruction and target (the tokenizer's corpus)."""
        out = []
        for extra in self._extra.values():
            out += list(extra["instruction"])
            for mode in MODES:
                out += list(extra[mode])
        return out


class Collator:
    """Batches samples with `model.encode` (picklable, for DataLoader workers)."""

    def __init__(self, tokenizer: Any, cfg: CoAModelConfig):
        self.tokenizer, self.cfg = tokenizer, cfg

    def __call__(self, samples: Sequence[dict]) -> dict:
        return encode(samples, self.tokenizer, self.cfg, train=True)
