"""Agents (DESIGN.md "Agents"): the protocol, the shared trace format and one registry.

    from openha.agent import make_agent
    agent = make_agent("random")          # or "expert", "policy:PATH", "chaos:kill@5" …
"""

from .base import (
    TRACE_FIELDS,
    Agent,
    BatchModel,
    LocalModelClient,
    ModelAgent,
    ModelClient,
    ModelSpec,
    compact_action,
    trace_record,
)
from .registry import AgentError, make_agent, names, register, register_lazy

__all__ = [
    "TRACE_FIELDS",
    "Agent",
    "AgentError",
    "BatchModel",
    "LocalModelClient",
    "ModelAgent",
    "ModelClient",
    "ModelSpec",
    "compact_action",
    "make_agent",
    "names",
    "register",
    "register_lazy",
    "trace_record",
]
