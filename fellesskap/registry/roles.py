"""The role codes (roller). What each role may do is in :mod:`access`."""

from django.utils.translation import gettext_lazy as _

OFFICER = "officer"
UNIT_LEADER = "unit_leader"
PRISON_LEADER = "prison_leader"
HEALTH_STAFF = "health_staff"
REGION_ADVISOR = "region_advisor"
DIRECTORATE_ANALYST = "directorate_analyst"
SUPERVISORY_BOARD_MEMBER = "supervisory_board_member"
INSPECTOR = "inspector"
ADMINISTRATOR = "administrator"

ROLE_CHOICES = [
    (OFFICER, _("officer (fengselsbetjent)")),
    (UNIT_LEADER, _("unit leader (avdelingsleder)")),
    (PRISON_LEADER, _("prison leader (fengselsleder)")),
    (HEALTH_STAFF, _("health staff (helsetjenesten)")),
    (REGION_ADVISOR, _("region advisor (regionrådgiver)")),
    (DIRECTORATE_ANALYST, _("directorate analyst (KDI)")),
    (SUPERVISORY_BOARD_MEMBER, _("supervisory board member (tilsynsråd)")),
    (INSPECTOR, _("inspector (read-only, time-limited)")),
    (ADMINISTRATOR, _("administrator")),
]
ROLES = tuple(code for code, _label in ROLE_CHOICES)
