"""The layering rules of docs/architecture.md, checked on the source tree."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PACKAGES = ("bot", "handlers", "library", "storage")
FORBIDDEN_IN_LIBRARY = (
    "telegram",
    "sqlalchemy",
    "apscheduler",
    "aiosqlite",
    "alembic",
    "aiohttp",
    "timezonefinder",  # reads data files: the core stays free of I/O (bot/zones.py)
)


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", python_files("library"), ids=lambda p: p.name)
def test_library_source_imports_no_framework(path: Path) -> None:
    """No file of library/ imports Telegram, the database or the scheduler."""
    assert imported_roots(path).isdisjoint(FORBIDDEN_IN_LIBRARY)


def test_importing_library_loads_no_framework() -> None:
    """Importing every library module in a fresh interpreter pulls in none of the frameworks."""
    code = (
        "import importlib, pkgutil, sys, library\n"
        "for m in pkgutil.walk_packages(library.__path__, 'library.'):\n"
        "    importlib.import_module(m.name)\n"
        f"print(sorted(n for n in {FORBIDDEN_IN_LIBRARY!r} if n in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("path", python_files("storage"), ids=lambda p: p.name)
def test_storage_knows_nothing_of_telegram(path: Path) -> None:
    """storage/ sits below handlers/ and bot/: it never imports them or Telegram."""
    assert imported_roots(path).isdisjoint({"telegram", "handlers", "bot"})


@pytest.mark.parametrize("path", python_files("handlers"), ids=lambda p: p.name)
def test_handlers_write_no_sql_and_never_reach_up(path: Path) -> None:
    """handlers/ go through repositories (no SQLAlchemy) and never import the composition root."""
    assert imported_roots(path).isdisjoint({"sqlalchemy", "bot"})


def all_modules() -> list[str]:
    names = []
    for package in PACKAGES:
        module = importlib.import_module(package)
        names.append(package)
        names += [m.name for m in pkgutil.walk_packages(module.__path__, f"{package}.")]
    # __main__ runs the program when imported; its docstring is checked from the source.
    return [name for name in names if not name.endswith("__main__")]


@pytest.mark.parametrize("name", all_modules())
def test_every_module_says_what_it_is_for(name: str) -> None:
    """Every public module opens with a docstring."""
    module = importlib.import_module(name)
    assert (module.__doc__ or "").strip(), f"{name} has no docstring"


@pytest.mark.parametrize(
    "path",
    [*sorted(ROOT.glob("*/__main__.py")), *sorted((ROOT / "storage" / "migrations").rglob("*.py"))],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_scripts_say_what_they_are_for(path: Path) -> None:
    """Modules that cannot be imported safely (entry points, migrations) open with a docstring."""
    assert ast.get_docstring(ast.parse(path.read_text()))


def test_button_prefixes_never_overlap() -> None:
    """Every kind of callback data has its own prefix, and none starts another: a button
    can only ever reach the handler it was made for."""
    defined: list[tuple[str, str]] = []
    for path in python_files("handlers"):
        for node in ast.parse(path.read_text()).body:
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id.endswith(("_PREFIX", "_DATA"))
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                defined.append((node.value.value, f"{path.stem}.{node.targets[0].id}"))
    assert len(defined) >= 10
    for index, (one, owner) in enumerate(defined):
        for other, other_owner in defined[index + 1 :]:
            overlap = f"{owner} {one!r} and {other_owner} {other!r} overlap"
            assert not other.startswith(one), overlap
            assert not one.startswith(other), overlap


def tracked_text_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    files = [ROOT / name for name in listed.split("\0") if name]
    return [path for path in files if path.is_file() and b"\0" not in path.read_bytes()[:4096]]


def test_nothing_in_the_repository_points_outside_it() -> None:
    """No relative path (a link, a read, a docstring's "see ...") climbs out of the clone,
    and no module reaches above the clone with ``Path(__file__).parents[N]``."""
    outside: list[tuple[str, str]] = []
    for path in tracked_text_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for climb in re.findall(r"(?:\.\./)+[\w.-]+", text):
            for base in (path.parent, ROOT):
                if not (base / climb).resolve().is_relative_to(ROOT):
                    outside.append((str(path.relative_to(ROOT)), climb))
                    break
        for depth in re.findall(r"Path\(__file__\)(?:\.resolve\(\))?\.parents\[(\d+)\]", text):
            if not path.parents[int(depth)].is_relative_to(ROOT):
                outside.append((str(path.relative_to(ROOT)), f"parents[{depth}]"))
    assert len(tracked_text_files()) > 50
    assert outside == []


def _docstring_nodes(tree: ast.AST) -> set[int]:
    nodes: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                nodes.add(id(first.value))
    return nodes


# Errors for operators and logs (a broken catalogue file, a programming error), whose
# messages no runner reads. An error a runner's input can cause carries a code instead.
OPERATOR_ERRORS = frozenset({"CatalogError", "ValueError", "RuntimeError", "TypeError", "fail"})


def _raised_nodes(tree: ast.AST) -> set[int]:
    """String parts of the operator errors raised."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in OPERATOR_ERRORS:
                skip.update(id(part) for part in ast.walk(node.exc))
    return skip


_WORDS = re.compile(r"[A-Za-z][a-z']*(?:\W+[A-Za-z][a-z']*){2,}")  # three words or more
# Prose reads as a sentence: it starts with a capital, ends in punctuation, or has a
# comma or semicolon between words. Parsing vocabulary ('tell me about') does not.
_PROSE = re.compile(r"^\W*[A-Z][a-z']*\s|[a-z}][.!?:)]\W*$|[a-z}][,;] ")
_NOT_PROSE = re.compile(r"\(\?|\\[bdsw]|^(?:PRAGMA|SELECT|BEGIN|SET) ")  # regexes and SQL


def _texts(tree: ast.AST, skip: set[int]) -> list[tuple[int, str]]:
    """String literals, each f-string as one template with {} for its values."""
    parts = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    texts: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            template = "".join(
                str(part.value) if isinstance(part, ast.Constant) else "{}" for part in node.values
            )
            texts.append((node.lineno, template))
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in parts
        ):
            texts.append((node.lineno, node.value))
    return texts


