"""`openha serve`: a local HF (multimodal) causal model behind the OpenAI chat-completions API,
on Ray Serve (dynamic batching, replicas). See `openha.serve.app` and `openha/cli_serve.py`."""

from .app import ServeConfig, build_app, completion_payload, run_server

__all__ = ["ServeConfig", "build_app", "completion_payload", "run_server"]
