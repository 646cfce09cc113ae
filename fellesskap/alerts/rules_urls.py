from django.urls import path

from fellesskap.alerts import rules_views

app_name = "rules"
urlpatterns = [
    path("", rules_views.index, name="index"),
    path("prisons/", rules_views.prison_packs, name="prisons"),
]
