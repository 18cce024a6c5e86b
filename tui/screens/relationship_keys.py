"""What the accounts list and an account share for the relationship work of issue 15: the
customer group of the account (ctrl+g), its appointments (A schedules one) and every account's
opportunities (O). The screens bind the keys; this mixin does what they do."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..app import RapportApp


class RelationshipActions:
    """Mixed into a screen that says which account its keys are about."""

    rapport: RapportApp

    def key_account(self) -> str | None:
        """The account ctrl+g and A act on (the row under the cursor, or the account shown)."""
        raise NotImplementedError

    def action_group(self) -> None:
        from .group import open_group

        account_id = self.key_account()
        if account_id is not None:
            open_group(self.rapport, account_id)

    def action_schedule(self) -> None:
        from ..modals.appointment_form import AppointmentForm

        account_id = self.key_account()
        if account_id is not None:
            self.rapport.push_screen(AppointmentForm(account_id))

    def action_opportunities(self) -> None:
        from .opportunities import OpportunitiesScreen

        if self.rapport.store is not None:
            self.rapport.push_screen(OpportunitiesScreen())
