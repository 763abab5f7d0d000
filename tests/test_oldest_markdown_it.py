"""The parser's property tests and the stamping tests, run again in a fresh
environment holding the oldest markdown-it-py that pyproject.toml allows."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import pytest
from conftest import PROJECT
from packaging.version import Version

pytestmark = pytest.mark.slow


def oldest_allowed(package: str) -> str:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for requirement in project["dependencies"]:
        found = re.fullmatch(rf"{re.escape(package)}\s*>=\s*([\w.]+)\s*(,.*)?", requirement)
        if found:
            return found.group(1)
    raise AssertionError(f"pyproject.toml gives {package} no lower bound")


def test_parser_tests_pass_on_the_oldest_markdown_it_py(tmp_path):
    oldest = oldest_allowed("markdown-it-py")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "-e", f"{PROJECT}[test]", f"markdown-it-py=={oldest}"],
        capture_output=True, text=True, timeout=900,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    where = subprocess.run(
        [str(python), "-c", "import loclint, markdown_it; print(markdown_it.__version__, loclint.__file__)"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    assert Version(where[0]) == Version(oldest), where  # "3" is 3.0.0
    assert where[1].startswith(str(PROJECT / "src")), where  # the checkout, not a copy
    tests = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_properties.py",
         "tests/test_stamping.py"],
        cwd=PROJECT, capture_output=True, text=True, timeout=1800,
    )
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-2000:]
