from django.urls import path

from organisations import views

app_name = "organisations"
urlpatterns = [
    path("new/", views.organisation_create_view, name="create"),
    path("<int:pk>/", views.organisation_detail_view, name="detail"),
    path("<int:pk>/teams/new/", views.team_create_view, name="team_create"),
    path("<int:pk>/members/", views.organisation_members_view, name="members"),
]
