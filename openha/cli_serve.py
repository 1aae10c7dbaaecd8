"""`openha serve` (mounted by `openha/cli.py`): a local HF model behind the OpenAI chat API on
Ray Serve, for the `openai:URL#model` planner and any other OpenAI client."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def serve_cmd(
    model: Annotated[Path, typer.Option("--model", help="Folder of a saved HF (multimodal) causal model.")],
    port: Annotated[int, typer.Option(help="HTTP port.")] = 8000,
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0: every interface).")] = "127.0.0.1",
    address: Annotated[str | None, typer.Option(help="Join a Ray cluster: auto | HOST:PORT | ray://HOST:10001 (default: start Ray locally).")] = None,
    name: Annotated[str | None, typer.Option(help="Model id clients send (default: the folder name).")] = None,
    replicas: Annotated[int, typer.Option(help="Copies of the model (spread over the cluster).")] = 1,
    max_batch: Annotated[int, typer.Option(help="Requests batched into one generate call.")] = 8,
    batch_wait_ms: Annotated[float, typer.Option(help="How long a batch waits to fill.")] = 20.0,
    device: Annotated[str, typer.Option(help="cpu | cuda | cuda:N.")] = "cpu",
    gpus_per_replica: Annotated[float, typer.Option(help="GPUs reserved per replica (Ray resources).")] = 0.0,
    max_new_tokens: Annotated[int, typer.Option(help="Default reply length in tokens.")] = 128,
):
    """Serve a local model over the OpenAI-compatible chat API (POST /v1/chat/completions)."""
    from openha.serve import ServeConfig, run_server

    try:
        cfg = ServeConfig(model=str(model), name=name, host=host, port=port, replicas=replicas,
                          max_batch=max_batch, batch_wait_ms=batch_wait_ms, device=device,
                          max_new_tokens=max_new_tokens, gpus_per_replica=gpus_per_replica)
    except ValueError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from None
    run_server(cfg, address, ready=lambda url: typer.echo(f"serving {cfg.model_id} at {url} "
                                                          f"(OpenAI chat API; Ctrl-C stops)", err=False))


def main() -> None:
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command("serve")(serve_cmd)
    app()


if __name__ == "__main__":
    main()
