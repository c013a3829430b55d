"""Site URLs. Wagtail's page serving comes last and takes everything not matched above."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from showcase import open_urls

from . import account_views, submission_views, views, wizard_views

account_patterns = (
    [
        path("register/", account_views.register, name="register"),
        path("register/check-your-email/", account_views.register_done, name="register_done"),
        path("verify/resend/", account_views.resend_verification, name="resend_verification"),
        path("verify/<str:token>/", account_views.verify, name="verify"),
        path("login/", account_views.LoginView.as_view(), name="login"),
        path("logout/", account_views.auth_views.LogoutView.as_view(), name="logout"),
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
    ],
    "submissions",
)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("api/", include("showcase.api.urls")),
    *open_urls.urlpatterns,
    *open_urls.localized_urlpatterns,
    path("accounts/", include(account_patterns)),
    path("submit/", include(submit_patterns)),
    path("submissions/", include(submission_patterns)),
    # Wagtail's front-end login (attendees-only cases send visitors there) is ours.
    path("_util/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True), name="frontend_login"),
    # The admin's own log-in, with the same rate limits as ours.
    path("admin/login/", account_views.AdminLoginView.as_view()),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
