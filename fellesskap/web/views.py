"""The screens this app owns itself: the home page (the others live with their apps)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from fellesskap.web import nav


@login_required
def home(request):
    """Welcome page: who is logged in and which screens their role reaches
    (the list comes from the navigation context processor); a role with a
    dashboard (leaders, region, directorate) gets it first, as its starting point."""
    dashboard = next((link for link in nav.links_for(request.user, request.path)
                      if link.key.startswith("dashboard_") and link.enabled), None)
    return render(request, "web/home.html", {"today": timezone.localdate(), "dashboard": dashboard})
