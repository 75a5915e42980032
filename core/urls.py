from __future__ import annotations

from django.urls import path

from core import views

# No app namespace: these sit next to allauth's account pages and are linked from base.html.
urlpatterns = [
    path("account/profile/", views.profile, name="profile"),
    path("account/tokens/new/", views.token_create, name="token_create"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("account/export/", views.account_export_view, name="account_export"),
    path("account/delete/", views.account_delete_view, name="account_delete"),
    path("privacy/", views.privacy, name="privacy"),
]
