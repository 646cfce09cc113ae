from django.urls import path

from fellesskap.security import views

app_name = "security"
urlpatterns = [
    path("totp/setup/", views.totp_setup, name="totp_setup"),
    path("totp/", views.totp_verify, name="totp_verify"),
]
