"""`openha doctor`: every entry says ok, or why not; engine backends report their adapter's own
`missing()` list."""

from __future__ import annotations

import json

from typer.testing import CliRunner

import envs.minerl
import envs.minestudio
from openha.cli import app


def test_doctor_json_reports_every_backend_with_a_reason():
    res = CliRunner().invoke(app, ["doctor", "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    flat = json.dumps(report, ensure_ascii=False)
    for name, module in (("minerl", envs.minerl), ("minestudio", envs.minestudio)):
        lack = module.missing()
        assert name in flat
        for reason in lack:  # the adapter's own words reach the user
            assert reason in flat
