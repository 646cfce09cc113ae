"""Records screens. Paths hold opaque UUIDs (and unit numbers) only. The units/
addresses are kept as redirects to the ward board."""

from django.urls import path

from fellesskap.records import corrections, screens, views

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
    path("exclusions/<uuid:exclusion_id>/", screens.exclusion_detail, name="exclusion_detail"),
    path("exclusions/<uuid:exclusion_id>/appeals/new/", screens.appeal_new_exclusion, name="appeal_new_exclusion"),
    path("coercive-means/<uuid:means_id>/appeals/new/", screens.appeal_new_means, name="appeal_new_means"),
    path("appeals/<uuid:appeal_id>/forward/", screens.appeal_forward, name="appeal_forward"),
    path("appeals/<uuid:appeal_id>/decide/", screens.appeal_decide, name="appeal_decide"),
    path("persons/<uuid:person_id>/measures/new/", screens.measure_new, name="measure_new"),
    path("persons/<uuid:person_id>/incidents/new/", screens.incident_new, name="incident_new"),
    path("exclusions/<uuid:exclusion_id>/week-plan/", screens.week_plan, name="week_plan"),
    path("week-plans/missing/", screens.week_plans_missing, name="week_plans_missing"),
    path("lock-ins/", screens.lock_in_units, name="lock_in_units"),
    path("lock-ins/units/<int:unit_id>/", screens.lock_in_unit, name="lock_in_unit"),
    path("lock-ins/<uuid:lock_in_id>/end/", screens.lock_in_end, name="lock_in_end"),
    path("corrections/<str:kind>/<uuid:record_id>/", corrections.correct, name="correct"),
    path("corrections/<str:kind>/<uuid:record_id>/delete/", corrections.delete, name="delete"),
    path("corrections/<str:kind>/<uuid:record_id>/history/", corrections.record_history, name="history"),
]
