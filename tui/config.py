"""The user's own settings for the app: theme and key map, in a small JSON file.

Where: ``$RAPPORT_CONFIG``, else ``config.json`` in the user's config directory
(``~/.config/rapport/`` on Linux). Example::

    {"theme": "rapport-light",
     "keymap": {"accounts.log": "L", "table.down": "down,ctrl+n"}}

Key map entries name a binding id (every binding has one; ``?`` lists them) and the keys
it should answer to. A file that cannot be read is reported and left alone.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapport.store import replace_atomically


def config_path() -> Path:
    env = os.environ.get("RAPPORT_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path("rapport", appauthor=False) / "config.json"


@dataclass
class Config:
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    problem: str | None = None
    """Why the file could not be read, if it could not (it is then not overwritten)."""
    path: Path = field(default_factory=config_path)

    @classmethod
    def load(cls, path: Path | None = None) -> Config:
        path = path or config_path()
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path=path)
        except (OSError, ValueError) as e:
            return cls(path=path, problem=f"{path}: {e}; using defaults and not saving over it")
        if not isinstance(data, dict):
            return cls(path=path, problem=f"{path}: expected a JSON object; using defaults")
        keymap = data.get("keymap", {})
        if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
            return cls(
                path=path,
                theme=_str(data.get("theme")),
                problem=f"{path}: keymap must map binding ids to keys",
            )
        return cls(
            theme=_str(data.get("theme")), keymap={str(k): v for k, v in keymap.items()}, path=path
        )

    def save(self) -> None:
        """Write the file (never over one that could not be read)."""
        if self.problem:
            return
        data: dict[str, Any] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        data["theme"] = self.theme
        if self.keymap:
            data["keymap"] = self.keymap
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        replace_atomically(self.path, [text.encode("utf-8")])


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None
