"""The Ray Serve application behind `openha serve`: `POST /v1/chat/completions` (OpenAI format:
messages with text and base64 data-URL images), `GET /v1/models`, `GET /health`. Requests
arriving together are batched (`@serve.batch`) into one `generate` call; `replicas` copies of the
model share the load (one per GPU or CPU slot; on a cluster they spread over nodes).
"""

import asyncio
import signal
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ServeConfig", "build_app", "completion_payload", "run_server"]


@dataclass(frozen=True)
class ServeConfig:
    """`model` is a folder saved with `save_pretrained` (never downloaded); `name` is the model
    id clients send (default: the folder name)."""

    model: str
    name: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    replicas: int = 1
    max_batch: int = 8
    batch_wait_ms: float = 20.0
    device: str = "cpu"
    max_new_tokens: int = 128
    cpus_per_replica: float = 1.0
    gpus_per_replica: float = 0.0

    def __post_init__(self) -> None:
        if not (Path(self.model) / "config.json").is_file():
            raise ValueError(f"--model {self.model}: no config.json there; point it at a folder "
                             "saved with save_pretrained")
        if self.replicas < 1 or self.max_batch < 1 or not 0 < self.port < 65536:
            raise ValueError("--replicas and --max-batch must be >= 1 and --port in 1-65535")

    @property
    def model_id(self) -> str:
        return self.name or Path(self.model).name


def completion_payload(model: str, text: str, prompt_tokens: int = 0, completion_tokens: int = 0) -> dict:
    """An OpenAI `chat.completion` response body."""
    return {"id": f"chatcmpl-{uuid.uuid4().hex[:24]}", "object": "chat.completion", "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens}}


def _check_body(body) -> str | None:
    if not isinstance(body, dict):
        return "the body must be a JSON object with 'messages'"
    msgs = body.get("messages")
    if not isinstance(msgs, list) or not msgs:
        return "'messages' must be a non-empty list of {role, content}"
    for i, m in enumerate(msgs):
        if not isinstance(m, dict) or "role" not in m or not isinstance(m.get("content"), str | list):
            return f"messages[{i}] needs 'role' and 'content' (a string or a list of parts)"
    if "max_tokens" in body and not (isinstance(body["max_tokens"], int) and body["max_tokens"] > 0):
        return "'max_tokens' must be a positive integer"
    return None


def build_app(cfg: ServeConfig):
    """The Ray Serve application (bound deployment) for `cfg`."""
    from fastapi import FastAPI, Request
    from fastapi.responses import JSONResponse
    from ray import serve

    api = FastAPI(title="openha serve")

    @serve.deployment(num_replicas=cfg.replicas,
                      ray_actor_options={"num_cpus": cfg.cpus_per_replica, "num_gpus": cfg.gpus_per_replica})
    @serve.ingress(api)
    class ChatServer:
        def __init__(self, config: ServeConfig):
            from openha.planners.hf import HFChatConfig, HFChatModel

            self.cfg = config
            self.model = HFChatModel(config.model, HFChatConfig(device=config.device,
                                                                max_new_tokens=config.max_new_tokens))
            self.batches: list[int] = []  # sizes of the batches run (for /health)

        @serve.batch(max_batch_size=cfg.max_batch, batch_wait_timeout_s=cfg.batch_wait_ms / 1000)
        async def generate(self, items: list[tuple[list, int]]) -> list:
            self.batches.append(len(items))
            longest = max(n for _, n in items)
            try:
                return await asyncio.to_thread(self.model.generate, [m for m, _ in items], longest)
            except Exception as e:  # one bad request must not fail the whole server
                return [e] * len(items)

        @api.post("/v1/chat/completions")
        async def chat(self, request: Request):
            try:
                body = await request.json()
            except ValueError:
                return JSONResponse({"error": {"message": "body is not JSON"}}, status_code=400)
            problem = _check_body(body)
            if problem:
                return JSONResponse({"error": {"message": problem}}, status_code=400)
            n = int(body.get("max_tokens") or self.cfg.max_new_tokens)
            out = await self.generate((body["messages"], min(n, self.cfg.max_new_tokens * 8)))
            if isinstance(out, Exception):
                return JSONResponse({"error": {"message": f"{type(out).__name__}: {out}"}}, status_code=400)
            return completion_payload(self.cfg.model_id, out)

        @api.get("/v1/models")
        async def models(self):
            return {"object": "list", "data": [{"id": self.cfg.model_id, "object": "model", "owned_by": "openha"}]}

        @api.get("/health")
        async def health(self):
            return {"status": "ok", "model": self.cfg.model_id, "batches": self.batches[-50:]}

    return ChatServer.bind(cfg)


def run_server(cfg: ServeConfig, address: str | None = None, ready=print) -> None:
    """Start (or join) Ray, deploy, call `ready(url)`, and serve until Ctrl-C or SIGTERM."""
    from ray import serve

    from openha.ray_session import ray_session

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    with ray_session(cfg.replicas, address):
        serve.start(http_options={"host": cfg.host, "port": cfg.port})
        try:
            serve.run(build_app(cfg), name="openha-serve", route_prefix="/", blocking=False)
            ready(f"http://{cfg.host}:{cfg.port}/v1")
            while True:
                time.sleep(1.0)
        except KeyboardInterrupt:
            pass
        finally:
            serve.shutdown()
