"""Who may import what: the data layer never needs Textual, and only the data layer (and the
tests and benchmarks that look at its files) talks to TinyDB.

These read the source with ``ast`` rather than importing it, so a forbidden import fails
here even on a code path no other test runs.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import rapport

ROOT = Path(os.path.dirname(os.path.abspath(rapport.__file__)))
SKIP_DIRS = {"__pycache__", ".git", ".venv", "venv", "build", "dist", ".ruff_cache"}


def python_files(top: Path) -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info"))
        found += [Path(folder) / f for f in sorted(files) if f.endswith(".py")]
    return found


def imported_modules(path: Path, package: str | None = None) -> list[tuple[int, str]]:
    """Every module ``path`` imports, as absolute dotted names (relative ones resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parts = package.split(".") if package else ["rapport", *path.relative_to(ROOT).parent.parts]
    names: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = parts[: len(parts) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            names.append((node.lineno, module))
            # `from . import x` may import a submodule named x
            names += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return names


def top_level(name: str) -> str:
    return name.split(".")[0]


def offenders_in(path: Path, forbidden: str, package: str) -> list[str]:
    return [n for _, n in imported_modules(path, package) if top_level(n) == forbidden]


def offenders(files: list[Path], forbidden: str) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in files
        for line, name in imported_modules(path)
        if top_level(name) == forbidden
    ]


def test_the_walk_finds_the_package() -> None:
    store_files = {p.name for p in python_files(ROOT / "store")}
    assert {"store.py", "journal.py", "layout.py"} <= store_files
    # and it sees what is imported, so the checks below can fail
    assert "tinydb.storages" in [
        n for _, n in imported_modules(ROOT / "store" / "engine" / "layout.py")
    ]
    assert "rapport.store.errors" in [
        n for _, n in imported_modules(ROOT / "store" / "engine" / "layout.py")
    ]


def test_imported_modules_sees_every_form(tmp_path: Path) -> None:
    sample = tmp_path / "probe.py"
    source = (
        "import textual\n"
        "import os, textual.widgets as w\n"
        "from textual.app import App\n"
        "def f():\n    from textual import on\n"
        "try:\n    import tinydb\nexcept ImportError:\n    pass\n"
        "from .. import tui\n"
    )
    sample.write_text(source, encoding="utf-8")
    names = [n for _, n in imported_modules(sample, "rapport.store")]
    assert offenders_in(sample, "textual", "rapport.store")
    assert names.count("textual") >= 1
    assert "textual.widgets" in names and "textual.app" in names
    assert "tinydb" in names
    assert "rapport.tui" in names


def test_store_never_imports_textual() -> None:
    files = python_files(ROOT / "store")
    assert files
    found = offenders(files, "textual") + [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in files
        for line, name in imported_modules(path)
        if name.startswith(("rapport.tui", "rapport.cli", "rapport.themes"))
    ]
    assert not found, "the data layer must not need the TUI:\n" + "\n".join(found)


def test_only_the_store_imports_tinydb() -> None:
    allowed = {"store", "tests", "benchmarks"}
    files = [
        p
        for p in python_files(ROOT)
        if p.relative_to(ROOT).parts[0] not in allowed or len(p.relative_to(ROOT).parts) == 1
    ]
    assert any(p.relative_to(ROOT).parts[0] == "cli" for p in files)
    found = offenders(files, "tinydb")
    assert not found, "only store/ talks to TinyDB's file format:\n" + "\n".join(found)


def test_importing_the_store_loads_no_textual(rapport_pythonpath: str) -> None:
    env = {**os.environ, "PYTHONPATH": rapport_pythonpath}
    code = (
        "import rapport.store, rapport.store.engine.check, rapport.store.actions.edits, sys\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not bad, bad\n"
        "assert 'textual' not in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
