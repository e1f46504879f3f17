"""Back office: a campaign manager edits the convention text of their region's calls."""

from django.contrib import admin

from accounts.enums import Role
from calls.models import Call

from .forms import ConventionTemplateForm
from .models import ConventionTemplate
from .services import default_body


@admin.register(ConventionTemplate)
class ConventionTemplateAdmin(admin.ModelAdmin):
    form = ConventionTemplateForm
    list_display = ["call", "updated_at"]
    fields = ["call", "body"]

    def _managed(self, request):
        return request.user.is_active and request.user.role in {Role.MANAGER, Role.ADMIN}

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("call")
        if request.user.role == Role.ADMIN:
            return queryset
        return queryset.filter(call__region__agents=request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "call" and request.user.role != Role.ADMIN:
            kwargs["queryset"] = Call.objects.filter(region__agents=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        # A new template starts from the shipped text, so that the manager edits rather than writes.
        return {**super().get_changeform_initial_data(request), "body": default_body()}

    def has_module_permission(self, request):
        return self._managed(request)

    def has_view_permission(self, request, obj=None):
        return self._managed(request)

    def has_change_permission(self, request, obj=None):
        return self._managed(request)

    def has_add_permission(self, request):
        return self._managed(request)

    def has_delete_permission(self, request, obj=None):
        return self._managed(request)
