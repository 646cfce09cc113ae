"""Mounts the django-ninja API."""

from django.urls import path

from fellesskap.api.main import api

urlpatterns = [path("", api.urls)]
