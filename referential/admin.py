"""Back office for the reference data (read mostly: the FINESS import keeps it up to date)."""

from django.contrib import admin

from .models import Department, Establishment, LegalStatus, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]


@admin.register(LegalStatus)
class LegalStatusAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "group"]


@admin.register(Establishment)
class EstablishmentAdmin(admin.ModelAdmin):
    list_display = ["name", "finess", "department", "sector", "legal_group", "category_label"]
    list_filter = ["sector", "legal_group", "department__region"]
    search_fields = ["name", "long_name", "finess", "finess_ej", "siret", "city"]
    list_select_related = ["department"]
    show_full_result_count = False
