from __future__ import annotations

from collections.abc import Callable, Iterable

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


def mail_in_each_language(
    *, recipients: Iterable[str], render: Callable[[], tuple[str, str]]
) -> None:
    """Send one mail per language: each address gets it in the language its user chose
    (addresses without an account, e.g. an organisation's contact address, in the default).

    `render` is called with that language active and returns (subject, body)."""
    from core.models import User

    addresses = sorted({a for a in recipients if a})
    chosen = dict(User.objects.filter(email__in=addresses).values_list("email", "language"))
    by_language: dict[str, list[str]] = {}
    for address in addresses:
        language = chosen.get(address) or settings.LANGUAGE_CODE
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        by_language.setdefault(language, []).append(address)
    for language, group in sorted(by_language.items()):
        with translation.override(language):
            subject, body = render()
        send_mail(subject, body, None, group)
