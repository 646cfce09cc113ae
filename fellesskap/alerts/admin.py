"""Admin: the rule packs of each prison are edited here by administrators (as
on /rules/prisons/); the stored rows are read-only, since only the refresh
and the handling commands may change them."""

from django.contrib import admin

from fellesskap.alerts.models import Alert, Deadline, Deviation, Finding, PrisonRulePacks


@admin.register(PrisonRulePacks)
class PrisonRulePacksAdmin(admin.ModelAdmin):
    list_display = ("prison", "packs", "updated_at", "updated_by")
    readonly_fields = ("updated_at", "updated_by")

    def save_model(self, request, obj, form, change):
        from django.utils import timezone

        obj.updated_at, obj.updated_by = timezone.now(), request.user
        super().save_model(request, obj, form, change)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Deadline)
class DeadlineAdmin(ReadOnly):
    list_display = ("rule", "prison", "due", "status", "withdrawn_at")
    list_filter = ("status", "prison")


@admin.register(Finding)
class FindingAdmin(ReadOnly):
    list_display = ("rule", "prison", "date", "pack_version", "withdrawn_at")
    list_filter = ("prison",)


@admin.register(Alert)
class AlertAdmin(ReadOnly):
    list_display = ("public_id", "prison", "role", "raised_at", "resolution")


@admin.register(Deviation)
class DeviationAdmin(ReadOnly):
    list_display = ("public_id", "kind", "severity", "prison", "date", "status")
    list_filter = ("kind", "status", "prison")
