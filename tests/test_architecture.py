"""The house's shape (issue 18): imports run downward only — core ← sheet ← workbook ←
templates ← apps — and the core takes numbers, never cells, files or workbooks."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "xlahp"
#: Each layer and what it may import from the package (besides itself and the leaf modules
#: errors and text, which import nothing of xlahp).
MAY_IMPORT = {
    "core": set(),
    "sheet": {"core"},
    "imports": {"core", "workbook"},  # reads filings: the file layer's safety and writer
    "workbook": {"core", "sheet"},
    "templates": {"core", "sheet", "workbook"},
    "apps": {"core", "sheet", "workbook", "templates", "imports", "udfs", "__version__"},
}
LEAVES = {"errors", "text"}


def _imports(path: Path) -> set[str]:
    """The xlahp modules *path* imports (at any depth of the file: lazy imports count)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("xlahp")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("xlahp"):
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return found


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


@pytest.mark.parametrize("layer", sorted(MAY_IMPORT))
def test_imports_run_downward(layer):
    allowed = MAY_IMPORT[layer] | LEAVES | {layer}
    wrong = [f"{path.relative_to(PACKAGE)} imports {module}"
             for path in sorted((PACKAGE / layer).rglob("*.py"))
             for module in sorted(_imports(path))
             if (_layer(module) or "xlahp") not in allowed | ({"xlahp"} if layer == "apps" else set())]
    # (serve hands xlwings Server the udfs module; cli prints the version)
    assert not wrong, wrong


def test_the_leaves_import_nothing_of_xlahp():
    for leaf in LEAVES:
        assert not {m for m in _imports(PACKAGE / f"{leaf}.py") if m != "xlahp"}, leaf


def test_the_core_reads_no_cells():
    """No core module names the cell readers or a host: numbers in, named results out."""
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for word in ("openpyxl", "xlwings", "formualizer", "xlsxwriter", "pandas"):
            assert f"import {word}" not in text and f"from {word}" not in text, (path, word)


def test_the_excel_layer_is_thin():
    """udfs.py only wraps the registry for xlwings: it imports the worksheet layer, nothing
    below the registry's functions."""
    found = {_layer(m) for m in _imports(PACKAGE / "udfs.py")}
    assert found <= {"sheet", "errors"}, found


def test_a_defined_name_is_typed_in_one_module_only():
    """The workbooks' defined names are a contract (SPEC §3.2): each is spelled out in one
    module — templates/names.py for those several modules use — and read from there.
    (xlahp/imports reads filings, whose element names are another vocabulary.)"""
    import tempfile

    import openpyxl

    from xlahp.templates import build, build_partner

    with tempfile.TemporaryDirectory() as folder:
        defined = set()
        for path in (build(Path(folder) / "t.xlsx"), build(Path(folder) / "e.xlsx", example=True),
                     build_partner(Path(folder) / "p.xlsx", example=True)):
            defined |= set(openpyxl.load_workbook(path).defined_names.keys())
    where: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        if "imports" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in defined:
                where.setdefault(node.value, set()).add(str(path.relative_to(PACKAGE)))
    assert len(defined) > 100
    assert {name: sorted(modules) for name, modules in where.items() if len(modules) > 1} == {}
