"""Where a PostgreSQL store is: its URL, shown without a password.

A URL is never taken for a file path: :func:`is_url` decides first, everywhere a data
file's name is read (``--db``, ``RAPPORT_DB``, ``merge OTHER``).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

SCHEMES = ("postgresql://", "postgres://")


def is_url(text: object) -> bool:
    return isinstance(text, str) and text.strip().lower().startswith(SCHEMES)


def safe_url(url: str) -> str:
    """The URL as it may be shown or logged: no password, in the user part or the query."""
    try:
        parts = urlsplit(url.strip())
        netloc = parts.netloc
        if "@" in netloc:
            user, _, host = netloc.rpartition("@")
            user = user.split(":", 1)[0]
            netloc = f"{user}@{host}"
        query = urlencode(
            [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "password"],
            safe="/",
        )
        return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
    except ValueError:
        return "postgresql://(a URL that cannot be read)"


def password_of(url: str) -> str | None:
    """The password the URL holds, if any (only to keep it out of messages)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.password:
        return unquote(parts.password)
    for k, v in parse_qsl(parts.query):
        if k == "password":
            return v
    return None


class Location:
    """What ``store.path`` is for a database: shown as its URL (no password), named by the
    database (``.name``, as the app's title shows a file's name). It exists: it is open."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.shown = safe_url(url)
        path = urlsplit(self.shown).path.strip("/")
        self.name = path or "postgres"

    def exists(self) -> bool:
        return True

    def __str__(self) -> str:
        return self.shown

    def __repr__(self) -> str:
        return f"Location({self.shown!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Location) and other.shown == self.shown

    def __hash__(self) -> int:
        return hash(self.shown)
