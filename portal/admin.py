from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from .models import ScheduledJobRun, User


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)
        field_classes: dict = {}


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes: dict = {}


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, re-keyed on e-mail because there is no username.

    Day-to-day user management happens in Wagtail's admin; this one is kept
    for the django-tasks queue and emergencies, for superusers only
    (``portal.admin_site``).
    """

    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "organisation", "membership_confirmed_at", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    raw_id_fields = ["organisation", "membership_confirmed_by"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "language")}),
        (_("Organisation"), {"fields": ("organisation", "membership_confirmed_at", "membership_confirmed_by", "email_verified_at")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")}),
    )


# --- Submission portal (Django admin: for support and emergencies; reviewers use Wagtail) ---

from showcase.page_permissions import never_submitted_drafts  # noqa: E402

from .models import Organisation, OutboxEmail, StatusChange, Submission  # noqa: E402


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation_type", "country", "email_domain"]
    search_fields = ["name", "email_domain"]
    list_filter = ["organisation_type"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["status", "at", "message"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """Read-only: the status is derived (portal.status) and answers belong to the submitter."""

    list_display = ["reference", "__str__", "submitter", "organisation", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["submitter__email", "contact_name", "organisation__name"]
    inlines = [StatusChangeInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False

    def get_queryset(self, request):
        # A draft never submitted is its submitter's: administrators read it only through the logged
        # support view in Wagtail's admin (showcase/draft_support.py), not here.
        return super().get_queryset(request).exclude(page_id__in=never_submitted_drafts().values("pk"))


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = ["kind", "to", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in OutboxEmail._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ScheduledJobRun)
class ScheduledJobRunAdmin(admin.ModelAdmin):
    """When each periodic job last ran and why it last failed (read-only: the scheduler writes these rows)."""

    list_display = ["name", "last_started_at", "last_finished_at", "last_succeeded", "running_since", "runs", "failures"]
    readonly_fields = [field.name for field in ScheduledJobRun._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
