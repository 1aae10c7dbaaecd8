"""Agents `coa:PATH` (our Chain-of-Action checkpoints) and `hf:PATH` (OpenHA's Qwen2-VL releases,
or any local Qwen2-VL, with OpenHA's prompts). Both are `ModelAgent`s: the runner serves the
network (`openha.coa.serve`) and hands them a client.

    coa:checkpoints/coa-small                      output space from the checkpoint's mix
    coa:checkpoints/coa-small#mode=motion,sample=1,temperature=0.8
    hf:/models/openha-7b#space=coa                 space: coa | text | motion | grounding

A decision every k ticks (the checkpoint's `every`): the response is parsed with `openha.actions`
(`coa` or `tokens`; for hf also `motion` / `grounding`) and executed; a malformed response is a
no-op for the decision plus a recorded `error` in the trace — never an exception.
"""

from __future__ import annotations

import json
from collections import deque
from pathlib import Path
from typing import Any

from openha.actions import ActionError, get
from openha.actions.env import noop
from openha.agent.base import ModelClient, ModelSpec
from openha.coa import labels, vision


def _options(arg: str) -> tuple[str, dict[str, str]]:
    path, _, opts = arg.partition("#")
    kw = dict(p.split("=", 1) for p in opts.split(",") if "=" in p)
    return path, kw


def _truthy(v: Any) -> bool:
    return str(v).lower() in ("1", "true", "yes", "on")


def decode_response(text: str, mode: str) -> tuple[dict, str | None, str | None]:
    """(env action for one tick, abstract step text or None, error or None)."""
    try:
        if mode == "tokens":
            return get("tokens").to_env(get("tokens", strict=False).parse(text)), None, None
        coa = get("coa").parse(text)
        plan = get("coa").format(coa).rsplit("\n", 1)[0] if coa.steps else None
        return get("coa").to_env(coa), plan, "; ".join(coa.notes) or None
    except ActionError as err:  # ParseError included
        return noop(), None, f"{type(err).__name__}: {err}"


class _DecisionAgent:
    """Shared loop: ask the model every `every` ticks, queue the decision's env actions."""

    name = "model"
    needs_pov = True

    def __init__(self, every: int, history: int, size: int):
        self.every, self.history, self.size = int(every), int(history), int(size)
        self.client: ModelClient | None = None
        self.instruction = ""
        self.queue: deque = deque()
        self.frames: deque = deque(maxlen=self.history + 1)
        self.errors = 0

    def attach(self, client: ModelClient) -> None:
        self.client = client

    def reset(self, task: Any, obs: Any = None, info: Any = None) -> None:
        self.instruction = str(getattr(task, "instruction", "") or getattr(task, "id", ""))
        self.queue.clear()
        self.frames.clear()
        self.errors = 0

    def request(self, frames: list) -> dict:
        raise NotImplementedError

    def decide(self, response: str, obs: Any) -> tuple[list[dict], str | None, str | None]:
        raise NotImplementedError

    def act(self, obs: Any, info: Any = None) -> tuple[dict, dict]:
        if self.client is None:
            raise RuntimeError(f"{self.name}: no model client; the runner calls attach() first")
        trace: dict[str, Any] = {}
        if not self.queue:
            frame = vision.resize(obs["pov"], self.size)
            while len(self.frames) < self.history:
                self.frames.append(frame)  # start of an episode: repeat the first frame
            self.frames.append(frame)
            response = self.client.infer(self.request(list(self.frames)))
            actions, plan, error = self.decide(str(response), obs)
            self.errors += error is not None
            self.queue.extend(actions)
            trace = {"text": response, "plan": plan, "error": error}
        return self.queue.popleft(), trace


