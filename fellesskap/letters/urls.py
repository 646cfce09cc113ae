"""Letter paths: the kind of decision, its opaque id and the language — nothing personal."""

from django.urls import path

from fellesskap.letters import views

app_name = "letters"
urlpatterns = [
    path("<str:kind>/<uuid:public_id>/<str:language>/", views.letter, name="letter"),
    path("<str:kind>/<uuid:public_id>/<str:language>/pdf/", views.letter, {"fmt": "pdf"}, name="letter_pdf"),
]
