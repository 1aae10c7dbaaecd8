"""`openai` planner: any OpenAI-compatible chat-completions endpoint (vLLM, SGLang, llama.cpp
server, `openha serve`). The view goes as a base64 PNG data URL; requests have a timeout, retries
with exponential backoff (timeouts, connection errors, 429/5xx, unreadable replies), a
process-wide concurrency limit per endpoint, and an optional on-disk response cache keyed by the
request's hash, so an evaluation can be replayed without the server.

    planner = make_planner("openai:http://localhost:8000/v1#qwen", cache_dir="runs/x/llm_cache")
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .base import PlannerError
from .chat import ChatPlanner

__all__ = ["OpenAIConfig", "OpenAIPlanner", "ChatClient"]

_SLOTS: dict[str, threading.BoundedSemaphore] = {}
_SLOTS_LOCK = threading.Lock()


@dataclass(frozen=True)
class OpenAIConfig:
    """`url` is the API base (`http://host:8000/v1`; `/chat/completions` is appended).
    `api_key_env` names the environment variable holding the key (sent only when set)."""

    url: str
    model: str
    timeout_s: float = 60.0
    retries: int = 3
    backoff_s: float = 0.5
    max_concurrency: int = 8
    cache_dir: str | None = None
    max_tokens: int = 256
    temperature: float = 0.0
    api_key_env: str = "OPENAI_API_KEY"

    def __post_init__(self) -> None:
        if not self.url.startswith(("http://", "https://")):
            raise PlannerError(f"openai planner url {self.url!r}: must start with http:// or https://")
        if not self.model:
            raise PlannerError("openai planner: no model name; write openai:URL#MODEL")
        if self.retries < 0 or self.timeout_s <= 0 or self.max_concurrency < 1:
            raise PlannerError("openai planner: retries >= 0, timeout_s > 0 and max_concurrency >= 1")


class ServerError(RuntimeError):
    """The endpoint failed after every retry (the message says how)."""


class ChatClient:
    """One OpenAI-compatible endpoint: `complete(messages) -> reply text`."""

    def __init__(self, config: OpenAIConfig):
        self.config = config
        self.endpoint = config.url.rstrip("/") + "/chat/completions"
        with _SLOTS_LOCK:
            self._slots = _SLOTS.setdefault(self.endpoint, threading.BoundedSemaphore(config.max_concurrency))
        self.requests = 0  # HTTP requests sent (cache hits send none)

    def body(self, messages: list[dict]) -> dict:
        c = self.config
        return {"model": c.model, "messages": messages, "max_tokens": c.max_tokens, "temperature": c.temperature}

    def complete(self, messages: list[dict]) -> str:
        body = self.body(messages)
        key = hashlib.sha256(json.dumps([self.endpoint, body], sort_keys=True).encode()).hexdigest()
        cached = self._cache_get(key)
        if cached is not None:
            return cached
        text = self._post(body)
        self._cache_put(key, body, text)
        return text

    def _post(self, body: dict) -> str:
        import httpx

        c = self.config
        headers = {"Content-Type": "application/json"}
        if os.environ.get(c.api_key_env):
            headers["Authorization"] = f"Bearer {os.environ[c.api_key_env]}"
        problems: list[str] = []
        for attempt in range(c.retries + 1):
            if attempt:
                time.sleep(c.backoff_s * 2 ** (attempt - 1))
            try:
                with self._slots:
                    self.requests += 1
                    r = httpx.post(self.endpoint, json=body, headers=headers, timeout=c.timeout_s)
            except httpx.TimeoutException:
                problems.append(f"timeout after {c.timeout_s:g} s")
                continue
            except httpx.HTTPError as e:
                problems.append(f"{type(e).__name__}: {e}")
                continue
            if r.status_code == 429 or r.status_code >= 500:
                problems.append(f"HTTP {r.status_code}")
                continue
            if r.status_code >= 400:
                raise ServerError(f"{self.endpoint}: HTTP {r.status_code}: {r.text[:200]}")
            try:
                return _reply_text(r.json())
            except (ValueError, KeyError, IndexError, TypeError) as e:
                problems.append(f"unreadable reply ({e}): {r.text[:80]!r}")
        raise ServerError(f"{self.endpoint}: {c.retries + 1} tries failed: " + "; ".join(problems))

    # -- replay cache -----------------------------------------------------------------------
    def _cache_path(self, key: str) -> Path | None:
        return Path(self.config.cache_dir) / f"{key}.json" if self.config.cache_dir else None

    def _cache_get(self, key: str) -> str | None:
        p = self._cache_path(key)
        if p is None or not p.exists():
            return None
        return json.loads(p.read_text())["reply"]

    def _cache_put(self, key: str, body: dict, text: str) -> None:
        p = self._cache_path(key)
        if p is None:
            return
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_suffix(f".tmp{os.getpid()}.{threading.get_ident()}")
        tmp.write_text(json.dumps({"model": body["model"], "reply": text}))
        os.replace(tmp, p)  # atomic: a reader never sees half a file


def _reply_text(payload: dict) -> str:
    content = payload["choices"][0]["message"]["content"]
    if isinstance(content, list):  # content parts
        content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
    if not isinstance(content, str):
        raise TypeError(f"message content is {type(content).__name__}")
    return content


class OpenAIPlanner(ChatPlanner):
    """Plans with a model behind an OpenAI-compatible server (registered as `openai:URL#model`)."""

    def __init__(self, config: OpenAIConfig, image_size: int = 224, budgets=None, style: str = "plan"):
        super().__init__(image_size, budgets, style)
        self.config = config
        self.client = ChatClient(config)
        self.name = f"openai:{config.model}"

    @classmethod
    def from_spec(cls, spec: str, **kwargs) -> OpenAIPlanner:
        """`URL#model`, e.g. `http://localhost:8000/v1#qwen2-vl`; kwargs set OpenAIConfig fields
        (and `image_size`)."""
        url, sep, model = spec.partition("#")
        if not sep:
            raise PlannerError(f"openai planner {spec!r}: write URL#MODEL, e.g. http://localhost:8000/v1#my-model")
        image_size, style = kwargs.pop("image_size", 224), kwargs.pop("style", "plan")
        return cls(OpenAIConfig(url=url, model=model, **kwargs), image_size=image_size, style=style)

    def complete(self, messages: list[dict]) -> str:
        return self.client.complete(messages)
