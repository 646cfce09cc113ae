from django.urls import path

from fellesskap.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.deadlines, name="deadlines"),
    path("alerts/<uuid:alert_id>/acknowledge", views.acknowledge, name="acknowledge"),
    path("deviations/", views.deviations, name="deviations"),
    path("deviations/export.csv", views.export_csv, name="export"),
    path("deviations/<uuid:deviation_id>/", views.deviation_detail, name="deviation"),
]
