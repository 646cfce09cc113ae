"""Records screens. Paths hold opaque UUIDs (and unit numbers) only. The units/
addresses are kept as redirects to the ward board."""

from django.urls import path

from fellesskap.records import views

app_name = "records"
urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:unit_id>/", views.unit_board, name="unit_board"),
    path("units/<int:unit_id>/confirm-day/", views.confirm_day, name="confirm_day"),
    path("persons/<uuid:person_id>/", views.person_records, name="person_records"),
    path("persons/<uuid:person_id>/exclusions/new/", views.exclusion_new, name="exclusion_new"),
    path("persons/<uuid:person_id>/sessions/new/", views.session_new, name="session_new"),
    path("persons/<uuid:person_id>/coercive-means/new/", views.coercive_new, name="coercive_new"),
    path("exclusions/<uuid:exclusion_id>/renew/", views.exclusion_renew, name="exclusion_renew"),
    path("exclusions/<uuid:exclusion_id>/end/", views.exclusion_end, name="exclusion_end"),
    path("exclusions/<uuid:exclusion_id>/revoke/", views.exclusion_revoke, name="exclusion_revoke"),
    path("exclusions/<uuid:exclusion_id>/decide/", views.exclusion_decide, name="exclusion_decide"),
    path("reviews/<uuid:subject_id>/new/", views.review_new, name="review_new"),
    path("coercive-means/<uuid:means_id>/", views.coercive_detail, name="coercive_detail"),
    path("coercive-means/<uuid:means_id>/end/", views.coercive_end, name="coercive_end"),
]
