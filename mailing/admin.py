"""The outbox in the back office, for administrators: what left, what waits, what failed and why."""

from django.contrib import admin, messages

from . import services
from .enums import OutboxStatus
from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "status", "attempts", "created_at", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Remettre en attente les courriels abandonnés", permissions=["view"])
    def retry(self, request, queryset):
        failed = list(queryset.filter(status=OutboxStatus.FAILED))
        for message in failed:
            services.outbox_retry(message=message)
        messages.success(request, f"{len(failed)} courriel(s) remis en attente.")
