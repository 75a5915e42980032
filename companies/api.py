"""API of the companies app: the user's companies and their sites.

Input is validated by the web pages' own forms and written by the same services; every id
in a URL is fetched through ``company_get_for_user`` (404 for anyone outside the company).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from companies.forms import CompanyCreateForm, SiteForm
from companies.models import Company, CompanyMembership, Site
from companies.selectors import companies_for_user, company_get_for_user
from companies.services import company_create, site_create
from core.api import form_cleaned
from core.pagecache import CachedListMixin

COMPANY_EXAMPLE = {
    "id": 3,
    "name": "Bakkerij Van Damme",
    "enterprise_number": "0403.170.701",
    "sector": "food",
    "contact_name": "An Van Damme",
    "contact_email": "an@vandamme.be",
    "contact_phone": "+32 9 123 45 67",
    "created_at": "2026-11-27T08:00:00+01:00",
    "my_role": "owner",
}
SITE_EXAMPLE = {
    "id": 5,
    "name": "Atelier Gent",
    "address": "Dok Noord 7",
    "postal_code": "9000",
    "municipality": "Gent",
    "province": "oost-vlaanderen",
    "latitude": 51.05,
    "longitude": 3.72,
}


class CompanySerializer(serializers.ModelSerializer):
    # Blank when not given: a plain string, not `format: email`, so the schema tells the truth.
    contact_email = serializers.CharField(read_only=True)
    my_role = serializers.SerializerMethodField(help_text=_("Your role in the company."))

    class Meta:
        model = Company
        fields = [
            "id",
            "name",
            "enterprise_number",
            "sector",
            "contact_name",
            "contact_email",
            "contact_phone",
            "created_at",
            "my_role",
        ]
        read_only_fields = fields

    def get_my_role(self, company: Company) -> str:
        return getattr(company, "my_role", "") or ""


class CompanyCreateSerializer(serializers.Serializer):
    """A company with its first site; you become its owner."""

    name = serializers.CharField(max_length=200)
    enterprise_number = serializers.CharField(
        max_length=20, help_text=_("The KBO number, e.g. 0403.170.701 or 0403170701.")
    )
    sector = serializers.CharField(max_length=100, required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    site_name = serializers.CharField(max_length=150)
    site_address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    site_postal_code = serializers.CharField(max_length=4, help_text=_("E.g. 9000."))


class SiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = [
            "id",
            "name",
            "address",
            "postal_code",
            "municipality",
            "province",
            "latitude",
            "longitude",
        ]
        read_only_fields = fields


class SiteCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=4, help_text=_("E.g. 9000."))


def _with_role(companies: QuerySet[Company], user: Any) -> QuerySet[Company]:
    from django.db.models import OuterRef, Subquery

    role = CompanyMembership.objects.filter(company=OuterRef("pk"), user=user).values("role")
    return companies.annotate(my_role=Subquery(role[:1]))


@extend_schema_view(
    list=extend_schema(
        summary=_("Your companies"),
        examples=[OpenApiExample("A company", value=COMPANY_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary=_("One of your companies"),
        examples=[OpenApiExample("A company", value=COMPANY_EXAMPLE, response_only=True)],
    ),
    create=extend_schema(
        summary=_("Register a company with its first site"),
        request=CompanyCreateSerializer,
        responses={201: CompanySerializer},
        examples=[
            OpenApiExample(
                "Register",
                value={
                    "name": "Bakkerij Van Damme",
                    "enterprise_number": "0403170701",
                    "sector": "food",
                    "site_name": "Atelier Gent",
                    "site_postal_code": "9000",
                },
                request_only=True,
            )
        ],
    ),
)
class CompanyViewSet(
    CachedListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = CompanySerializer
    lookup_value_regex = "[0-9]{1,18}"
    filterset_fields = ["sector"]
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]

    def get_queryset(self) -> QuerySet[Company]:
        if getattr(self, "swagger_fake_view", False):
            return Company.objects.none()
        return _with_role(companies_for_user(user=self.request.user), self.request.user)

    def get_object(self) -> Company:
        company, _membership = company_get_for_user(
            user=self.request.user, pk=_int_id(self.kwargs["pk"])
        )
        return _with_role(Company.objects.filter(pk=company.pk), self.request.user).get()

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = CompanyCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = form_cleaned(CompanyCreateForm(data=payload.validated_data))
        try:
            company = company_create(
                owner=request.user,
                site_name=data.pop("site_name"),
                site_postal_code=data.pop("site_postal_code"),
                site_address=data.pop("site_address"),
                **data,
            )
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(_prefixed(exc, "site_")) from exc
        company = _with_role(Company.objects.filter(pk=company.pk), request.user).get()
        return Response(CompanySerializer(company).data, status=status.HTTP_201_CREATED)


def _prefixed(exc: DjangoValidationError, prefix: str) -> Any:
    """The site service names its own fields; the company form calls them site_*."""
    if not hasattr(exc, "error_dict"):
        return {"non_field_errors": exc.messages}
    site_fields = {"name", "postal_code", "address"}
    return {
        (f"{prefix}{field}" if field in site_fields else field): messages
        for field, messages in exc.message_dict.items()
    }


def _int_id(value: Any) -> int:
    """URL ids are digits by the route; anything else is simply not found."""
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        from django.http import Http404

        raise Http404 from exc


class CompanyScopedMixin:
    """Fetch the company of the URL through the tenant helper before anything else."""

    company: Company
    membership: CompanyMembership
    request: Request
    kwargs: dict[str, Any]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        self.company, self.membership = company_get_for_user(
            user=request.user, pk=_int_id(self.kwargs["company_pk"])
        )

    @property
    def is_owner(self) -> bool:
        return self.membership.role == CompanyMembership.Role.OWNER


@extend_schema_view(
    list=extend_schema(
        summary=_("The company's sites"),
        examples=[OpenApiExample("A site", value=SITE_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary=_("One site"),
        examples=[OpenApiExample("A site", value=SITE_EXAMPLE, response_only=True)],
    ),
    create=extend_schema(
        summary=_("Add a site (owners only)"),
        request=SiteCreateSerializer,
        responses={201: SiteSerializer},
        examples=[
            OpenApiExample(
                "Add",
                value={"name": "Atelier Gent", "address": "Dok Noord 7", "postal_code": "9000"},
                request_only=True,
            )
        ],
    ),
)
class SiteViewSet(
    CachedListMixin,
    CompanyScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SiteSerializer
    lookup_value_regex = "[0-9]{1,18}"
    filterset_fields = ["province", "postal_code"]
    ordering_fields = ["name", "postal_code"]
    ordering = ["name"]

    def get_queryset(self) -> QuerySet[Site]:
        if getattr(self, "swagger_fake_view", False):
            return Site.objects.none()
        return Site.objects.filter(company=self.company)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not self.is_owner:
            raise exceptions.PermissionDenied(_("Only the company's owner can add sites."))
        payload = SiteCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        site = site_create(
            company=self.company, **form_cleaned(SiteForm(data=payload.validated_data))
        )
        return Response(SiteSerializer(site).data, status=status.HTTP_201_CREATED)
