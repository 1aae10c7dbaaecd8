"""Action spaces and tokenizers (DESIGN.md): `from openha import actions; actions.get("vpt")`.

Spaces: env, vpt, text, motion, grounding, skill, coa, tokens — each module's docstring gives its
grammar. Pure: numpy and minecraft-data only (no torch, ray or transformers imports).
"""

import importlib

from openha.actions.base import ActionError, ActionSpace, ParseError, get, names, register

SPACES = ("env", "vpt", "text", "motion", "grounding", "skill", "coa", "tokens")
for _module in SPACES:  # importing a module registers its space, in this order
    importlib.import_module(f"openha.actions.{_module}")

__all__ = ["SPACES", "ActionError", "ActionSpace", "ParseError", "get", "names", "register"]
