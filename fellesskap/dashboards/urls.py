from django.urls import path

from fellesskap.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("prison/", views.prison_dashboard, name="prison"),
    path("region/", views.region_dashboard, name="region"),
    path("national/", views.national_dashboard, name="national"),
]
