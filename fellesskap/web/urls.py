from django.contrib.auth import views as auth_views
from django.urls import path

from fellesskap.security.forms import RateLimitedAuthenticationForm
from fellesskap.web import person, views, ward, ward_day

app_name = "web"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html",
                                                     authentication_form=RateLimitedAuthenticationForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("ward/", ward.ward_index, name="ward"),
    path("ward/<int:unit_id>/", ward.ward_board, name="ward_board"),
    path("ward/<int:unit_id>/rows/", ward.ward_rows, name="ward_rows"),
    path("ward/<int:unit_id>/persons/<uuid:person_id>/<str:what>/", ward.ward_register, name="ward_register"),
    path("ward/<int:unit_id>/association/", ward_day.association_start, name="ward_association"),
    path("ward/<int:unit_id>/association/<uuid:group_id>/end/", ward_day.association_end,
         name="ward_association_end"),
    path("ward/<int:unit_id>/day/", ward_day.confirm_day, name="ward_day"),
    path("person/<uuid:person_id>/", person.person_page, name="person"),
    path("", views.home, name="home"),
]
