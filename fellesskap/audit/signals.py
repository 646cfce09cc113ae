"""Log-ins and log-outs go into the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    trail.record(actor=user, action=AuditEvent.Action.LOGIN, obj=("registry.user", user.pk), prison="",
                 request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        trail.record(actor=user, action=AuditEvent.Action.LOGOUT, obj=("registry.user", user.pk), prison="",
                     request=request)
