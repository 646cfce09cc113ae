"""The screens this app owns itself: the home page (the others live with their apps)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone


@login_required
def home(request):
    """Welcome page: who is logged in and which screens their role reaches
    (the list comes from the navigation context processor)."""
    return render(request, "web/home.html", {"today": timezone.localdate()})
