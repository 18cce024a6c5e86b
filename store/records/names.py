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


class SeveralAccounts(StoreError):
    def __init__(self, ref: str, candidates: list[Record]) -> None:
        self.ref = ref
        self.candidates = candidates
        names = sorted((a["name"] for a in candidates), key=fold_search)
        shown = ", ".join(repr(n) for n in names[:8])
        more = f" and {len(names) - 8} more" if len(names) > 8 else ""
        same = len({fold(n) for n in names}) == 1
        hint = "give the id instead" if same else "give more of the name, or the id"
        ids = f" ({', '.join(a['id'] for a in candidates[:8])})" if same else ""
        super().__init__(f"{len(names)} accounts match {ref!r}: {shown}{more}{ids}; {hint}")


def find_account(store: Reader, ref: str) -> Record:
    """The account ``ref`` names: its id, or its name as the app's search matches names
    (case, spacing and accents do not matter: "muller logistik gmbh" is Müller Logistik
    GmbH), when exactly one account matches. The first of these that matches any account
    decides: the name exactly (case and spacing folded), the name without accents, then
    every word of ``ref`` found in the name. Several matches raise
    :class:`SeveralAccounts` naming them; none, :class:`AccountNotFound` with the closest."""
    ref = ref.strip()
    if is_id(ref) and (record := store.get("accounts", ref)) is not None:
        return record
    wanted, loose = fold(ref), fold_search(ref)
    if wanted and all(c.isprintable() and c not in '"\\' for c in wanted):
        # the common case, the name as it is, found without decoding every account: a
        # name matching it holds each of its words (JSON keeps such characters as they are)
        same = [
            a for a in store.all_with_words("accounts", wanted.split()) if fold(a["name"]) == wanted
        ]
        if len(same) == 1:
            return same[0]
        if same:
            raise SeveralAccounts(ref, same)
    accounts = list(store.all("accounts"))
    words = loose.split()
    for test in (
        lambda a: fold(a["name"]) == wanted,
        lambda a: fold_search(a["name"]) == loose,
        lambda a: bool(words) and all(w in fold_search(a["name"]) for w in words),
    ):
        matches = [a for a in accounts if test(a)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise SeveralAccounts(ref, matches)
    raise AccountNotFound(ref, close_names(ref, (a["name"] for a in accounts)))


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
