"""The package's shape: no import cycle, one home per concept, and the README's "Adding an
identifier type" kept true by the code."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from ccaudit.entities import ENTITIES, IDENTIFIER_TYPES
from ccaudit.report.masking import STYLES

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ccaudit"
# The sample generator is an independent implementation on purpose (it writes the gold).
TOOL_FILES = sorted(p for p in PACKAGE.rglob("*.py") if "samples" not in p.relative_to(PACKAGE).parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in TOOL_FILES}


def _type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def imports_of(path: Path) -> set[str]:
    """The ccaudit modules a module imports, at its top or inside a function (a deferred
    import is still a dependency); imports for type checking only are left out."""
    out: set[str] = set()

    class Imports(ast.NodeVisitor):
        def visit_If(self, node: ast.If) -> None:
            if not _type_checking(node):
                self.generic_visit(node)
            else:
                for child in node.orelse:
                    self.visit(child)

        def visit_Import(self, node: ast.Import) -> None:
            out.update(a.name for a in node.names if a.name.startswith("ccaudit"))

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            if (node.module or "").startswith("ccaudit"):
                for alias in node.names:
                    child = f"{node.module}.{alias.name}"
                    out.add(child if child in MODULES else node.module)

    Imports().visit(ast.parse(path.read_text(encoding="utf-8")))
    return {m for m in out if m in MODULES} - {module_name(path)}


def test_the_package_has_no_import_cycle():
    graph = {name: imports_of(path) for name, path in MODULES.items()}
    assert graph["ccaudit.settings"] >= {"ccaudit.config", "ccaudit.audit.configuration"}
    state: dict[str, str] = {}
    cycles = []

    def walk(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for other in sorted(graph[name]):
            if state.get(other) == "open":
                cycles.append(trail[trail.index(other):] + [other] if other in trail else [name, other])
            elif other not in state:
                walk(other, trail + [other])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            walk(name, [name])
    assert not cycles, cycles


def test_the_old_second_homes_are_gone():
    """One walker, one lookup, one config reader, the readers and scans in their stage folders."""
    for gone in ("walk.py", "readers", "transcripts", "audit_config.py", "report.py", "recognizers.py",
                 "index/rights.py", "masking.py", "plots.py"):
        path = PACKAGE / gone
        assert not (path.is_file() or any(path.rglob("*.py"))), gone
    config = (PACKAGE / "config.py").read_text(encoding="utf-8")
    assert "audit" not in {n.split(".")[1] for n in imports_of(PACKAGE / "config.py") if "." in n}
    assert "def load_config" not in config  # files are read by ccaudit.settings, once


def code_strings(path: Path) -> set[str]:
    """Every string constant and name in a module's code, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            out.add(node.value)
        elif isinstance(node, ast.Name):
            out.add(node.id)
    return out


def files_naming(entity: str) -> set[str]:
    word = re.compile(rf"\b{entity}\b")
    found = {p.relative_to(ROOT).as_posix() for p in TOOL_FILES
             if any(word.search(s) for s in code_strings(p))}
    for other in [*PACKAGE.rglob("*.yaml"), *PACKAGE.rglob("*.j2")]:
        if "samples" not in other.parts and word.search(other.read_text(encoding="utf-8")):
            found.add(other.relative_to(ROOT).as_posix())
    return found


IDENTIFIER_ENTITIES = [e.name for e in ENTITIES.values() if e.national or e.id_type in ("iban", "card")]


def test_adding_an_identifier_type_is_three_files_as_the_readme_says():
    """Each national and financial identifier is named in the entity table, its recognizer
    and the defaults, and nowhere else in the tool's code: everything else reads the table."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Adding an identifier type", 1)[1].split("\n### ", 1)[0]
    for place in ("ccaudit/entities.py", "ccaudit/detect/recognizers/", "ccaudit/conf/default.yaml"):
        assert place in section, place
    assert set(IDENTIFIER_ENTITIES) >= {"BE_NATIONAL_NUMBER", "NL_BSN", "FR_NIR", "LU_NATIONAL_NUMBER",
                                        "IBAN_CODE", "CREDIT_CARD"}
    for entity in IDENTIFIER_ENTITIES:
        found = files_naming(entity)
        recognizers = {f for f in found if f.startswith("ccaudit/detect/recognizers/")}
        assert len(recognizers) <= 1, (entity, found)   # none: Presidio's recognizer, subclassed
        assert found == {"ccaudit/entities.py", "ccaudit/conf/default.yaml", *recognizers}, entity


def test_every_entity_row_is_complete():
    defaults = yaml.safe_load((PACKAGE / "conf" / "default.yaml").read_text(encoding="utf-8"))
    for entity in ENTITIES.values():
        assert defaults["sensitivity"].get(entity.name) in ("high", "moderate", "low"), entity.name
        assert entity.mask in STYLES, entity.name
        assert entity.id_type is None or entity.id_type in IDENTIFIER_TYPES, entity.name
    # every identifier type comes from at least one entity, and finds candidates in free text
    for id_type in IDENTIFIER_TYPES.values():
        assert any(e.id_type == id_type.name for e in ENTITIES.values()), id_type.name
        assert id_type.in_text and id_type.words and id_type.valid, id_type.name


def test_the_name_lexicon_is_built_at_install_and_never_committed():
    """Its sources' licences (GFDL, CC BY-SA, LGPL) would carry over to a committed copy."""
    import shutil
    import subprocess

    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "name_lexicon" not in tracked
    ignored = subprocess.run(["git", "check-ignore", "ccaudit/detect/data/name_lexicon.pickle.gz"], cwd=ROOT,
                             capture_output=True, text=True)
    assert ignored.returncode == 0
