"""API of the organisations app: the user's organisations and their teams.

Teams are described only in aggregate (hours, capacity, headcount): nothing here identifies
a target-group employee. Every id in a URL is fetched through
``organisation_get_for_user`` (404 for anyone outside the organisation).
"""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import form_cleaned
from core.pagecache import CachedListMixin
from core.taxonomy import Category
from organisations.forms import OrganisationCreateForm, OrganisationProfileForm, TeamForm
from organisations.models import Organisation, OrganisationMembership, Team
from organisations.selectors import organisation_get_for_user, team_get_for_organisation
from organisations.services import (
    organisation_create,
    organisation_update,
    team_create,
    team_update,
)

ORGANISATION_EXAMPLE = {
    "id": 7,
    "name": "Atelier Noord",
    "type": "maatwerkbedrijf",
    "enterprise_number": "0403.170.701",
    "address": "Dok Noord 7",
    "postal_code": "9000",
    "municipality": "Gent",
    "province": "oost-vlaanderen",
    "latitude": 51.05,
    "longitude": 3.72,
    "radius_km": "25.0",
    "categories": ["packaging", "cleaning"],
    "onsite": True,
    "inhouse": True,
    "supervision_hours": "20.0",
    "contact_email": "info@ateliernoord.be",
    "my_role": "admin",
}
TEAM_EXAMPLE = {
    "id": 11,
    "name": "Packing team Monday–Wednesday",
    "capacity_hours": "80.0",
    "max_level": 2,
    "max_time_pressure": 2,
    "max_physical_load": 2,
    "supervision_ratio": "0.125",
    "headcount": 8,
}


def _int_id(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc


class OrganisationSerializer(serializers.ModelSerializer):
    # Blank when not given: a plain string, not `format: email`, so the schema tells the truth.
    contact_email = serializers.CharField(read_only=True)
    categories = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    my_role = serializers.SerializerMethodField(help_text=_("Your role in the organisation."))

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "type",
            "enterprise_number",
            "address",
            "postal_code",
            "municipality",
            "province",
            "latitude",
            "longitude",
            "radius_km",
            "categories",
            "onsite",
            "inhouse",
            "supervision_hours",
            "contact_email",
            "my_role",
        ]
        read_only_fields = fields

    def get_my_role(self, organisation: Organisation) -> str:
        return getattr(organisation, "my_role", "") or ""


class OrganisationCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    type = serializers.ChoiceField(choices=Organisation.Type.choices)
    enterprise_number = serializers.CharField(max_length=20)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=4, help_text=_("E.g. 9000."))
    radius_km = serializers.DecimalField(max_digits=5, decimal_places=1)
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=Category.choices), allow_empty=False
    )
    onsite = serializers.BooleanField(required=False, default=False)
    inhouse = serializers.BooleanField(required=False, default=True)
    supervision_hours = serializers.DecimalField(max_digits=6, decimal_places=1)
    contact_email = serializers.EmailField(required=False, allow_blank=True)


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = [
            "id",
            "name",
            "capacity_hours",
            "max_level",
            "max_time_pressure",
            "max_physical_load",
            "supervision_ratio",
            "headcount",
        ]
        read_only_fields = fields


class TeamCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    capacity_hours = serializers.DecimalField(max_digits=6, decimal_places=1)
    max_level = serializers.IntegerField(min_value=1, max_value=5)
    max_time_pressure = serializers.IntegerField(min_value=1, max_value=3)
    max_physical_load = serializers.IntegerField(min_value=1, max_value=3)
    supervision_ratio = serializers.DecimalField(max_digits=5, decimal_places=3)
    headcount = serializers.IntegerField(min_value=1, max_value=100000)


def _with_role(organisations: QuerySet[Organisation], user: Any) -> QuerySet[Organisation]:
    role = OrganisationMembership.objects.filter(organisation=OuterRef("pk"), user=user)
    return organisations.annotate(my_role=Subquery(role.values("role")[:1])).prefetch_related(
        "categories"
    )


