from django.urls import path

from organisations import views

app_name = "organisations"
urlpatterns = [
    path("new/", views.organisation_create_view, name="create"),
    path("<int:pk>/", views.organisation_detail_view, name="detail"),
    path("<int:pk>/teams/new/", views.team_create_view, name="team_create"),
    path("<int:pk>/members/", views.organisation_members_view, name="members"),
    path("<int:pk>/edit/", views.organisation_edit_view, name="edit"),
    path("<int:pk>/teams/<int:team_pk>/edit/", views.team_edit_view, name="team_edit"),
    path("<int:pk>/capacity/", views.capacity_view, name="capacity"),
]
