"""The security app's own table: failed log-ins (fellesskap/security/ratelimit.py)."""

from django.db import models


class LoginFailure(models.Model):
    """One failed log-in (mislykket innlogging) for a user name and address.

    One row per failure, not a counter: an insert cannot be lost to another
    process inserting at the same instant, where a read-add-write of a counter
    can (two failures counted as one). ``pair`` is a hash of the user name and
    address, so no user name is stored; ``at`` is epoch seconds. Rows older than
    the counting window are deleted as new failures come in.
    """

    pair = models.CharField(max_length=64)
    at = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["pair", "at"], name="loginfailure_pair_at"),
                   models.Index(fields=["at"], name="loginfailure_at")]

    def __str__(self) -> str:
        return f"login failure {self.pair[:8]}… at {self.at:.0f}"
