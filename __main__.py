"""`python -m rapport`: the command line."""

import sys

from rapport.cli import main

sys.exit(main())
