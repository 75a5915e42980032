from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _


def invitation_mail_send(*, email: str, inviter: str, target: str, signup_url: str) -> None:
    """Tell someone they were invited; the text is in the platform's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(inviter)s invites you to %(target)s on Gewaardeerd Werk") % {
            "inviter": inviter,
            "target": target,
        }
        body = _(
            "Hello,\n\n%(inviter)s invites you to join %(target)s on Gewaardeerd Werk.\n"
            "Sign up or log in with this e-mail address (%(email)s) and you are in:\n"
            "%(url)s\n"
        ) % {"inviter": inviter, "target": target, "email": email, "url": signup_url}
    send_mail(subject, body, None, [email])


def verified_emails(user: object) -> list[str]:
    from allauth.account.models import EmailAddress

    return [
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    ]
