"""Back office for accounts: users with their role, establishments and regions."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group

from .models import EstablishmentMembership, RegionMembership, User

# Rights come from each account's role, not from Django's groups, whose permissions are only named in English.
admin.site.unregister(Group)


class EstablishmentMembershipInline(admin.TabularInline):
    model = EstablishmentMembership
    extra = 0
    autocomplete_fields = ["establishment"]


class RegionMembershipInline(admin.TabularInline):
    model = RegionMembership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "active", "last_login"]
    list_filter = ["role", "is_active", "regions"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [RegionMembershipInline, EstablishmentMembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("first_name", "last_name", "phone")}),
        ("Rôle", {"fields": ("role", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "role", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]

    @admin.display(description="actif", ordering="is_active")
    def active(self, user: User) -> str:
        # Django's boolean icon reads « True » to screen readers.
        return "oui" if user.is_active else "non"
