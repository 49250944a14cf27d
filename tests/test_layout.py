"""The core's folders are the pipeline's stages, and imports run one way along them."""

from __future__ import annotations

import ast

import pytest

from conftest import ROOT

CORE = ROOT / "scripts" / "anthology"
# Each stage may import the stages before it, never one after it.
STAGES = ("rules", "files", "rendering", "catalog", "outputs", "contributing")


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.relative_to(ROOT)}: a relative import hides which stage it reaches"
            yield node.module or ""


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "anthology" and len(parts) > 1 and parts[1] in STAGES else None


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_only_the_stages_before_it(stage):
    allowed = set(STAGES[:STAGES.index(stage) + 1])
    for path in sorted((CORE / stage).rglob("*.py")):
        for module in _imports(path):
            assert not module.startswith(("anthology_mkdocs", "anthology_dev", "mkdocs", "material")), (
                f"{path.relative_to(ROOT)} imports {module}")
            reached = _stage(module)
            assert reached is None or reached in allowed, (
                f"{path.relative_to(ROOT)} ({stage}) imports {module}, a later stage")


def test_the_core_is_its_stages_and_its_command_line():
    modules = sorted(path.name for path in CORE.glob("*.py"))
    folders = sorted(path.name for path in CORE.iterdir() if path.is_dir() and path.name != "__pycache__")
    assert modules == ["__init__.py", "__main__.py"]
    assert folders == sorted(STAGES)


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_says_what_comes_in_and_what_goes_out(stage):
    doc = ast.get_docstring(ast.parse((CORE / stage / "__init__.py").read_text(encoding="utf-8")))
    assert doc and "In:" in doc and "Out:" in doc, f"anthology/{stage}/__init__.py"
