"""What users do, each as one save: log an interaction, create, edit and delete accounts and
records, change stage, change many accounts at once, and survey work (waves, responses,
a survey kit's response codes).

May use ``views``, ``engine``, ``loyalty`` and ``records``; never ``exchange`` or ``demo``.
"""

from .edits import (
    belongings,
    change_accounts,
    change_stage,
    create_account,
    delete_account,
    delete_record,
    edit_account,
    log_interaction,
    save_record,
    thank_you_due,
)
from .kiosk import contact_named, earlier_answer, kiosk_answer
from .survey_kit import Kit, KitForm, covered_accounts, issue_codes
from .surveys import (
    AlreadyAnswered,
    edit_questionnaire,
    edit_wave,
    in_use,
    open_wave,
    record_response,
    statement_key,
)

__all__ = [
    "AlreadyAnswered",
    "Kit",
    "KitForm",
    "belongings",
    "change_accounts",
    "change_stage",
    "contact_named",
    "covered_accounts",
    "create_account",
    "delete_account",
    "delete_record",
    "earlier_answer",
    "edit_account",
    "edit_questionnaire",
    "edit_wave",
    "in_use",
    "issue_codes",
    "kiosk_answer",
    "log_interaction",
    "open_wave",
    "record_response",
    "save_record",
    "statement_key",
    "thank_you_due",
]
