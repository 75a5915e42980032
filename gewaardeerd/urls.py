from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import views as core_views

admin.site.site_header = _("Gewaardeerd Werk – coaches")
admin.site.site_title = _("Gewaardeerd Werk")
admin.site.index_title = _("Matching and review")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("start/", core_views.start, name="start"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("", include("core.urls")),
    path("api/", include("gewaardeerd.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("companies/", include("companies.urls")),
    path("organisations/", include("organisations.urls")),
    path("", include("tasks.urls")),
    path("", include("matching.urls")),
    path("", include("agreements.urls")),
    path("admin/", admin.site.urls),
]
