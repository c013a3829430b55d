"""Site URLs. Wagtail's page serving comes last and takes everything not matched above.

Pages people read sit inside ``i18n_patterns``: English (the default) has no
prefix, so ``/cases/`` is the English catalogue, and the other interface
languages are ``/fr/…``, ``/es/…``, ``/ar/…``. Machine-read addresses (health,
API, feeds, sitemap, robots.txt) and the admin stay unprefixed.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from showcase import admin_reports, open_urls

from . import (
    account_views,
    audit_log_report,
    media,
    membership_views,
    my_data_views,
    problem_report_views,
    register_exports,
    revalidation_views,
    submission_views,
    views,
    wizard_views,
)
from .alerts import views as alert_views
from .meetings import views as meeting_views
from .two_factor import views as two_factor_views

account_patterns = (
    [
        path("register/", account_views.register, name="register"),
        path("register/check-your-email/", account_views.register_done, name="register_done"),
        path("verify/resend/", account_views.resend_verification, name="resend_verification"),
        path("verify/<str:token>/", account_views.verify, name="verify"),
        path("login/", account_views.LoginView.as_view(), name="login"),
        path("logout/", account_views.LogoutView.as_view(), name="logout"),
        path("password/reset/", account_views.PasswordResetView.as_view(), name="password_reset"),
        path("password/reset/sent/", account_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
        path(
            "password/reset/<uidb64>/<token>/",
            account_views.PasswordResetConfirmView.as_view(),
            name="password_reset_confirm",
        ),
        path("password/reset/done/", account_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
        path("password/change/", account_views.PasswordChangeView.as_view(), name="password_change"),
        path("password/change/done/", account_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
        path("two-factor/", two_factor_views.manage, name="two_factor"),
        path("two-factor/set-up/", two_factor_views.setup, name="two_factor_setup"),
        path("two-factor/code/", two_factor_views.verify, name="two_factor_verify"),
        path("two-factor/recovery/", two_factor_views.recover, name="two_factor_recover"),
        path("two-factor/turn-off/", two_factor_views.turn_off, name="two_factor_turn_off"),
        path("my-data/", my_data_views.download, name="my_data"),
        path("delete/", my_data_views.delete_account, name="delete_account"),
        path("deleted/", my_data_views.account_deleted, name="account_deleted"),
        path("colleagues/", membership_views.colleagues, name="colleagues"),
        path("alerts/", alert_views.manage, name="search_alerts"),
        path("alerts/new/", alert_views.create, name="create_search_alert"),
        path("alerts/<int:alert_id>/", alert_views.change, name="change_search_alert"),
        path("alerts/<int:alert_id>/delete/", alert_views.delete, name="delete_search_alert"),
        path("alerts/unsubscribe/<str:token>/", alert_views.unsubscribe, name="unsubscribe_search_alerts"),
        path("colleagues/<int:user_id>/confirm/", membership_views.confirm_colleague, name="confirm_colleague"),
        path("colleagues/<int:user_id>/refuse/", membership_views.refuse_colleague, name="refuse_colleague"),
    ],
    "accounts",
)

submit_patterns = (
    [
        path("", wizard_views.start, name="start"),
        path("<int:pk>/media/images/<int:image_id>/remove/", wizard_views.remove_image, name="remove_image"),
        path("<int:pk>/<slug:slug>/", wizard_views.step_view, name="step"),
    ],
    "submit",
)

submission_patterns = (
    [
        path("", submission_views.submission_list, name="list"),
        path("<int:pk>/", submission_views.detail, name="detail"),
        path("<int:pk>/submitted/", submission_views.submitted, name="submitted"),
        path("<int:pk>/withdraw/", submission_views.withdraw, name="withdraw"),
        path("<int:pk>/retire/", revalidation_views.retire, name="retire"),
        path("confirm/<str:token>/", revalidation_views.confirm_accurate, name="confirm_accurate"),
        # One case in a public register's format: its organisation's members and editors (issue 17).
        path("registers/<int:case_id>/<str:register>/", register_exports.register_export, name="register_export"),
    ],
    "submissions",
)

meeting_patterns = (
    [
        path("meeting/register/", meeting_views.register, name="meeting_register"),
        path("meetings/<int:meeting_id>/register/", meeting_views.register, name="meeting_register"),
    ],
    "portal",
)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Uploaded images, in every environment, only as verified images (portal/media.py).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.serve_media, name="media"),
    path("api/", include("showcase.api.urls")),
    *open_urls.urlpatterns,
    # The language switcher: remembers the choice (for a signed-in person, as their e-mail language too).
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    # The admin's own log-in, with the same rate limits as ours.
    path("admin/login/", account_views.AdminLoginView.as_view()),
    # The admin's log-out by POST only, ending the session on the server (account_views.AdminLogoutView).
    path("admin/logout/", account_views.AdminLogoutView.as_view()),
    # The admin's password reset is switched off: staff use ours, limited per address and per account.
    path("admin/password_reset/", RedirectView.as_view(pattern_name="accounts:password_reset")),
    # Django's own admin log-in has no rate limit: send it to the admin's, which has.
    path("django-admin/login/", RedirectView.as_view(pattern_name="wagtailadmin_login", query_string=True)),
    path("django-admin/", admin.site.urls),
    # Wagtail's page types report, without other people's private drafts (showcase/admin_reports.py).
    *admin_reports.urlpatterns,
    # Wagtail's site history (the audit log and its CSV export), for editors and organisers only.
    *audit_log_report.urlpatterns,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

urlpatterns += i18n_patterns(
    *open_urls.localized_urlpatterns,
    path("accounts/", include(account_patterns)),
    path("submit/", include(submit_patterns)),
    path("submissions/", include(submission_patterns)),
    path("", include(meeting_patterns)),
    path("report-a-problem/<int:page_id>/", problem_report_views.report_problem, name="report_problem"),
    # Wagtail's front-end login (attendees-only cases send visitors there) is ours,
    # in the visitor's language: /_util/login/ and /fr/_util/login/ both lead to our form.
    path("_util/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True), name="frontend_login"),
    # Wagtail serves the page tree last; reversing "wagtail_serve" (page.url,
    # {% pageurl %}) adds the active language's prefix.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
