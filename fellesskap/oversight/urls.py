from django.urls import path

from fellesskap.oversight import views_board, views_health, views_inspection

app_name = "oversight"
urlpatterns = [
    path("health/", views_health.health_today, name="health"),
    path("health/contact/", views_health.health_contact, name="health_contact"),
    path("health/notified/", views_health.health_notified, name="health_notified"),
    path("", views_board.index, name="index"),
    path("register/", views_board.register, name="register"),
    path("register.csv", views_board.register_csv, name="register_csv"),
    path("notifications/", views_board.notifications, name="notifications"),
    path("notifications.csv", views_board.notifications_csv, name="notifications_csv"),
    path("notifications/acknowledge/", views_board.acknowledge, name="acknowledge"),
    path("deviations/", views_board.deviations, name="deviations"),
    path("deviations.csv", views_board.deviations_csv, name="deviations_csv"),
    path("inspections/", views_inspection.inspections, name="inspections"),
    path("inspections/<uuid:inspection_id>/", views_inspection.inspection, name="inspection"),
    path("inspections/<uuid:inspection_id>/report/<str:language>.<str:fmt>", views_inspection.report_view,
         name="inspection_report"),
]
