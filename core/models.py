from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.taxonomy import Category, Province


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who logs in with an e-mail address. What they may do comes from their
    memberships (company, organisation) and, for Hefboom coaches, the `coach` group."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("nl", _("Dutch")), ("en", _("English"))],
        default="nl",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class ActivityCategory(models.Model):
    """One row per category code of taxonomy.md, so organisations can list several and
    the package browser can filter on them with a plain join on every database."""

    code = models.CharField(_("code"), max_length=20, primary_key=True, choices=Category.choices)

    class Meta:
        verbose_name = _("activity category")
        verbose_name_plural = _("activity categories")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__in=Category.values), name="activitycategory_code_known"
            )
        ]

    def __str__(self) -> str:
        return str(Category(self.code).label)


class Located(models.Model):
    """Address fields shared by company sites and organisations; the coordinates and the
    province are filled from the postal code by the services."""

    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4)
    municipality = models.CharField(_("municipality"), max_length=100)
    province = models.CharField(_("province"), max_length=20, choices=Province.choices)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        abstract = True


class Invitation(models.Model):
    """An invitation into a company or organisation, keyed on an e-mail address. It is
    taken up when someone logs in with that address verified: allauth proved they own it."""

    email = models.EmailField(_("e-mail address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        abstract = True


def located_constraints(prefix: str) -> list[models.BaseConstraint]:
    """Checks shared by every Located model (the names must be unique per table)."""
    return [
        models.CheckConstraint(
            condition=Q(latitude__gte=-90, latitude__lte=90)
            & Q(longitude__gte=-180, longitude__lte=180),
            name=f"{prefix}_coordinates_range",
        ),
        models.CheckConstraint(
            condition=Q(province__in=Province.values), name=f"{prefix}_province_known"
        ),
        models.CheckConstraint(
            condition=Q(postal_code__regex=r"^[0-9]{4}$"), name=f"{prefix}_postal_code_shape"
        ),
    ]


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 digest of the key is stored: the key is shown
    once, when it is made, and a stolen database does not hand out working keys. A random
    key of 256 bits needs no slow hash, and looking it up by digest is one indexed query."""

    user = models.ForeignKey(
        "core.User", on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(
        _("prefix"), max_length=12, help_text=_("The first characters of the key, to tell it.")
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
