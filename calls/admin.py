"""Back office for calls: a campaign manager edits the dates, envelope and texts of their region's calls."""

from django.contrib import admin

from .models import EDITABLE_FIELDS, Call


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["short_title", "code", "region", "kind", "deadline", "envelope", "version"]
    list_filter = ["region", "kind", "year"]
    search_fields = ["code", "title"]
    fieldsets = (
        (None, {"fields": ("title", "code", "region", "kind", "year", "is_published")}),
        (
            "Calendrier",
            {
                "fields": (
                    "opens_at",
                    "deadline",
                    ("instruction_start", "instruction_end"),
                    "notification_from",
                    "convention_from",
                    "consumption_deadline",
                    ("program_start", "program_end"),
                )
            },
        ),
        ("Enveloppe et textes", {"fields": ("envelope", "summary", "contact_email", "contact_text")}),
        (
            "Lettres de notification et conventions",
            {"fields": ("signatory_title", "signatory_name", "payment_terms", "communication_mention")},
        ),
        ("Définition", {"fields": ("source_file", "version", "loaded_at", "overridden_fields")}),
    )
    readonly_fields = [
        "title",
        "code",
        "region",
        "kind",
        "year",
        "source_file",
        "version",
        "loaded_at",
        "overridden_fields",
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("region")
        # is_superuser and is_staff follow the role (accounts.models.User.save): the administrator sees every
        # call, a manager those of their regions; calls imports nothing from accounts, which sits above it.
        if request.user.is_superuser:
            return queryset
        return queryset.filter(region__agents=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        # Calls come from definition files (qvct load-calls), never from a blank form.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        edited = [name for name in form.changed_data if name in EDITABLE_FIELDS]
        obj.overridden_fields = sorted(set(obj.overridden_fields) | set(edited))
        super().save_model(request, obj, form, change)