@extend_schema_view(
    list=extend_schema(
        summary=_("Your organisations"),
        examples=[
            OpenApiExample("An organisation", value=ORGANISATION_EXAMPLE, response_only=True)
        ],
    ),
    retrieve=extend_schema(
        summary=_("One of your organisations"),
        examples=[
            OpenApiExample("An organisation", value=ORGANISATION_EXAMPLE, response_only=True)
        ],
    ),
    create=extend_schema(
        summary=_("Register an organisation; you become its administrator"),
        request=OrganisationCreateSerializer,
        responses={201: OrganisationSerializer},
        examples=[
            OpenApiExample(
                "Register",
                value={
                    "name": "Atelier Noord",
                    "type": "maatwerkbedrijf",
                    "enterprise_number": "0403170701",
                    "postal_code": "9000",
                    "radius_km": "25",
                    "categories": ["packaging"],
                    "onsite": True,
                    "inhouse": True,
                    "supervision_hours": "20",
                },
                request_only=True,
            )
        ],
    ),
    update=extend_schema(
        summary=_("Change the organisation's profile (administrators only)"),
        request=OrganisationCreateSerializer,
        responses={200: OrganisationSerializer},
        examples=[
            OpenApiExample("Profile", value=ORGANISATION_EXAMPLE, response_only=True),
        ],
    ),
)
class OrganisationViewSet(
    CachedListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = OrganisationSerializer
    # A whole profile is sent, as the page's form does (PUT); no partial changes.
    http_method_names = ["get", "post", "put", "head", "options"]
    lookup_value_regex = "[0-9]{1,18}"
    filterset_fields = ["type", "province"]
    ordering_fields = ["name"]
    ordering = ["name"]

    def get_queryset(self) -> QuerySet[Organisation]:
        user = self.request.user
        if not user.is_authenticated:
            return Organisation.objects.none()
        return _with_role(Organisation.objects.filter(memberships__user=user), user)

    def get_object(self) -> Organisation:
        organisation, _m = organisation_get_for_user(
            user=self.request.user, pk=_int_id(self.kwargs["pk"])
        )
        return _with_role(Organisation.objects.filter(pk=organisation.pk), self.request.user).get()

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = OrganisationCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = form_cleaned(OrganisationCreateForm(data=payload.validated_data))
        organisation = organisation_create(
            admin_user=request.user, categories=data.pop("categories"), **data
        )
        organisation = _with_role(Organisation.objects.filter(pk=organisation.pk), request.user)
        return Response(
            OrganisationSerializer(organisation.get()).data, status=status.HTTP_201_CREATED
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        organisation = self.get_object()
        _admin_only(
            organisation.my_role,
            _("Only the organisation's administrators can change its profile."),
        )
        payload = OrganisationCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = form_cleaned(
            OrganisationProfileForm(data=payload.validated_data, instance=organisation)
        )
        organisation_update(organisation=organisation, categories=data.pop("categories"), **data)
        return Response(OrganisationSerializer(self.get_object()).data)


@extend_schema_view(
    list=extend_schema(
        summary=_("The organisation's teams"),
        examples=[OpenApiExample("A team", value=TEAM_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary=_("One team"),
        examples=[OpenApiExample("A team", value=TEAM_EXAMPLE, response_only=True)],
    ),
    update=extend_schema(
        summary=_("Change a team (administrators only; not below what is committed)"),
        request=TeamCreateSerializer,
        responses={200: TeamSerializer},
        examples=[OpenApiExample("A team", value=TEAM_EXAMPLE, response_only=True)],
    ),
    create=extend_schema(
        summary=_("Add a team (administrators only)"),
        request=TeamCreateSerializer,
        responses={201: TeamSerializer},
        examples=[
            OpenApiExample(
                "Add", value={k: v for k, v in TEAM_EXAMPLE.items() if k != "id"}, request_only=True
            )
        ],
    ),
)
class TeamViewSet(
    CachedListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = TeamSerializer
    http_method_names = ["get", "post", "put", "head", "options"]
    lookup_value_regex = "[0-9]{1,18}"
    filterset_fields = ["max_level"]
    ordering_fields = ["name", "capacity_hours"]
    ordering = ["name"]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.organisation, self.membership = organisation_get_for_user(
            user=request.user, pk=_int_id(self.kwargs["organisation_pk"])
        )

    def get_queryset(self) -> QuerySet[Team]:
        if getattr(self, "swagger_fake_view", False):
            return Team.objects.none()
        return Team.objects.filter(organisation=self.organisation)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if self.membership.role != OrganisationMembership.Role.ADMIN:
            raise exceptions.PermissionDenied(
                _("Only the organisation's administrators can add teams.")
            )
        payload = TeamCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        team = team_create(
            organisation=self.organisation, **form_cleaned(TeamForm(data=payload.validated_data))
        )
        return Response(TeamSerializer(team).data, status=status.HTTP_201_CREATED)

    def get_object(self) -> Team:
        return team_get_for_organisation(
            organisation=self.organisation, pk=_int_id(self.kwargs["pk"])
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _admin_only(
            self.membership.role, _("Only the organisation's administrators can change teams.")
        )
        team = self.get_object()
        payload = TeamCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = form_cleaned(TeamForm(data=payload.validated_data, instance=team))
        return Response(TeamSerializer(team_update(team=team, **data)).data)


def _admin_only(role: str, message: str) -> None:
    if role != OrganisationMembership.Role.ADMIN:
        raise exceptions.PermissionDenied(message)
