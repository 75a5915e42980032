from django.urls import path

from companies import views

app_name = "companies"
urlpatterns = [
    path("new/", views.company_create_view, name="create"),
    path("<int:pk>/", views.company_detail_view, name="detail"),
    path("<int:pk>/sites/new/", views.site_create_view, name="site_create"),
    path("<int:pk>/members/", views.company_members_view, name="members"),
]
