"""The ``rapport`` command: open the app, or run one of the verbs for scripts.

Exit codes: 0 done, 1 refused input (the message names what), 2 usage.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .output import fail
from .parser import build_parser

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `rapport export ... | head`
        return 0
    except OSError as e:  # a file fault no verb foresaw: still a message, not a traceback
        where = f"{e.filename}: " if e.filename else ""
        return fail(f"{where}{(e.strerror or str(e)).lower()}")
