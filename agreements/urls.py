"""Quotes, agreements, delivered hours, the package thread and the impact pages; included
at the site root."""

from __future__ import annotations

from django.urls import path

from agreements import views

app_name = "agreements"
urlpatterns = [
    path("packages/<int:pk>/deal/", views.deal_view, name="deal"),
    path("packages/<int:pk>/deal/quote/", views.quote_send_view, name="quote_send"),
    path("packages/<int:pk>/deal/accept/", views.quote_accept_view, name="quote_accept"),
    path("packages/<int:pk>/deal/change/", views.quote_change_view, name="quote_change"),
    path("packages/<int:pk>/sheet.pdf", views.package_sheet_pdf_view, name="package_sheet_pdf"),
    path("packages/<int:pk>/agreement.pdf", views.agreement_pdf_view, name="agreement_pdf"),
    path("packages/<int:pk>/thread/", views.thread_view, name="thread"),
    path("packages/<int:pk>/hours/", views.hours_view, name="hours"),
    path("packages/<int:pk>/hours/record/", views.hours_record_view, name="hours_record"),
    path("packages/<int:pk>/hours/confirm/", views.hours_confirm_view, name="hours_confirm"),
    path("organisations/<int:pk>/rates/", views.rates_view, name="rates"),
    path("impact/", views.impact_view, name="impact"),
    path("impact.csv", views.impact_csv_view, name="impact_csv"),
]
