from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _accept_invitations(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    from organisations.services import organisation_invitations_accept

    if user is None and "email_address" in kwargs:
        user = kwargs["email_address"].user
    if user is not None:
        organisation_invitations_accept(user=user)


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed, user_logged_in

        # An invitation is taken up as soon as the invited address is proven to be theirs.
        user_logged_in.connect(_accept_invitations, dispatch_uid="organisations.invitations.login")
        email_confirmed.connect(_accept_invitations, dispatch_uid="organisations.invitations.email")