def prose_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), str(path))
    skip = _docstring_nodes(tree) | _raised_nodes(tree)
    return [
        f"{path.relative_to(ROOT)}:{line}: {text[:60]!r}"
        for line, text in _texts(tree, skip)
        if _WORDS.search(text) and _PROSE.search(text) and not _NOT_PROSE.search(text)
    ]


def test_no_sentence_for_runners_in_library_or_storage() -> None:
    """library/ returns data and codes, storage/ only SQL: every text a runner reads is
    worded in handlers/. Docstrings, raised errors' messages (for operators), regexes
    and SQL are not prose for runners."""
    files = [
        path
        for package in ("library", "storage")
        for path in python_files(package)
        if "migrations" not in path.parts
    ]
    assert len(files) > 15
    assert [line for path in files for line in prose_in(path)] == []


# A test module or conftest.py, named absolutely (tests.test_x) or as pytest's rootdir
# import would find it (test_x, conftest).
_TEST_MODULE = re.compile(r"(?:tests\.)?(?:conftest|test_\w+)")


def imported_test_modules(source: str) -> list[str]:
    """The test modules and conftest a file of tests/ imports, however it names them."""
    names: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative to tests/
                module = f"tests.{module}" if module else "tests"
            names += [module, *(f"{module}.{alias.name}" for alias in node.names)]
    return [name for name in names if _TEST_MODULE.fullmatch(name)]


@pytest.mark.parametrize(
    "source",
    [
        "from tests.conftest import TEST_TOKEN",
        "from tests.test_e2e_warmups import start_bot",
        "from tests import conftest",
        "import tests.test_shutdown",
        "from .test_deliveries import runner",
        "from . import conftest",
        "from conftest import say",
    ],
)
def test_the_import_check_sees_every_spelling(source: str) -> None:
    assert imported_test_modules(source) != []


def test_tests_share_helpers_through_helper_modules_only() -> None:
    """No file of tests/ or benchmarks/ imports conftest.py or a test module: what they
    share is in tests/helpers.py (or another helper module, such as tests/matcher_cases.py),
    and conftest.py holds fixtures and hooks."""
    files = sorted((ROOT / "tests").glob("*.py")) + sorted((ROOT / "benchmarks").glob("*.py"))
    assert len(files) > 40
    found = [
        f"{path.name}: {name}" for path in files for name in imported_test_modules(path.read_text())
    ]
    assert found == []


MODULE_LINES = 500  # above this a module does more than one thing, unless it says why
LONG_MODULE_REASON = "One idea:"  # how a module's docstring says why it is longer


def test_no_module_outside_tests_is_long_without_a_reason() -> None:
    """Rooms of one purpose: every module of the bot (migrations aside) stays under about
    500 lines, or its docstring says, after "One idea:", why it is one idea all the same."""
    modules = [
        path
        for folder in ("bot", "handlers", "library", "storage", "benchmarks", "scripts")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "migrations" not in path.parts
    ]
    assert len(modules) > 60
    long = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path in modules
        if (lines := len(path.read_text().splitlines())) > MODULE_LINES
        and LONG_MODULE_REASON not in (ast.get_docstring(ast.parse(path.read_text())) or "")
    ]
    assert long == []
