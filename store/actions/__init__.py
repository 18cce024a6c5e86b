"""What users do, each as one save: log an interaction, create, edit and delete accounts and
records, change stage, change many accounts at once, survey work (waves, responses,
a survey kit's response codes), appointments (schedule, cancel, held) and passing
opportunities to sales.

May use ``views``, ``engine``, ``loyalty`` and ``records``; never ``exchange`` or ``demo``.
"""

from .appointments import (
    appointment_log_values,
    cancel_appointment,
    contacts_named,
    hold_appointment,
    parse_at,
    schedule_appointment,
)
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
from .opportunities import pass_to_sales
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
    "appointment_log_values",
    "belongings",
    "cancel_appointment",
    "change_accounts",
    "change_stage",
    "contact_named",
    "contacts_named",
    "covered_accounts",
    "create_account",
    "delete_account",
    "delete_record",
    "earlier_answer",
    "edit_account",
    "edit_questionnaire",
    "edit_wave",
    "hold_appointment",
    "in_use",
    "issue_codes",
    "kiosk_answer",
    "log_interaction",
    "open_wave",
    "parse_at",
    "pass_to_sales",
    "record_response",
    "save_record",
    "schedule_appointment",
    "statement_key",
    "thank_you_due",
]
