"""The installed application starts, migrates and serves its log-in page."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_login_page_is_served(client):
    response = client.get(reverse("web:login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content


@pytest.mark.django_db
def test_home_requires_login(client):
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert reverse("web:login") in response["Location"]


def test_api_health(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
