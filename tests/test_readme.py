"""README promises that a test keeps true."""

from __future__ import annotations

import re
from pathlib import Path

from xlahp.udfs import reference

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", section, re.S)
    assert len(blocks) == 1, "Quick start has one fenced code block"
    return [line for line in blocks[0].splitlines() if line.strip()]


def test_quick_start_is_two_commands_install_plus_demo_then_pytest():
    install, tests = quick_start_commands()
    assert "pip install" in install and install.endswith("xlahp demo")
    assert "pytest" in tests


def test_ci_runs_the_readme_commands():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "## Quick start" in ci and "README.md" in ci


def test_function_reference_is_current():
    """Regenerate with `xlahp functions` and paste between the markers."""
    section = README.split("<!-- functions:start -->\n", 1)[1].split("<!-- functions:end -->")[0]
    assert section == reference()
