from django.contrib.auth import views as auth_views
from django.urls import path

from fellesskap.security.forms import RateLimitedAuthenticationForm
from fellesskap.web import views

app_name = "web"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html",
                                                     authentication_form=RateLimitedAuthenticationForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
]
