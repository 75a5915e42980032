from __future__ import annotations

from django.urls import path

from tasks import views

app_name = "tasks"
urlpatterns = [
    path("companies/<int:company_pk>/dashboard/", views.dashboard_view, name="dashboard"),
    path(
        "companies/<int:company_pk>/jobs/new/", views.job_description_create_view, name="job_create"
    ),
    path(
        "companies/<int:company_pk>/jobs/<int:pk>/",
        views.job_description_detail_view,
        name="job_detail",
    ),
    path(
        "companies/<int:company_pk>/jobs/<int:pk>/edit/",
        views.job_description_edit_view,
        name="job_edit",
    ),
    path(
        "companies/<int:company_pk>/jobs/<int:pk>/tasks/",
        views.job_description_tasks_view,
        name="job_tasks",
    ),
    path(
        "companies/<int:company_pk>/jobs/<int:pk>/submit/",
        views.job_description_submit_view,
        name="job_submit",
    ),
    path(
        "companies/<int:company_pk>/jobs/<int:pk>/file/",
        views.job_description_file_view,
        name="job_file",
    ),
]
