"""Back office: an administrator uploads the logos of a call's communication kit."""

from django.contrib import admin

from accounts.enums import Role

from .models import Logo


@admin.register(Logo)
class LogoAdmin(admin.ModelAdmin):
    list_display = ["name", "call", "uploaded_at"]
    fields = ["call", "name", "file"]

    def _allowed(self, request):
        return request.user.is_active and request.user.role == Role.ADMIN

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)
