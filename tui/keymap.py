"""The user's key map, checked before it is used.

An entry names a binding id (``?`` and the palette show them) and the keys it should answer
to. An entry whose id no binding has, or whose keys cannot be read, is left out: that
binding keeps its own keys, and the start-up notice says which entry and why. A key taken
from another binding of the same screen (the two would fight over it) is named when that
screen is first used (:func:`clashes`).
"""

from __future__ import annotations

import importlib
import pkgutil
import unicodedata
from collections.abc import Iterable, Iterator, Mapping

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import KEY_TO_UNICODE_NAME, REPLACED_KEYS, Keys, _character_to_key

MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
NAMED_KEYS = {k.value for k in Keys if not k.value.startswith("<")}


def key_problem(key: str) -> str | None:
    """Why ``key`` (one key, as a key map writes it) is not a key, or None if it is one."""
    key = key.strip()
    if not key:
        return "an empty key"
    if len(key) == 1:
        return None if key.isprintable() else f"{key!r} is not a key"
    *mods, name = key.split("+")
    if any(m not in MODIFIERS for m in mods) or not name:
        return f"{key!r} is not a key (modifiers are {', '.join(sorted(MODIFIERS))})"
    if len(name) == 1 or name in NAMED_KEYS or _is_character_name(name):
        return None
    return f"{key!r} is not a key"


def _is_character_name(name: str) -> bool:
    """``question_mark``, ``slash``, ``left_square_bracket``: Textual's names of characters."""
    original = REPLACED_KEYS.get(name, name)
    unicode_name = KEY_TO_UNICODE_NAME.get(original, original.replace("_", " ").upper())
    try:
        character = unicodedata.lookup(unicode_name)
    except KeyError:
        return False
    return _character_to_key(character) == name


def binding_ids() -> dict[str, Binding]:
    """Every binding with an id in the app (ours and Textual's widgets'), by id."""
    import rapport.tui

    for module in pkgutil.walk_packages(rapport.tui.__path__, "rapport.tui."):
        importlib.import_module(module.name)
    found: dict[str, Binding] = {}
    for cls in _subclasses(DOMNode):
        for binding in getattr(cls, "BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                found.setdefault(binding.id, binding)
    return found


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def checked_keymap(keymap: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The entries that can be used, and a sentence for each one that cannot."""
    known = binding_ids()
    good: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in keymap.items():
        binding = known.get(binding_id)
        if binding is None:
            near = _near(binding_id, known)
            hint = f" (did you mean {near}?)" if near else ""
            problems.append(f"{binding_id!r} is no binding's id{hint}; ? lists them")
            continue
        bad = [p for p in (key_problem(k) for k in keys.split(",")) if p]
        if bad:
            problems.append(f"{binding_id}: {bad[0]}; it keeps {binding.key}")
            continue
        good[binding_id] = keys
    return good, problems


def _near(name: str, known: Iterable[str]) -> str | None:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    return close[0] if close else None


def clashes(nodes: Iterable[DOMNode], keymap: Mapping[str, str]) -> list[str]:
    """Sentences for keys the key map gave a binding that another binding along one focus
    chain (``nodes``: the focused widget, its containers, the screen, the app) answers to
    by default. (Textual drops the other binding when both are on one widget, and lets the
    nearer one win when they are not: either way one of them is lost.)"""
    defaults: dict[str, list[Binding]] = {}
    for node in nodes:
        for key, found in node._bindings.key_to_bindings.items():
            defaults.setdefault(key, []).extend(found)
    present = {b.id for found in defaults.values() for b in found if b.id}
    out = []
    for binding_id, keys in keymap.items():
        if binding_id not in present:
            continue
        for key in keys.split(","):
            others = [
                b.id
                for b in defaults.get(key, [])
                if b.id != binding_id
                and not (b.id in keymap and key not in keymap[b.id].split(","))
            ]
            if others:
                users = ", ".join(dict.fromkeys(str(o) for o in others))
                out.append(f"{binding_id} takes {key}, which {users} also uses here")
    return out
