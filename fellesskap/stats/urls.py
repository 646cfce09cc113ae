from django.urls import path

from fellesskap.stats import views, views_internal

app_name = "stats"
urlpatterns = [
    path("", views.public_index, name="public"),
    path("utgave/<int:pk>.xlsx", views.download_edition, name="edition-xlsx"),
    path("utgave/<int:pk>.pdf", views.download_pdf, name="edition-pdf"),
    path("utgave/<int:pk>/<str:table>.<str:fmt>", views.download_table, name="table-download"),
    path("diagram/<str:name>.json", views.chart_spec, name="chart"),
    # Logged-in roles only (fellesskap.stats.access).
    path("intern/", views_internal.internal_tables, name="internal"),
    path("dagsmaling/", views_internal.day_index, name="day-index"),
    path("dagsmaling/<int:pk>/", views_internal.day_detail, name="day-detail"),
    path("dagsmaling/<int:pk>/bekreft/<str:prison>/", views_internal.day_confirm, name="day-confirm"),
    path("dagsmaling/<int:pk>/avslutt/", views_internal.day_conclude, name="day-conclude"),
]
