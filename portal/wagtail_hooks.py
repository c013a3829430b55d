"""Admin registration of the portal: the membership requests view (menu, URLs) and its audit-log actions.

https://docs.wagtail.org/en/stable/reference/hooks.html
"""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from . import membership, membership_admin


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
