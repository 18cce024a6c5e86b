"""The demo company: a deterministic, realistic data set of any size (``rapport demo``,
``rapport --demo``) with two years of history and three survey waves.

May use ``engine`` (to write a new file) and ``records``.
"""

from .company import write_demo

__all__ = ["write_demo"]
