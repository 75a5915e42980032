"""API of the matching app: task packages (browse and respond), matching runs (start,
status, export in the spec's formats) and proposals (coach review).

Runs and proposals are for Hefboom coaches only (403 for anyone else, as the coach pages).
Packages are seen by the company they come from, the organisation they are offered to,
any organisation while a package is published, and coaches; any other id answers 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import Conflict, IsCoach, form_cleaned
from core.pagecache import CachedListMixin
from core.selectors import user_roles
from core.taxonomy import Province
from matching.forms import DeclineForm, InterestForm
from matching.models import MatchingRun, Proposal
from matching.selectors_offers import (
    OURS,
    PUBLISHED_OPEN,
    offers_organisation_for_user,
    package_get_for_organisation,
    user_organisations,
)
from matching.services import (
    DEFAULT_TIME_LIMIT,
    PackageRuleError,
    package_approve,
    package_reject,
    run_create,
    run_export,
)
from matching.services.offers import (
    OfferError,
    package_accept,
    package_decline,
    package_interest_express,
)
from organisations.models import Organisation
from tasks.models import TaskPackage

MAX_TIME_LIMIT = 1800.0  # the coach's start form allows the same

PACKAGE_EXAMPLE = {
    "id": 21,
    "company": 3,
    "company_name": "Bakkerij Van Damme",
    "organisation": 7,
    "organisation_name": "Atelier Noord",
    "team": 11,
    "team_name": "Packing team",
    "status": "offered",
    "hours_per_week": "10.0",
    "published": False,
    "tasks": [
        {
            "id": 40,
            "title": "Pakketten inpakken",
            "hours_per_week": "6.0",
            "category": "packaging",
            "level": 2,
            "mode": "either",
        }
    ],
    "created_at": "2026-11-27T08:00:00+01:00",
}
RUN_EXAMPLE = {
    "id": 4,
    "status": "succeeded",
    "scope": "province",
    "scope_province": "oost-vlaanderen",
    "scope_companies": [],
    "progress": 1.0,
    "progress_message": "done",
    "parameters": {"time_limit": 20.0, "seed": 0},
    "score": 123.4,
    "bound": 130.0,
    "gap": 0.05,
    "hours_placed": 130.0,
    "error": "",
    "created_at": "2026-11-27T08:00:00+01:00",
    "started_at": "2026-11-27T08:00:01+01:00",
    "finished_at": "2026-11-27T08:00:21+01:00",
}


# ---------------------------------------------------------------------------------------
# Packages


class PackageTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1)
    category = serializers.CharField()
    level = serializers.IntegerField()
    mode = serializers.CharField()


class PackageSerializer(serializers.ModelSerializer):
    company_name = serializers.CharField(source="company.name", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True)
    tasks = PackageTaskSerializer(many=True, read_only=True)

    class Meta:
        model = TaskPackage
        fields = [
            "id",
            "company",
            "company_name",
            "organisation",
            "organisation_name",
            "team",
            "team_name",
            "status",
            "hours_per_week",
            "published",
            "tasks",
            "created_at",
        ]
        read_only_fields = fields


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000, help_text=_("Why you decline; the company and the coach read it.")
    )


class InterestSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=_("Your organisation; left out, the first of yours that may see it."),
    )
    team = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("The team that would do it.")
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class InterestResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    package = serializers.IntegerField(source="package_id")
    organisation = serializers.IntegerField(source="organisation_id")
    team = serializers.IntegerField(source="team_id", allow_null=True)
    note = serializers.CharField()


def packages_visible_to(user: Any) -> QuerySet[TaskPackage]:
    """The packages a user may see: as the organisation's package pages (offered to one of
    their organisations, or published and open), their company's packages (the company
    dashboard), or every package for a coach."""
    roles = user_roles(user)
    packages = TaskPackage.objects.select_related("company", "organisation", "team")
    if roles.coach:
        return packages
    seen = Q(company_id__in=roles.company_ids) | Q(
        organisation_id__in=roles.organisation_ids, status__in=OURS
    )
    if roles.organisation_ids:
        seen |= Q(published=True, status__in=PUBLISHED_OPEN)
    return packages.filter(seen)


@extend_schema_view(
    list=extend_schema(
        summary=_("Task packages you may see"),
        description=_(
            "Your company's packages; the packages offered to your organisation and the "
            "published ones; every package for coaches."
        ),
        examples=[OpenApiExample("An offer", value=PACKAGE_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary=_("One task package"),
        examples=[OpenApiExample("An offer", value=PACKAGE_EXAMPLE, response_only=True)],
    ),
)
class PackageViewSet(
    CachedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = PackageSerializer
    lookup_value_regex = "[0-9]{1,18}"
    filterset_fields = ["status", "company", "organisation", "team", "published"]
    ordering_fields = ["created_at", "hours_per_week", "status"]
    ordering = ["-created_at"]

    def get_queryset(self) -> QuerySet[TaskPackage]:
        if getattr(self, "swagger_fake_view", False):
            return TaskPackage.objects.none()
        return packages_visible_to(self.request.user).prefetch_related("tasks")

    def get_object(self) -> TaskPackage:
        package = self.get_queryset().filter(pk=int(self.kwargs["pk"])).first()
        if package is None:
            raise Http404("No such package.")
        return package

    def _offered_to(self, package: TaskPackage) -> Organisation:
        """Only members of the organisation the package is offered to answer it."""
        if package.organisation_id not in user_roles(self.request.user).organisation_ids:
            raise exceptions.PermissionDenied(
                _("Only the organisation the package is offered to can answer it.")
            )
        return package.organisation

    def _answered(self, package: TaskPackage) -> Response:
        return Response(PackageSerializer(self.get_queryset().get(pk=package.pk)).data)

    @extend_schema(
        summary=_("Accept a package offered to your organisation"),
        description=_("Every rule is checked again with today's capacity; 409 says why not."),
        request=None,
        responses={200: PackageSerializer},
        examples=[
            OpenApiExample(
                "Accepted", value={**PACKAGE_EXAMPLE, "status": "accepted"}, response_only=True
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        package = self.get_object()
        organisation = self._offered_to(package)
        try:
            package_accept(package=package, organisation=organisation, user=request.user)
        except OfferError as exc:
            raise Conflict(exc.message) from exc
        return self._answered(package)

    @extend_schema(
        summary=_("Decline a package offered to your organisation, with a reason"),
        request=DeclineSerializer,
        responses={200: PackageSerializer},
        examples=[
            OpenApiExample(
                "Decline", value={"reason": "No free team before March."}, request_only=True
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        package = self.get_object()
        organisation = self._offered_to(package)
        payload = DeclineSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = form_cleaned(DeclineForm(data=payload.validated_data))
        try:
            package_decline(
                package=package, organisation=organisation, user=request.user, reason=data["reason"]
            )
        except OfferError as exc:
            raise Conflict(exc.message) from exc
        return self._answered(package)

    @extend_schema(
        summary=_("Tell the coaches your organisation would take on a published package"),
        request=InterestSerializer,
        responses={201: InterestResultSerializer},
        examples=[
            OpenApiExample(
                "Interest",
                value={"organisation": 7, "team": 11, "note": "We can start in two weeks."},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def interest(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        package = self.get_object()
        payload = InterestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        organisation = self._interested(package, data.get("organisation"))
        cleaned = form_cleaned(
            InterestForm(
                data={"team": data.get("team"), "note": data.get("note", "")},
                organisation=organisation,
            )
        )
        try:
            interest = package_interest_express(
                package=package,
                organisation=organisation,
                user=request.user,
                team=cleaned["team"],
                note=cleaned["note"],
            )
        except OfferError as exc:
            raise Conflict(exc.message) from exc
        return Response(InterestResultSerializer(interest).data, status=status.HTTP_201_CREATED)

    def _interested(self, package: TaskPackage, organisation_id: int | None) -> Organisation:
        """The organisation speaking, as on the package page: the one asked for (404 if the
        user is not in it or it may not see the package), else the first of the user's that
        may; 403 for a user in no organisation."""
        if organisation_id is None and not user_roles(self.request.user).organisation_ids:
            raise exceptions.PermissionDenied(
                _("Only members of a social-economy organisation show interest.")
            )
        if organisation_id is None:
            for organisation in user_organisations(user=self.request.user):
                try:
                    package_get_for_organisation(organisation=organisation, pk=package.pk)
                except Http404:
                    continue
                return organisation
            raise Http404("No such package.")
        organisation = offers_organisation_for_user(user=self.request.user, pk=organisation_id)
        package_get_for_organisation(organisation=organisation, pk=package.pk)
        return organisation


# ---------------------------------------------------------------------------------------
# Matching runs


class RunSerializer(serializers.ModelSerializer):
    gap = serializers.FloatField(read_only=True, allow_null=True)
    # Blank unless the scope is one province: a string, not the province enum.
    scope_province = serializers.CharField(read_only=True)

    class Meta:
        model = MatchingRun
        fields = [
            "id",
            "status",
            "scope",
            "scope_province",
            "scope_companies",
            "progress",
            "progress_message",
            "parameters",
            "score",
            "bound",
            "gap",
            "hours_placed",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class RunCreateSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=MatchingRun.Scope.choices, default="all")
    province = serializers.ChoiceField(
        choices=Province.choices, required=False, allow_blank=True, default=""
    )
    companies = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list
    )
    time_limit = serializers.FloatField(
        min_value=1, max_value=MAX_TIME_LIMIT, default=DEFAULT_TIME_LIMIT
    )
    seed = serializers.IntegerField(min_value=0, max_value=2**31 - 1, default=0)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        from companies.models import Company

        if data["scope"] == MatchingRun.Scope.PROVINCE and not data.get("province"):
            raise serializers.ValidationError({"province": [_("Choose the province to match.")]})
        if data["scope"] == MatchingRun.Scope.COMPANIES:
            if not data.get("companies"):
                raise serializers.ValidationError(
                    {"companies": [_("Choose at least one company.")]}
                )
            known = set(
                Company.objects.filter(pk__in=data["companies"]).values_list("pk", flat=True)
            )
            if known != set(data["companies"]):
                raise serializers.ValidationError({"companies": [_("Unknown company.")]})
        return data


class SpecDocumentSerializer(serializers.Serializer):
    format = serializers.CharField()


@extend_schema_view(
    list=extend_schema(
        summary=_("Matching runs (coaches)"),
        examples=[OpenApiExample("A run", value=RUN_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary=_("A run's status and progress (coaches)"),
        examples=[OpenApiExample("A run", value=RUN_EXAMPLE, response_only=True)],
    ),
    create=extend_schema(
        summary=_("Start a matching run (coaches)"),
        request=RunCreateSerializer,
        responses={202: RunSerializer},
        examples=[
            OpenApiExample(
                "One province",
                value={"scope": "province", "province": "oost-vlaanderen", "time_limit": 20},
                request_only=True,
            )
        ],
    ),
)
# Not page-cached (core.pagecache): a run's progress changes every few seconds and its
# writes are left unwatched.
class MatchingRunViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = RunSerializer
    lookup_value_regex = "[0-9]{1,18}"
    permission_classes = [IsCoach]
    filterset_fields = ["status", "scope", "scope_province"]
    ordering_fields = ["created_at", "score"]
    ordering = ["-created_at"]
    queryset = MatchingRun.objects.prefetch_related("scope_companies")

    def get_queryset(self) -> QuerySet[MatchingRun]:
        return MatchingRun.objects.prefetch_related("scope_companies").defer("instance")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = RunCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        run = run_create(
            started_by=request.user,
            scope=data["scope"],
            province=data.get("province", ""),
            company_ids=data.get("companies", []),
            time_limit=data["time_limit"],
            seed=data["seed"],
        )
        run = self.get_queryset().get(pk=run.pk)
        return Response(RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)

    def _export(self, part: int) -> Response:
        run = MatchingRun.objects.get(pk=self.get_object().pk)
        if run.status != MatchingRun.Status.SUCCEEDED:
            raise Conflict(_("The run has not succeeded: there is nothing to export yet."))
        return Response(run_export(run=run)[part])

    @extend_schema(
        summary=_("The instance the run solved (gewaardeerd-matching/1)"),
        responses={200: SpecDocumentSerializer},
        examples=[
            OpenApiExample(
                "Instance",
                value={
                    "format": "gewaardeerd-matching/1",
                    "params": {},
                    "tasks": [],
                    "organisations": [],
                },  # fmt: skip
                response_only=True,
            )
        ],
    )
    @action(detail=True, methods=["get"], url_path="export/instance", url_name="export-instance")
    def export_instance(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._export(0)

    @extend_schema(
        summary=_("The run's proposals (gewaardeerd-proposals/1)"),
        responses={200: SpecDocumentSerializer},
        examples=[
            OpenApiExample(
                "Proposals",
                value={
                    "format": "gewaardeerd-proposals/1",
                    "packages": [
                        {"company": "c1", "organisation": "o1", "group": "g1", "tasks": ["t1"]}
                    ],
                    "stats": {"score": 5.2, "hours_placed": 6.0, "seconds": 0.4},
                },
                response_only=True,
            )
        ],
    )
    @action(detail=True, methods=["get"], url_path="export/proposals", url_name="export-proposals")
    def export_proposals(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._export(1)


# ---------------------------------------------------------------------------------------
# Proposals (coach review)


class ProposalSerializer(serializers.ModelSerializer):
    package = PackageSerializer(read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "run", "score", "explanation", "package"]
        read_only_fields = fields


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text=_("Why; the history keeps it."))


PROPOSAL_EXAMPLE = {
    "id": 9,
    "run": 4,
    "score": 5.2,
    "explanation": {"hours": 6.0, "supervision_needed": 0.75, "team_free_hours_at_run": 40.0},
    "package": {**PACKAGE_EXAMPLE, "status": "proposed"},
}


@extend_schema_view(
    list=extend_schema(
        summary=_("Proposals of the matching runs (coaches)"),
        examples=[OpenApiExample("A proposal", value=PROPOSAL_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary=_("One proposal with the engine's explanation (coaches)"),
        examples=[OpenApiExample("A proposal", value=PROPOSAL_EXAMPLE, response_only=True)],
    ),
)
class ProposalViewSet(
    CachedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = ProposalSerializer
    lookup_value_regex = "[0-9]{1,18}"
    permission_classes = [IsCoach]
    filterset_fields = {"run": ["exact"], "package__status": ["exact"]}
    ordering_fields = ["score", "id"]
    ordering = ["-score", "id"]

    def get_queryset(self) -> QuerySet[Proposal]:
        return Proposal.objects.select_related(
            "package__company", "package__organisation", "package__team"
        ).prefetch_related("package__tasks")

    def _decide(self, decide: Any) -> Response:
        proposal = self.get_object()
        try:
            decide(proposal.package)
        except PackageRuleError as exc:
            raise Conflict(str(exc)) from exc
        return Response(ProposalSerializer(self.get_queryset().get(pk=proposal.pk)).data)

    @extend_schema(
        summary=_("Approve and offer the package (every rule re-checked; 409 if one breaks)"),
        request=None,
        responses={200: ProposalSerializer},
        examples=[
            OpenApiExample(
                "Offered",
                value={**PROPOSAL_EXAMPLE, "package": {**PACKAGE_EXAMPLE, "status": "offered"}},
                response_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._decide(lambda package: package_approve(package=package, coach=request.user))

    @extend_schema(
        summary=_("Reject the package, with a reason"),
        request=RejectSerializer,
        responses={200: ProposalSerializer},
        examples=[
            OpenApiExample(
                "Reject", value={"reason": "The team is booked until June."}, request_only=True
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = RejectSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reason = payload.validated_data["reason"]
        if not reason.strip():
            raise exceptions.ValidationError({"reason": [_("A rejection needs a reason.")]})
        return self._decide(
            lambda package: package_reject(package=package, coach=request.user, reason=reason)
        )
