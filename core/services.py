"""Account services: API tokens, the data export and account deletion, and the hooks of
log-in throttling (django-axes)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from core import pagecache
from core.models import ApiToken

MAX_TOKENS_PER_USER = 20

# ---------------------------------------------------------------------------------------
# Log-in throttling


class ThrottlingBackend(AxesStandaloneBackend):
    """django-axes' lockout check. Every log-in of the site passes the request (allauth,
    the admin, the API); only `Client.login` in tests calls without one, and a check
    that cannot see an IP address has nothing to throttle, so it steps aside."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The address someone tries to log in with: allauth passes `email`, the admin
    `username`, and the log-in form posts `login`; counted case-insensitively."""
    credentials = credentials or {}
    value = (
        credentials.get("email")
        or credentials.get("username")
        or credentials.get("login")
        or (request.POST.get("login") if request is not None else "")
        or (request.POST.get("username") if request is not None else "")
        or ""
    )
    return str(value).strip().lower()


# ---------------------------------------------------------------------------------------
# API tokens


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # shown once; only its digest is stored


def api_token_create(*, user: Any, name: str) -> NewToken:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the script that uses it.")})
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(
            {
                "name": _("You have %(count)d tokens; revoke one first.")
                % {"count": MAX_TOKENS_PER_USER}
            }
        )
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=key[:8], digest=_digest(key))
    return NewToken(token=token, key=key)


def api_token_revoke(*, user: Any, token_id: int) -> None:
    """Delete one of the user's own tokens; someone else's id is simply not found."""
    deleted, _rows = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise ApiToken.DoesNotExist


def api_token_authenticate(*, key: str) -> Any | None:
    """The active user a key belongs to, or None; notes when the token was last used."""
    if not key:
        return None
    digest = _digest(key)
    # Remembered until the next write to the database (core.pagecache): revoking a token,
    # deactivating its user and noting its use are such writes.
    token = pagecache.memo(
        "api-token",
        digest,
        lambda: ApiToken.objects.select_related("user").filter(digest=digest).first(),
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # Write at most once a minute: a busy script must not turn every read into a write (nor
    # empty the page cache more often).
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# ---------------------------------------------------------------------------------------
# Privacy: export and deletion


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def account_export(*, user: Any) -> dict[str, Any]:
    """Everything stored about the user as a person, as one JSON document."""
    from allauth.account.models import EmailAddress

    from companies.models import CompanyInvitation, JobDescription
    from matching.models import MatchingRun
    from organisations.models import OrganisationInvitation
    from tasks.models import PackageEvent, PackageInterest

    return {
        "format": "gewaardeerd-account-export/1",
        "exported_at": _iso(timezone.now()),
        "user": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.language,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "is_staff": user.is_staff,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "company_memberships": [
            {"company": m.company.name, "role": m.role, "since": _iso(m.created_at)}
            for m in user.company_memberships.select_related("company").order_by("id")
        ],
        "organisation_memberships": [
            {"organisation": m.organisation.name, "role": m.role, "since": _iso(m.created_at)}
            for m in user.organisation_memberships.select_related("organisation").order_by("id")
        ],
        "invitations_sent": [
            {"email": i.email, "to": str(target), "sent": _iso(i.created_at)}
            for model, field in (
                (CompanyInvitation, "company"),
                (OrganisationInvitation, "organisation"),
            )
            for i in model.objects.filter(invited_by=user).select_related(field).order_by("id")
            for target in [getattr(i, field)]
        ],
        "job_descriptions_created": [
            {"id": j.pk, "company": j.company.name, "title": j.title, "created": _iso(j.created_at)}
            for j in JobDescription.objects.filter(created_by=user).select_related("company")
        ],
        "package_events": [
            {
                "package": e.package_id,
                "action": e.action,
                "from": e.from_status,
                "to": e.to_status,
                "reason": e.reason,
                "when": _iso(e.created_at),
            }
            for e in PackageEvent.objects.filter(actor=user).order_by("id")
        ],
        "package_interests": [
            {"package": i.package_id, "note": i.note, "when": _iso(i.created_at)}
            for i in PackageInterest.objects.filter(user=user).order_by("id")
        ],
        "matching_runs_started": [
            {"run": r.pk, "created": _iso(r.created_at)}
            for r in MatchingRun.objects.filter(started_by=user).order_by("id")
        ],
        "api_tokens": [
            {"name": t.name, "prefix": t.prefix, "created": _iso(t.created_at)}
            for t in user.api_tokens.all()
        ],
    }


class AccountDeletionRefused(ValidationError):
    pass


def _last_owner_of(user: Any) -> list[str]:
    """Companies and organisations that would be left without anyone to run them."""
    from companies.models import CompanyMembership
    from organisations.models import OrganisationMembership

    stuck: list[str] = []
    for membership in user.company_memberships.filter(
        role=CompanyMembership.Role.OWNER
    ).select_related("company"):
        others = CompanyMembership.objects.filter(
            company_id=membership.company_id, role=CompanyMembership.Role.OWNER
        ).exclude(user=user)
        if not others.exists():
            stuck.append(membership.company.name)
    for membership in user.organisation_memberships.filter(
        role=OrganisationMembership.Role.ADMIN
    ).select_related("organisation"):
        others = OrganisationMembership.objects.filter(
            organisation_id=membership.organisation_id, role=OrganisationMembership.Role.ADMIN
        ).exclude(user=user)
        if not others.exists():
            stuck.append(membership.organisation.name)
    return stuck


def account_delete_blockers(*, user: Any) -> list[str]:
    return _last_owner_of(user)


def account_delete(*, user: Any) -> None:
    """Remove the person, keep the contracts. The user row stays as an anonymous, inactive
    placeholder so that package histories, job descriptions and matching runs keep their
    references ("deleted user"); name, address, password, e-mail addresses, memberships,
    tokens and open invitations to them go. Refused while the user is the last owner of a
    company or the last administrator of an organisation: someone must be able to act for
    it, so they hand it over first."""
    from allauth.account.models import EmailAddress

    from companies.models import CompanyInvitation
    from organisations.models import OrganisationInvitation

    User = get_user_model()  # noqa: N806
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        stuck = _last_owner_of(user)
        if stuck:
            raise AccountDeletionRefused(
                _(
                    "You are the last owner or administrator of %(names)s. Make a colleague "
                    "owner or administrator first (or ask a coach to close it); then delete "
                    "your account."
                )
                % {"names": ", ".join(stuck)},
                code="last_owner",
            )
        addresses = {user.email.lower(), *(a.email.lower() for a in user.emailaddress_set.all())}
        for model in (CompanyInvitation, OrganisationInvitation):
            model.objects.filter(email__in=addresses, accepted_at__isnull=True).delete()
        EmailAddress.objects.filter(user=user).delete()
        user.api_tokens.all().delete()
        user.company_memberships.all().delete()
        user.organisation_memberships.all().delete()
        user.groups.clear()
        user.user_permissions.clear()
        user.email = f"deleted-{user.pk}-{secrets.token_hex(4)}@deleted.invalid"
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.last_login = None
        user.set_unusable_password()
        # A new (unusable) password changes the session hash, and an inactive user is
        # refused by the backends: every other session of the user ends with this save.
        user.save()
