"""Errors the spaCy way: every message lives in ``tidings.errors.Errors`` with its own code,
every raise of a Tidings error takes its message from there, and every error class is raised
somewhere."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import tidings.errors as errors_module
from tidings.errors import Errors, InputError, StoreError, StoreLockedError, TidingsError

SRC = Path(errors_module.__file__).parent
ERROR_CLASSES = {name for name, value in vars(errors_module).items()
                 if isinstance(value, type) and issubclass(value, TidingsError)}
# Modules whose raises are still being moved to Errors by the developer who owns them.
PENDING = {"store/gdelt.py", "store/queries.py", "corpus/"}


def _modules() -> list[tuple[str, ast.Module]]:
    return [(p.relative_to(SRC).as_posix(), ast.parse(p.read_text(encoding="utf-8")))
            for p in sorted(SRC.rglob("*.py"))]


def _raises(tree: ast.Module) -> list[ast.Call]:
    """Calls of Tidings error classes in ``raise`` statements."""
    return [node.exc for node in ast.walk(tree)
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
            and isinstance(node.exc.func, ast.Name) and node.exc.func.id in ERROR_CLASSES]


def _takes_catalogued_message(call: ast.Call) -> bool:
    message = call.args[-1] if call.args else None
    return message is not None and any(
        isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
        and n.value.id == "Errors" for n in ast.walk(message))


def test_every_code_is_unique_and_well_formed() -> None:
    tree = ast.parse(Path(errors_module.__file__).read_text(encoding="utf-8"))
    catalogue = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Errors")
    codes = [t.id for n in catalogue.body if isinstance(n, ast.Assign)
             for t in n.targets if isinstance(t, ast.Name)]
    assert len(codes) > 40
    assert len(codes) == len(set(codes)), "a code is assigned twice"
    assert all(re.fullmatch(r"E\d{3}", c) for c in codes)
    assert all(getattr(Errors, c).startswith(f"[{c}] ") for c in codes)


def test_every_raise_takes_its_message_from_errors() -> None:
    loose = [f"{path}:{call.lineno}" for path, tree in _modules()
             if not any(path.startswith(p) for p in PENDING)
             for call in _raises(tree) if not _takes_catalogued_message(call)]
    assert loose == []


def test_no_builtin_errors_are_raised_for_tidings_failures() -> None:
    builtin = [f"{path}:{node.lineno}" for path, tree in _modules()
               if not any(path.startswith(p) for p in PENDING)
               for node in ast.walk(tree)
               if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
               and isinstance(node.exc.func, ast.Name)
               and node.exc.func.id in {"ValueError", "RuntimeError", "KeyError"}]
    assert builtin == []


def test_each_error_class_is_raised_somewhere() -> None:
    raised = {call.func.id for _, tree in _modules() for call in _raises(tree)
              if isinstance(call.func, ast.Name)}
    assert ERROR_CLASSES - {"TidingsError"} <= raised


def test_codes_read_back_from_the_error() -> None:
    error = StoreLockedError(Errors.E305.format(path="x.duckdb", wait=3.0, error="held"))
    assert error.code == "E305" and isinstance(error, StoreError)
    assert InputError("empty", Errors.E112).reason == "empty"
    with pytest.raises(TidingsError, match=r"^\[E301\]"):
        raise StoreError(Errors.E301.format(path="nowhere.duckdb"))
