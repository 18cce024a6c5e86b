"""What users do, each as one save: log an interaction, create, edit and delete accounts and
records, change stage, change many accounts at once, survey work (waves, responses),
appointments (schedule, cancel, held) and passing opportunities to sales.

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
from .opportunities import pass_to_sales
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
    "appointment_log_values",
    "belongings",
    "cancel_appointment",
    "change_accounts",
    "change_stage",
    "contacts_named",
    "create_account",
    "delete_account",
    "delete_record",
    "edit_account",
    "edit_questionnaire",
    "edit_wave",
    "hold_appointment",
    "in_use",
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
