"""Admin registration of the portal: the membership requests and meeting registrations views (menu, URLs)
and their audit-log actions.

https://docs.wagtail.org/en/stable/reference/hooks.html
"""

from __future__ import annotations

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from . import membership, membership_admin
from .audit_log_report import may_read_audit_log
from .meetings import admin_views as meetings_admin, vetting
from .meetings.organisers import may_decide as may_decide_registrations


@hooks.register("construct_reports_menu")
def hide_site_history(request, menu_items):
    # The audit log is for editors and organisers (portal/audit_log_report.py); reviewers do not see it listed.
    if not may_read_audit_log(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]


@hooks.register("register_admin_urls")
def register_membership_urls():
    return [path("memberships/", include((membership_admin.urlpatterns, "memberships"), namespace="memberships"))]


class MembershipMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(membership.EDITOR_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_membership_menu_item():
    return MembershipMenuItem(_("Membership requests"), reverse("memberships:pending"), icon_name="group", order=260)


@hooks.register("register_log_actions")
def register_membership_log_actions(actions):
    @actions.register_action(membership.CONFIRMED)
    class MembershipConfirmed(LogFormatter):
        label = _("Confirm membership")

        def format_message(self, log_entry):
            return _("Confirmed %(member)s as a member") % {"member": log_entry.data.get("member", "?")}

    @actions.register_action(membership.REFUSED)
    class MembershipRefused(LogFormatter):
        label = _("Refuse membership")

        def format_message(self, log_entry):
            return _("Refused the request of %(member)s to join") % {"member": log_entry.data.get("member", "?")}


# --- Meeting registrations (portal/meetings/) ------------------------------------------------------


@hooks.register("register_admin_urls")
def register_meeting_registration_urls():
    return [path("meeting-registrations/", include((meetings_admin.urlpatterns, "meeting_registrations"),
                                                    namespace="meeting_registrations"))]


class MeetingRegistrationsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_decide_registrations(request.user)


@hooks.register("register_admin_menu_item")
def register_meeting_registrations_menu_item():
    return MeetingRegistrationsMenuItem(
        _("Meeting registrations"), reverse("meeting_registrations:listing"), icon_name="calendar", order=250
    )


@hooks.register("insert_global_admin_css")
def readable_success_messages():
    """Wagtail's success messages at WCAG AA contrast (portal/static/css/admin-messages.css)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-messages.css"))


@hooks.register("register_log_actions")
def register_meeting_registration_log_actions(actions):
    @actions.register_action(vetting.APPROVED_ACTION)
    class RegistrationsApproved(LogFormatter):
        label = _("Approve meeting registrations")

        def format_message(self, log_entry):
            return _("Approved %(count)s registration(s)") % {"count": log_entry.data.get("count", "?")}

    @actions.register_action(vetting.DECLINED_ACTION)
    class RegistrationsDeclined(LogFormatter):
        label = _("Decline meeting registrations")

        def format_message(self, log_entry):
            return _("Declined %(count)s registration(s)") % {"count": log_entry.data.get("count", "?")}
# --- Two-factor sign-in: an administrator's reset (portal/two_factor/admin_views.py) ---


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    from .two_factor import admin_views

    return [path("two-factor/", include((admin_views.urlpatterns, "two_factor_admin"), namespace="two_factor_admin"))]


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    from wagtail.admin.widgets import ListingButton

    from .two_factor import admin_views

    if admin_views.may_reset(request_user):
        yield ListingButton(
            _("Reset two-factor sign-in"), reverse("two_factor_admin:reset", args=[user.pk]), priority=90, icon_name="key"
        )


@hooks.register("register_log_actions")
def register_two_factor_log_actions(actions):
    from .two_factor.admin_views import RESET

    @actions.register_action(RESET)
    class TwoFactorReset(LogFormatter):
        label = _("Reset two-factor sign-in")

        def format_message(self, log_entry):
            return _("Reset the two-factor sign-in of %(person)s") % {"person": log_entry.data.get("person", "?")}


@hooks.register("register_log_actions")
def register_account_erasure_log_action(actions):
    from .account_erasure import ERASED

    actions.register_action(ERASED, _("Delete own account"), _("Deleted their own account (personal data erased)"))


@hooks.register("before_serve_document", order=-1)
def refuse_documents_to_outsiders(document, request):
    from .private_documents import refuse_outsiders

    return refuse_outsiders(document, request)
