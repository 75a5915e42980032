"""The organisation's package pages; included at the site root."""

from __future__ import annotations

from django.urls import path

from matching import views

app_name = "matching"
urlpatterns = [
    path("packages/", views.package_list_view, name="packages"),
    path("packages/<int:pk>/", views.package_detail_view, name="package"),
    path("packages/<int:pk>/interest/", views.package_interest_view, name="package_interest"),
    path("packages/<int:pk>/accept/", views.package_accept_view, name="package_accept"),
    path("packages/<int:pk>/decline/", views.package_decline_view, name="package_decline"),
    path("organisations/<int:pk>/packages/", views.our_packages_view, name="our_packages"),
]
