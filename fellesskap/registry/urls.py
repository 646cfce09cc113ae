"""Registry screens. Paths hold opaque UUIDs only, never a name or number."""

from django.urls import path

from fellesskap.registry import views

app_name = "registry"
urlpatterns = [
    path("persons/", views.person_list, name="person_list"),
    path("persons/new/", views.register_person, name="person_register"),
    path("persons/<uuid:person_id>/", views.person_detail, name="person_detail"),
    path("persons/<uuid:person_id>/admit/", views.admit, name="person_admit"),
    path("stays/<uuid:stay_id>/transfer/", views.transfer, name="stay_transfer"),
    path("stays/<uuid:stay_id>/release/", views.release, name="stay_release"),
    path("stays/<uuid:stay_id>/status/", views.change_status, name="stay_status"),
    path("stays/<uuid:stay_id>/placement/", views.place, name="stay_place"),
    path("persons/<uuid:person_id>/correct/", views.correct_person, name="person_correct"),
    path("persons/<uuid:person_id>/flags/", views.set_flags, name="person_flags"),
]
