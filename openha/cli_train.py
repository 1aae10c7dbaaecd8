"""`openha train goap|vpt|idm|events|coa`: the training commands of each model family, in one group
(the commands themselves live beside their models)."""

from __future__ import annotations

import typer

from openha.coa.cli import train_coa
from policies.cli import train_goap, train_vpt
from policies.events.cli import train_events_command
from policies.idm.cli import train_idm_command

train_app = typer.Typer(help="Train policies (GOAP, VPT-style), the IDM, the event detector and the Chain-of-Action model.",
                        no_args_is_help=True)
train_app.command("goap")(train_goap)
train_app.command("vpt")(train_vpt)
train_app.command("idm")(train_idm_command)
train_app.command("events")(train_events_command)
train_app.command("coa")(train_coa)
