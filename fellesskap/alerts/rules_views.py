"""The rules page (/rules/): every rule of every pack with its text in the
active language, its source, parameters, interpretation flag and validity;
and the rule packs of each prison, which administrators choose.

The rules are public law and standards, not personal data: every logged-in
role may read them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fellesskap.alerts import actions
from fellesskap.alerts import permissions as P
from fellesskap.alerts.models import PrisonRulePacks
from fellesskap.alerts.packs import COMPARISON_PACKS, packs_for
from fellesskap.registry.models import Prison
from fellesskap.rules.pack import available_packs, load_pack


def _lang() -> str:
    return "en" if (get_language() or "nb").startswith("en") else "nb"


@login_required
def index(request):
    lang = _lang()
    today = timezone.localdate()
    packs = []
    for pack_id in available_packs():
        pack = load_pack(pack_id)
        packs.append({
            "pack": pack, "title": pack.title(lang), "in_force": pack.in_force_on(today),
            "rules": [{"rule": r, "text": r.text(lang),
                       "parameters": sorted((k, v) for k, v in r.parameters.items())} for r in pack.rules],
        })
    return render(request, "alerts/rules.html", {"packs": packs, "can_manage": P.may_manage_packs(request.user)})


@login_required
def prison_packs(request):
    """Which packs apply in each prison; administrators change them here."""
    can_manage = P.may_manage_packs(request.user)
    if not can_manage:
        raise PermissionDenied(_("Only administrators choose the rule packs of a prison."))
    if request.method == "POST":
        prison = Prison.objects.filter(code=request.POST.get("prison", "")).first()
        if prison is None:
            messages.error(request, _("Unknown prison."))
        else:
            try:
                actions.do_set_prison_packs(actor=request.user, prison=prison, packs=request.POST.getlist("packs"),
                                            request=request)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Saved."))
                return redirect("rules:prisons")
    today = timezone.localdate()
    settings = {r.prison_id: r.packs for r in PrisonRulePacks.objects.all()}
    rows = [{"prison": p, "packs": packs_for(p, today, settings), "chosen": settings.get(p.pk, [])}
            for p in Prison.objects.order_by("code")]
    return render(request, "alerts/prison_packs.html", {"rows": rows, "comparison": COMPARISON_PACKS})
