from django.urls import path

from fellesskap.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.public_index, name="public"),
    path("utgave/<int:pk>.xlsx", views.download_edition, name="edition-xlsx"),
    path("utgave/<int:pk>/<str:table>.<str:fmt>", views.download_table, name="table-download"),
    path("diagram/<str:name>.json", views.chart_spec, name="chart"),
]
