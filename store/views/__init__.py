"""What the screens and commands show, computed from the store's records: a row per account,
an account's LoyaltyCard, the agenda, the portfolio, and a first look while a file opens.

May use ``engine`` (to read), ``loyalty`` and ``records``; never ``actions`` or ``exchange``.
"""

from .agenda_list import HEADINGS, AgendaItem, agenda
from .as_of import AsOf, as_of_view, wave_as_of
from .cards import Shared, card_for, stored_settings
from .dated import shared_as_of
from .groups import (
    GroupMember,
    GroupNotFound,
    GroupReport,
    find_group,
    group_names,
    group_report,
    group_to_json,
)
from .opportunities import (
    OpportunityRow,
    Referrals,
    opportunity_rows,
    opportunity_to_json,
    referrals_given,
    won,
)
from .people import PERSON_FIELDS, UnknownPerson, person
from .portfolio_report import GROUPINGS, Point, PortfolioReport, Progress, portfolio, report_to_json
from .preview import preview_accounts
from .reader import StoreReader
from .response_codes import CodeInfo, code_info, codes_of_wave, find_code, stored_answer
from .row_cache import list_rows
from .rows import (
    PENDING,
    AccountRow,
    CardSummary,
    account_row,
    account_rows,
    card_summary,
    class_counts,
    current_questionnaire,
    factor_names,
    settings_of,
    waves_newest_first,
    with_card,
)
from .survey_status import WaveStatus, rates_by_wave, status_to_json, wave_status

__all__ = [
    "GROUPINGS",
    "HEADINGS",
    "PENDING",
    "PERSON_FIELDS",
    "AccountRow",
    "AgendaItem",
    "AsOf",
    "CardSummary",
    "CodeInfo",
    "GroupMember",
    "GroupNotFound",
    "GroupReport",
    "OpportunityRow",
    "Point",
    "PortfolioReport",
    "Progress",
    "Referrals",
    "Shared",
    "StoreReader",
    "UnknownPerson",
    "WaveStatus",
    "account_row",
    "account_rows",
    "agenda",
    "as_of_view",
    "card_for",
    "card_summary",
    "class_counts",
    "code_info",
    "codes_of_wave",
    "current_questionnaire",
    "factor_names",
    "find_code",
    "find_group",
    "group_names",
    "group_report",
    "group_to_json",
    "list_rows",
    "opportunity_rows",
    "opportunity_to_json",
    "person",
    "portfolio",
    "preview_accounts",
    "rates_by_wave",
    "referrals_given",
    "report_to_json",
    "settings_of",
    "shared_as_of",
    "status_to_json",
    "stored_answer",
    "stored_settings",
    "wave_as_of",
    "wave_status",
    "waves_newest_first",
    "with_card",
    "won",
]
