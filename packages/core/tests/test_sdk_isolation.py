"""The SDK never imports Textual: councils, clauses, the CLI's data commands all run without it."""

from __future__ import annotations

import subprocess
import sys


def test_importing_councilkit_loads_no_textual_module() -> None:
    code = (
        "import sys, click, councilkit, councilkit.cli, councilkit.councilfile.catalog;"
        "[councilkit.cli.main.get_command(click.Context(councilkit.cli.main), n) for n in councilkit.cli.COMMANDS];"
        "c = councilkit.load_council('compton-parish');"
        "c.norms_citing('4.2');"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'));"
        "print(','.join(bad) or 'clean')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"
