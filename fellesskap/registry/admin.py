"""Django admin for reference data and grants. Persons and stays are shown
read-only: their changes go through the command layer (versioned, audited)."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from fellesskap.registry import access
from fellesskap.registry.models import (
    Cell,
    Person,
    Prison,
    RecordVersion,
    Region,
    RoleGrant,
    Stay,
    Unit,
    User,
)

admin.site.register(User, UserAdmin)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_nb", "name_en"]


@admin.register(Prison)
class PrisonAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region", "security_level", "capacity", "holds", "active", "records_from", "board_email"]
    list_filter = ["region", "security_level", "active"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "prison", "kind", "active"]
    list_filter = ["prison", "kind"]


@admin.register(Cell)
class CellAdmin(admin.ModelAdmin):
    list_display = ["number", "unit", "kind", "active"]
    list_filter = ["kind"]


class RoleGrantForm(forms.ModelForm):
    class Meta:
        model = RoleGrant
        fields = ["user", "role", "scope", "prisons", "region", "valid_from", "valid_to", "note"]

    def clean(self):
        data = super().clean()
        access.validate_grant(role=data.get("role"), scope=data.get("scope"),
                              prison_ids=[p.pk for p in data.get("prisons") or []], region=data.get("region"),
                              valid_from=data.get("valid_from"), valid_to=data.get("valid_to"))
        return data


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    form = RoleGrantForm
    list_display = ["user", "role", "scope", "region", "valid_from", "valid_to"]
    list_filter = ["role", "scope"]
    filter_horizontal = ["prisons"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "identity_kind", "registered_in", "version", "withdrawn_at"]

    def get_queryset(self, request):
        return Person.all_objects.all()


@admin.register(Stay)
class StayAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "prison", "start", "end", "version", "withdrawn_at"]

    def get_queryset(self, request):
        return Stay.all_objects.select_related("prison")


@admin.register(RecordVersion)
class RecordVersionAdmin(ReadOnlyAdmin):
    list_display = ["record_type", "record_id", "version", "change", "at", "actor"]
