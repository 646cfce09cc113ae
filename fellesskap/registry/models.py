"""Registry models. Time-ranged facts are half-open ``[start, end)``."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person who uses fellesskap (staff, leader, supervisor, analyst).

    Roles and the prisons or region a user may see are separate, time-limited
    grants, so that an inspector's access can expire without editing the user.
    """

    class Meta:
        db_table = "registry_user"
