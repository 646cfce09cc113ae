"""Letter paths: the decision's opaque id and the language — nothing personal.
The id parameters are named as in the records app (``exclusion_id``,
``means_id``) so that the generated authorization test knows them."""

from django.urls import path

from fellesskap.letters import views

app_name = "letters"
urlpatterns = [
    path("exclusions/<uuid:exclusion_id>/<str:language>/", views.exclusion_letter, name="exclusion"),
    path("exclusions/<uuid:exclusion_id>/<str:language>/pdf/", views.exclusion_letter, {"fmt": "pdf"},
         name="exclusion_pdf"),
    path("coercive-means/<uuid:means_id>/<str:language>/", views.coercive_means_letter, name="coercive_means"),
    path("coercive-means/<uuid:means_id>/<str:language>/pdf/", views.coercive_means_letter, {"fmt": "pdf"},
         name="coercive_means_pdf"),
]
