"""Every key is a Binding with an id (so a user's key map can move it), and an id names
one action."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import rapport.tui


def bindings_of_every_class() -> dict[str, list[Binding]]:
    found: dict[str, list[Binding]] = {}
    for module in pkgutil.walk_packages(rapport.tui.__path__, "rapport.tui."):
        imported = importlib.import_module(module.name)
        for name, cls in inspect.getmembers(imported, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__ == module.name:
                own = [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]
                if own:
                    found[f"{module.name}.{name}"] = own
    return found


def test_every_binding_has_an_id() -> None:
    found = bindings_of_every_class()
    assert len(found) > 15, "the walk found the screens and widgets"
    missing = [
        f"{owner}: {b.key}" for owner, bindings in found.items() for b in bindings if not b.id
    ]
    assert missing == []


def test_binding_ids_are_not_reused_for_different_actions() -> None:
    actions: dict[str, set[str]] = {}
    for bindings in bindings_of_every_class().values():
        for b in bindings:
            actions.setdefault(str(b.id), set()).add(b.action)
    clashes = {i: a for i, a in actions.items() if len(a) > 1}
    assert clashes == {}
