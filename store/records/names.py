"""How names are matched: case and spacing folded (and accents, as search does), the
closest names for "did you mean", and finding an account or a survey wave by name or id."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

from ..errors import StoreError
from .ids import is_id
from .records import Reader, Record


class AccountNotFound(StoreError):
    def __init__(self, ref: str, suggestions: list[str]) -> None:
        self.ref = ref
        self.suggestions = suggestions
        hint = f" (did you mean {', '.join(repr(s) for s in suggestions)}?)" if suggestions else ""
        super().__init__(f"no account is named or has the id {ref!r}{hint}")


def fold(name: str) -> str:
    """A name as it is matched: case and spacing do not matter."""
    return " ".join(name.split()).casefold()


def fold_search(text: str) -> str:
    """Text as search-as-you-type compares it: folded case and spacing, accents dropped
    (typing "muller" finds "Müller")."""
    decomposed = unicodedata.normalize("NFKD", fold(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def close_names(ref: str, names: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` names like ``ref``, for "did you mean": case and spacing folded, names
    that start with or contain what was typed first, then the most similar spellings."""
    wanted = fold(ref)
    folded: dict[str, str] = {}
    for name in names:
        folded.setdefault(fold(name), name)
    if not wanted:
        return []
    found = sorted((k for k in folded if wanted in k), key=lambda k: (not k.startswith(wanted), k))
    found += [
        k
        for k in difflib.get_close_matches(wanted, list(folded), n=n, cutoff=0.6)
        if k not in found
    ]
    return [folded[k] for k in found[:n]]


def find_account(store: Reader, ref: str) -> Record:
    """The account whose id is ``ref``, or whose name is ``ref`` (case and spacing folded)."""
    ref = ref.strip()
    if is_id(ref) and (record := store.get("accounts", ref)) is not None:
        return record
    wanted = fold(ref)
    matches = [a for a in store.all("accounts") if fold(a["name"]) == wanted]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        ids = ", ".join(a["id"] for a in matches)
        raise StoreError(f"several accounts are named {ref!r} ({ids}): give the id instead")
    raise AccountNotFound(ref, close_names(ref, (a["name"] for a in store.all("accounts"))))


class WaveNotFound(StoreError):
    def __init__(self, ref: str, suggestions: list[str]) -> None:
        self.ref = ref
        self.suggestions = suggestions
        hint = f" (did you mean {', '.join(repr(s) for s in suggestions)}?)" if suggestions else ""
        super().__init__(f"no survey wave is named or has the id {ref!r}{hint}")


def find_wave(store: Reader, ref: str) -> Record:
    """The survey wave whose id is ``ref``, or whose name is ``ref`` (case and spacing folded)."""
    ref = ref.strip()
    if is_id(ref) and (record := store.get("waves", ref)) is not None:
        return record
    wanted = fold(ref)
    matches = [w for w in store.all("waves") if fold(w["name"]) == wanted]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        ids = ", ".join(w["id"] for w in matches)
        raise StoreError(f"several survey waves are named {ref!r} ({ids}): give the id instead")
    names = [w["name"] for w in store.all("waves")]
    # A file holds few waves: when none is like what was typed, name them all.
    raise WaveNotFound(ref, close_names(ref, names) or sorted(names)[:5])
