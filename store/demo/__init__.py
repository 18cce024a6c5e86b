"""The demo company: a deterministic, realistic data set of any size (``rapport demo``,
``rapport --demo``) with two years of history and three survey waves.

May use ``engine`` (to write a new file), ``records`` and ``views`` (what its first start
would work out, :mod:`.first_start`).
"""

from .company import write_demo
from .first_start import work_out_first_start

__all__ = ["work_out_first_start", "write_demo"]