class CoAAgent(_DecisionAgent):
    """`coa:PATH[#mode=…,sample=0|1,temperature=T]` (module doc)."""

    name = "coa"

    def __init__(self, path: str, mode: str | None = None, sample: bool = False,
                 temperature: float = 1.0):  # fmt: skip
        from openha.coa.dataset import mix_modes
        from openha.coa.model import MODES, CoAModelConfig

        self.path = str(Path(path).resolve())
        cfg = CoAModelConfig.load(self.path)
        run = Path(self.path, "coa_run.json")
        mix = json.loads(run.read_text()).get("mix", "all") if run.exists() else "all"
        self.mode = mode or ("grounding" if mix == "all" else mix_modes(mix)[0])
        if self.mode not in MODES:
            raise ValueError(f"coa agent: mode {self.mode!r}; choose one of {', '.join(MODES)}")
        self.sample, self.temperature = bool(sample), float(temperature)
        super().__init__(cfg.every, cfg.history, cfg.image_size)

    def model_spec(self) -> ModelSpec:
        return ModelSpec.of("openha.coa.serve:CoAServer", max_batch=8, path=self.path,
                            sample=self.sample, temperature=self.temperature)  # fmt: skip

    def request(self, frames: list) -> dict:
        return {"frames": frames, "instruction": self.instruction, "mode": self.mode}

    def decide(self, response: str, obs: Any) -> tuple[list[dict], str | None, str | None]:
        action, plan, error = decode_response(response, self.mode)
        return labels.expand(action, self.every), plan, error


class HFAgent(_DecisionAgent):
    """`hf:PATH[#space=coa|mix|text|motion|grounding,sample=…,every=K]`: OpenHA's prompts; coa/mix/text
    execute the `Action:`, motion its phrase for k ticks, grounding the grounding controller."""

    name = "hf"

    def __init__(self, path: str, space: str = "coa", sample: bool = False,
                 temperature: float = 1.0, every: int = 4, size: int = 224,
                 max_new_tokens: int = 256):  # fmt: skip
        from openha.coa.prompts import PROMPT_FILES

        if space not in PROMPT_FILES:
            raise ValueError(f"hf agent: space {space!r}; choose one of {', '.join(PROMPT_FILES)}")
        self.path, self.space = str(Path(path).resolve()), space
        self.sample, self.temperature = bool(sample), float(temperature)
        self.max_new_tokens = int(max_new_tokens)
        super().__init__(every, 0, size)

    def model_spec(self) -> ModelSpec:
        return ModelSpec.of("openha.coa.serve:HFServer", max_batch=8, path=self.path,
                            sample=self.sample, temperature=self.temperature,
                            max_new_tokens=self.max_new_tokens)  # fmt: skip

    def request(self, frames: list) -> dict:
        return {"frames": frames, "instruction": self.instruction, "space": self.space}

    def decide(self, response: str, obs: Any) -> tuple[list[dict], str | None, str | None]:
        try:
            if self.space == "motion":
                phrase = get("motion").parse(response)
                return get("motion").to_env_sequence(phrase, self.every), response, None
            if self.space == "grounding":
                ctrl = get("grounding").controller(timeout=40)
                ctrl.reset(get("grounding", strict=False).parse(response), obs)
                out = []
                while not ctrl.done and len(out) < 40:
                    out.append(ctrl.step(obs))
                return out or [noop()], response, None
        except ActionError as err:
            return [noop()], None, f"{type(err).__name__}: {err}"
        action, plan, error = decode_response(response, "coa")
        return labels.expand(action, self.every), plan, error


def coa_agent(arg: str) -> CoAAgent:
    path, kw = _options(arg)
    return CoAAgent(path, mode=kw.get("mode"), sample=_truthy(kw.get("sample", 0)),
                    temperature=float(kw.get("temperature", 1.0)))  # fmt: skip


def coa_small() -> CoAAgent:
    """The shipped `checkpoints/coa-small` (all-in-one Chain-of-Action model)."""
    import checkpoints

    return CoAAgent(str(checkpoints.path("coa-small")))


def hf_agent(arg: str, action_space: str | None = None) -> HFAgent:
    path, kw = _options(arg)
    return HFAgent(path, space=action_space or kw.get("space", "coa"),
                   sample=_truthy(kw.get("sample", 0)),
                   temperature=float(kw.get("temperature", 1.0)),
                   every=int(kw.get("every", 4)))  # fmt: skip
