"""Who may open each URL of the site: one table, read by tests/security/test_permission_matrix.py.

Every URL pattern the resolver knows must be classified here, or the matrix
test fails and names it. A pattern is looked up, first match wins:

1. by its full name (``namespace:name``) in ``BY_NAME``;
2. by its route (the pattern as written, for unnamed ones) in ``BY_ROUTE``;
3. by the longest matching route prefix in ``BY_PREFIX`` — meant for the
   hundreds of Wagtail and Django admin URLs and for the open-data URLs
   (API, exports, feeds, sitemap, robots, statistics).

Views of our own apps (portal, showcase, moderation) must be named in
``BY_NAME``/``BY_ROUTE``; a prefix is not enough, except under
``OPEN_DATA_PREFIXES`` (public by design; attendees-only content is filtered
inside, and tested by the API/feeds tests and the hostile-input tests).

``EXPECTED`` says, for each access class, which answers each role may get.
"""

from __future__ import annotations

# --- Answers a role may get -------------------------------------------------------------------
OK = "200"
LOGIN = "login"  # 302 to our log-in page (/accounts/login/ or Wagtail's front-end login, which leads there)
ADMIN_LOGIN = "admin-login"  # 302 to /admin/login/
DJANGO_LOGIN = "django-admin-login"  # 302 to /django-admin/login/
REFUSED = "refused"  # 403, or Wagtail's "no permission": 302 to the admin dashboard
NOT_FOUND = "404"
AWAY = "redirect"  # 302 somewhere else (e.g. a logged-in user sent on from the log-in page)
NOT_ALLOWED = "405"  # GET on a POST-only view
BAD_REQUEST = "400"  # e.g. a broken e-mail link, answered with a clear page
SERVER_ERROR = "500"

# --- Access classes ---------------------------------------------------------------------------
PUBLIC = "PUBLIC"  # anyone, logged in or not
API_PUBLIC = "API_PUBLIC"  # open data: API, exports, feeds, sitemap, robots, statistics
PUBLIC_ASSET = "PUBLIC_ASSET"  # admin icons and translations catalogue: no data
ANONYMOUS_FORM = "ANONYMOUS_FORM"  # log-in, register: logged-in users are sent on
ACCOUNT_FLOW = "ACCOUNT_FLOW"  # pages of the e-mail/password flows, open to all
EMAIL_LINK = "EMAIL_LINK"  # a link from an e-mail: a wrong token is a clear 400 page, whoever follows it
LOGIN_REDIRECT = "LOGIN_REDIRECT"  # Wagtail's front-end log-in: always sends to ours
LOGGED_IN = "LOGGED_IN"  # any logged-in account; anonymous → log in
LOGGED_IN_POST = "LOGGED_IN_POST"  # POST-only, logged in
POST_ONLY = "POST_ONLY"  # POST-only for everyone (e.g. language switch answers a GET with a redirect)
LOGOUT = "LOGOUT"  # not walked (a GET would end the test client's session); tested by test_accounts
SUBMISSION_READ = "SUBMISSION_READ"  # the owner and verified colleagues; everyone else 404
# The owner (sent to the read-only page while in review); a colleague too; others 404.
SUBMISSION_EDIT = "SUBMISSION_EDIT"
SUBMISSION_EDIT_POST = "SUBMISSION_EDIT_POST"  # POST-only edits of a submission
SUBMISSION_WITHDRAW = "SUBMISSION_WITHDRAW"  # the owner; a colleague 403; others 404
PAGE_PUBLIC = "PAGE_PUBLIC"  # a live page without restriction
PAGE_ATTENDEES = "PAGE_ATTENDEES"  # a live attendees-only case
PAGE_DRAFT = "PAGE_DRAFT"  # a page never published
PAGE_TREE = "PAGE_TREE"  # Wagtail's serve view: the answer depends on the page (samples use the three above)
ADMIN_LOGIN_PAGE = "ADMIN_LOGIN_PAGE"  # the admin's log-in and password-reset pages
WAGTAIL_ADMIN = "WAGTAIL_ADMIN"  # needs wagtailadmin.access_admin; what staff see then depends on their permissions
WAGTAIL_STAFF = "WAGTAIL_STAFF"  # every member of staff (reviewers, editors, administrators) gets the page
# Any admin URL naming a case its submitter never submitted: 404 for every member of staff, administrators too
# (they open it only through the logged support view, case_drafts:open).
PRIVATE_DRAFT_ADMIN = "PRIVATE_DRAFT_ADMIN"
MODERATION = "MODERATION"  # the moderation queue: reviewers, editors, administrators
MODERATION_POST = "MODERATION_POST"  # claim/release: POST-only, staff
ADMIN_POST = "ADMIN_POST"  # other POST-only admin actions (membership decisions): a GET is 405 for staff
MODERATION_DECIDED = "MODERATION_DECIDED"  # "already decided" notice: staff (sent to the queue while undecided)
# The review screen (every answer, confidential ones too): whoever may act on the case's current task, and
# administrators; other staff are sent to the queue with the reason. Sampled with a case at the review task.
MODERATION_EVIDENCE = "MODERATION_EVIDENCE"
WAGTAIL_EDITOR = "WAGTAIL_EDITOR"  # editors and administrators; reviewers refused
WAGTAIL_SUPERUSER = "WAGTAIL_SUPERUSER"  # administrators only (users, groups, sites, workflows, collections)
ADMIN_ERROR_TEST = "ADMIN_ERROR_TEST"  # Wagtail's deliberate error page (/admin/failwhale/): staff get its 500
# Django's admin (portal/admin_site.py): superusers only; any other signed-in account gets 403.
DJANGO_ADMIN = "DJANGO_ADMIN"  # its index and account pages
DJANGO_ADMIN_SUPERUSER = "DJANGO_ADMIN_SUPERUSER"  # its model pages
DJANGO_ADMIN_MEDIA = "DJANGO_ADMIN_MEDIA"  # Wagtail's images/documents there (editors hold those model permissions)
DJANGO_ADMIN_LOGIN = "DJANGO_ADMIN_LOGIN"
# Uploaded images (portal/media.py): whoever may see a case using the image (tests/security/test_case_media.py).
# The matrix's sample is a library image no case uses: the staff who manage images (Editors) and administrators.
MEDIA = "MEDIA"
# The code step of two-factor sign-in (portal/two_factor/): a signed-in, already verified person is sent on.
TWO_FACTOR_STEP = "TWO_FACTOR_STEP"
SIGNED_LINK = "SIGNED_LINK"  # a link signed for one case (re-validation): a forged token is 404 for everyone
LIVE_CASE_OWNER = "LIVE_CASE_OWNER"  # an owner's action on their published case; the sample is not published: 404
MEETING_REGISTER = "MEETING_REGISTER"  # the meeting's registration form: open to all (anonymous told to sign up)
MEETING_ORGANISERS_POST = "MEETING_ORGANISERS_POST"  # POST-only vetting actions: a GET is 405 for staff
MEETING_ORGANISERS = "MEETING_ORGANISERS"  # the registrations listing: organisers and administrators
# A document in the "Staff only" collection, where every upload goes by default (portal/private_documents.py).
STAFF_DOCUMENT = "STAFF_DOCUMENT"
#: One case in a public register's format (portal/register_exports.py): the owning organisation's members
#: (with their own confidential answers) and editors (public fields); everyone else 404. The matrix's sample is a
#: case made in the admin (no submission): editors and administrators only.
REGISTER_EXPORT = "REGISTER_EXPORT"
#: Deleting one's own account: any signed-in person but staff (refused: the review trail needs them).
NON_STAFF_ACCOUNT = "NON_STAFF_ACCOUNT"
#: /data/latest.csv|json: a redirect to the newest dated snapshot, or 404 before the first, for everyone alike.
DATA_LATEST = "DATA_LATEST"

_NON_STAFF = ("anonymous", "submitter", "other_submitter", "colleague", "attendee")
_STAFF = ("reviewer", "editor", "administrator")


def _roles(default: set[str], **by_role: set[str]) -> dict[str, set[str]]:
    table = {role: set(default) for role in (*_NON_STAFF, *_STAFF)}
    table.update(by_role)
    return table


def _admin(non_staff: set[str], staff: dict[str, set[str]]) -> dict[str, set[str]]:
    table = {role: set(non_staff) for role in _NON_STAFF}
    table.update(staff)
    return table


_STAFF_ANY = {OK, REFUSED, AWAY, NOT_FOUND, NOT_ALLOWED}
_OWNER_ONLY_404 = {"other_submitter": {NOT_FOUND}, "attendee": {NOT_FOUND}, "reviewer": {NOT_FOUND},
                   "editor": {NOT_FOUND}, "administrator": {NOT_FOUND}}

#: access class → role → the answers allowed.
EXPECTED: dict[str, dict[str, set[str]]] = {
    PUBLIC: _roles({OK}),
    # Open data answers every role alike (the test checks that too); a URL the API switched off is 404 for all.
    API_PUBLIC: _roles({OK, NOT_FOUND}),
    PUBLIC_ASSET: _roles({OK}),
    ANONYMOUS_FORM: _roles({AWAY}, anonymous={OK}),
    ACCOUNT_FLOW: _roles({OK, AWAY}),
    EMAIL_LINK: _roles({BAD_REQUEST}),
    LOGIN_REDIRECT: _roles({LOGIN}),
    LOGGED_IN: _roles({OK}, anonymous={LOGIN}),
    LOGGED_IN_POST: _roles({NOT_ALLOWED}, anonymous={LOGIN}),
    POST_ONLY: _roles({NOT_ALLOWED, AWAY}),
    SUBMISSION_READ: _roles({NOT_FOUND}, submitter={OK}, colleague={OK}),
    SUBMISSION_EDIT: {"anonymous": {LOGIN}, "submitter": {OK, AWAY}, "colleague": {AWAY}, **_OWNER_ONLY_404},
    SUBMISSION_EDIT_POST: {"anonymous": {LOGIN}, "submitter": {NOT_ALLOWED}, "colleague": {NOT_ALLOWED, AWAY, REFUSED},
                           **{role: {NOT_FOUND, NOT_ALLOWED} for role in _OWNER_ONLY_404}},
    SUBMISSION_WITHDRAW: _roles({NOT_FOUND}, submitter={OK}, colleague={REFUSED}),
    PAGE_PUBLIC: _roles({OK}),
    # Wagtail answers a logged-in non-attendee 403 and sends the anonymous visitor to log in.
    PAGE_ATTENDEES: _roles({REFUSED}, anonymous={LOGIN}, attendee={OK}, administrator={OK}),
    PAGE_DRAFT: _roles({NOT_FOUND}),
    ADMIN_LOGIN_PAGE: _roles({OK, AWAY, REFUSED}),  # staff already logged in are sent to the dashboard
    WAGTAIL_ADMIN: _admin({ADMIN_LOGIN}, {"reviewer": _STAFF_ANY, "editor": _STAFF_ANY, "administrator": _STAFF_ANY}),
    WAGTAIL_STAFF: _admin({ADMIN_LOGIN}, {role: {OK} for role in _STAFF}),
    PRIVATE_DRAFT_ADMIN: _admin({ADMIN_LOGIN}, {role: {NOT_FOUND} for role in _STAFF}),
    MODERATION: _admin({ADMIN_LOGIN}, {role: {OK} for role in _STAFF}),
    MODERATION_POST: _admin({ADMIN_LOGIN}, {role: {NOT_ALLOWED} for role in _STAFF}),
    ADMIN_POST: _admin({ADMIN_LOGIN}, {role: {NOT_ALLOWED} for role in _STAFF}),
    MODERATION_DECIDED: _admin({ADMIN_LOGIN}, {role: {OK, AWAY} for role in _STAFF}),
    MODERATION_EVIDENCE: _admin({ADMIN_LOGIN}, {"reviewer": {OK}, "editor": {AWAY}, "administrator": {OK}}),
    WAGTAIL_EDITOR: _admin({ADMIN_LOGIN}, {"reviewer": {REFUSED}, "editor": {OK}, "administrator": {OK}}),
    WAGTAIL_SUPERUSER: _admin({ADMIN_LOGIN}, {"reviewer": {REFUSED}, "editor": {REFUSED}, "administrator": {OK}}),
    ADMIN_ERROR_TEST: _admin({ADMIN_LOGIN}, {role: {SERVER_ERROR} for role in _STAFF}),
    DJANGO_ADMIN: _roles({REFUSED}, anonymous={DJANGO_LOGIN}, administrator={OK, REFUSED, NOT_ALLOWED, AWAY}),
    DJANGO_ADMIN_SUPERUSER: _roles({REFUSED}, anonymous={DJANGO_LOGIN}, administrator={OK, REFUSED, AWAY}),
    DJANGO_ADMIN_MEDIA: _roles({REFUSED}, anonymous={DJANGO_LOGIN}, administrator={OK}),
    # Django's own log-in form, or (once wired) a redirect to the rate-limited admin log-in.
    DJANGO_ADMIN_LOGIN: _roles({OK, AWAY, ADMIN_LOGIN, REFUSED}),
    MEDIA: _roles({NOT_FOUND}, editor={OK}, administrator={OK}),
    # Verified staff are sent on to the dashboard (which ``outcome`` reads as Wagtail's refusal, 302 to /admin/).
    STAFF_DOCUMENT: _roles({REFUSED}, anonymous={LOGIN}, **{role: {OK} for role in _STAFF}),
    TWO_FACTOR_STEP: _roles({AWAY, OK}, anonymous={LOGIN}, **{role: {REFUSED} for role in _STAFF}),
    SIGNED_LINK: _roles({NOT_FOUND}),
    LIVE_CASE_OWNER: _roles({NOT_FOUND}),
    MEETING_REGISTER: _roles({OK, AWAY, LOGIN}),
    MEETING_ORGANISERS: _admin({ADMIN_LOGIN}, {"reviewer": {REFUSED}, "editor": {REFUSED}, "administrator": {OK}}),
    MEETING_ORGANISERS_POST: _admin({ADMIN_LOGIN}, {role: {NOT_ALLOWED, REFUSED} for role in _STAFF}),
    NON_STAFF_ACCOUNT: _roles({OK}, anonymous={LOGIN}, **{role: {REFUSED} for role in _STAFF}),
    DATA_LATEST: _roles({AWAY, NOT_FOUND}),
    REGISTER_EXPORT: _roles({NOT_FOUND}, editor={OK}, administrator={OK}),
}

# --- The table --------------------------------------------------------------------------------
BY_NAME: dict[str, str] = {
    # The meeting (portal/meetings/) and the living catalogue (issue 15)
    "portal:meeting_register": MEETING_REGISTER,
    "meeting_registrations:decide": MEETING_ORGANISERS_POST,
    "meeting_registrations:import": MEETING_ORGANISERS_POST,
    "report_problem": PAGE_PUBLIC,
    "submissions:confirm_accurate": SIGNED_LINK,
    "submissions:retire": LIVE_CASE_OWNER,
    "submissions:register_export": REGISTER_EXPORT,
    "problem_reports:edit": WAGTAIL_EDITOR,
    "problem_reports:index": WAGTAIL_EDITOR,
    "problem_reports:index_results": WAGTAIL_EDITOR,
    "revalidation_due": WAGTAIL_STAFF,  # published cases and their due dates: nothing confidential
    "meeting_registrations:listing": MEETING_ORGANISERS,
    "healthz": PUBLIC,
    "set_language": POST_ONLY,
    "statistics": API_PUBLIC,
    "case_feed": API_PUBLIC,
    "sitemap": API_PUBLIC,
    "robots": API_PUBLIC,
    # Dated snapshots of the public catalogue (showcase/snapshots/, issue 17.2): only public cases inside
    "data": API_PUBLIC,
    "data_latest_csv": DATA_LATEST,
    "data_latest_json": DATA_LATEST,
    "data_file": API_PUBLIC,
    # Accounts (portal/account_views.py)
    "accounts:register": ANONYMOUS_FORM,
    "accounts:login": ANONYMOUS_FORM,
    "accounts:register_done": ACCOUNT_FLOW,
    "accounts:verify": EMAIL_LINK,
    "accounts:resend_verification": LOGGED_IN_POST,
    "accounts:logout": LOGOUT,
    "accounts:password_reset": ACCOUNT_FLOW,
    "accounts:password_reset_done": ACCOUNT_FLOW,
    "accounts:password_reset_confirm": ACCOUNT_FLOW,
    "accounts:password_reset_complete": ACCOUNT_FLOW,
    "accounts:password_change": LOGGED_IN,
    "accounts:password_change_done": LOGGED_IN,
    "accounts:colleagues": LOGGED_IN,
    # Search alerts (portal/alerts/): one's own only (another's id is 404, tests/portal/test_search_alert_pages.py).
    "accounts:search_alerts": LOGGED_IN,
    "accounts:create_search_alert": LOGGED_IN_POST,
    "accounts:change_search_alert": LOGGED_IN_POST,
    "accounts:delete_search_alert": LOGGED_IN_POST,
    "accounts:unsubscribe_search_alerts": SIGNED_LINK,  # no login: the signed token names the person
    "accounts:my_data": LOGGED_IN_POST,
    "accounts:delete_account": NON_STAFF_ACCOUNT,
    "accounts:account_deleted": PUBLIC,
    "accounts:confirm_colleague": LOGGED_IN_POST,
    "accounts:refuse_colleague": LOGGED_IN_POST,
    # Two-factor sign-in (portal/two_factor/views.py); the reset is an administrator's (admin_views.py)
    "accounts:two_factor": LOGGED_IN,
    "accounts:two_factor_setup": LOGGED_IN,
    "accounts:two_factor_verify": TWO_FACTOR_STEP,
    "accounts:two_factor_recover": TWO_FACTOR_STEP,
    "accounts:two_factor_turn_off": LOGGED_IN_POST,
    "two_factor_admin:reset": WAGTAIL_SUPERUSER,
    # Membership requests in the Wagtail admin (portal/membership_admin.py): editors and administrators
    "memberships:pending": WAGTAIL_EDITOR,
    "memberships:confirm": ADMIN_POST,
    "memberships:refuse": ADMIN_POST,
    # The submission wizard and "My submissions" (portal)
    "submit:start": LOGGED_IN,
    "submit:step": SUBMISSION_EDIT,
    "submit:remove_image": SUBMISSION_EDIT_POST,
    "submissions:list": LOGGED_IN,
    "submissions:detail": SUBMISSION_READ,
    "submissions:submitted": SUBMISSION_READ,
    "submissions:withdraw": SUBMISSION_WITHDRAW,
    # Wagtail's front-end log-in (attendees-only cases) is a redirect to ours.
    "frontend_login": LOGIN_REDIRECT,
    "wagtailcore_login": LOGIN_REDIRECT,
    "wagtailcore_authenticate_with_password": PUBLIC,
    "wagtail_serve": PAGE_TREE,
    "wagtaildocs_serve": PUBLIC,  # collection privacy is applied by Wagtail's serve view
    "wagtaildocs_authenticate_with_password": PUBLIC,
    # Moderation (moderation/views.py, under the admin)
    "moderation:queue": MODERATION,
    "moderation:claim": MODERATION_POST,
    "moderation:release": MODERATION_POST,
    "moderation:already_decided": MODERATION_DECIDED,
    "moderation:evidence": MODERATION_EVIDENCE,
    "moderation:decision_made": MODERATION_DECIDED,  # the message after a decision, then the queue
    # The support view of never-submitted drafts (showcase/draft_support.py): administrators only, logged
    "case_drafts:list": WAGTAIL_SUPERUSER,
    "case_drafts:open": WAGTAIL_SUPERUSER,
    # The catalogue searches report (showcase/search_report.py): editors and administrators
    "catalogue_search_report": WAGTAIL_EDITOR,
    "catalogue_search_report_results": WAGTAIL_EDITOR,
    # Wagtail admin pages whose answer we pin down
    "wagtailadmin_home": WAGTAIL_STAFF,
    "wagtailadmin_account": WAGTAIL_STAFF,
    "wagtailadmin_logout": LOGOUT,
    "wagtailadmin_error_test": ADMIN_ERROR_TEST,
    "wagtailadmin_sprite": PUBLIC_ASSET,
    "wagtailadmin_javascript_catalog": PUBLIC_ASSET,
    "wagtailadmin_login": ADMIN_LOGIN_PAGE,
    "wagtailadmin_password_reset": ADMIN_LOGIN_PAGE,
    "wagtailadmin_password_reset_done": ADMIN_LOGIN_PAGE,
    "wagtailadmin_password_reset_confirm": ADMIN_LOGIN_PAGE,
    "wagtailadmin_password_reset_complete": ADMIN_LOGIN_PAGE,
    "wagtailimages:index": WAGTAIL_EDITOR,
    "wagtaildocs:index": WAGTAIL_EDITOR,
    "admin:login": DJANGO_ADMIN_LOGIN,
    "media": MEDIA,
    "admin:logout": LOGOUT,
}

BY_ROUTE: dict[str, str] = {
    "admin/login/": ADMIN_LOGIN_PAGE,  # ours (rate-limited), before Wagtail's
    "admin/logout/": LOGOUT,  # ours: POST only, flushes the session (tests/portal/test_admin_auth.py)
    "admin/password_reset/": ACCOUNT_FLOW,  # switched off: a redirect to our rate-limited reset
    "django-admin/login/": DJANGO_ADMIN_LOGIN,  # a redirect to the rate-limited admin log-in
    "admin/test404/": WAGTAIL_ADMIN,
    "admin/^.*/$": WAGTAIL_ADMIN,  # Wagtail's admin 404 catch-all
    # Wagtail's page types report, mounted by us without other people's private drafts (showcase/admin_reports.py)
    "admin/reports/page-types-usage/": WAGTAIL_ADMIN,
    "admin/reports/page-types-usage/results/": WAGTAIL_ADMIN,
}

#: Route prefix → access class (longest prefix wins).
BY_PREFIX: dict[str, str] = {
    "admin/": WAGTAIL_ADMIN,
    # Who manages people, permissions, sites and the workflow: administrators only.
    "admin/users/": WAGTAIL_SUPERUSER,
    "admin/groups/": WAGTAIL_SUPERUSER,
    "admin/sites/": WAGTAIL_SUPERUSER,
    "admin/collections/": WAGTAIL_SUPERUSER,
    "admin/workflows/list/": WAGTAIL_SUPERUSER,
    "admin/workflows/add/": WAGTAIL_SUPERUSER,
    "admin/workflows/edit/": WAGTAIL_SUPERUSER,
    "admin/workflows/enable/": WAGTAIL_SUPERUSER,
    "admin/workflows/disable/": WAGTAIL_SUPERUSER,
    "admin/workflows/tasks/": WAGTAIL_SUPERUSER,
    "django-admin/": DJANGO_ADMIN_SUPERUSER,
    "django-admin/password_change/": DJANGO_ADMIN,
    "django-admin/jsi18n/": DJANGO_ADMIN,
    "django-admin/autocomplete/": DJANGO_ADMIN,
    "django-admin/taggit/tag/merge-tags/": DJANGO_ADMIN,
    "django-admin/wagtailimages/": DJANGO_ADMIN_MEDIA,
    "django-admin/wagtaildocs/": DJANGO_ADMIN_MEDIA,
}
BY_NAME.update({"admin:index": DJANGO_ADMIN})

#: Public by design, whoever adds URLs under them (attendees-only content is filtered inside).
OPEN_DATA_PREFIXES: dict[str, str] = {
    "api/": API_PUBLIC,
    "feeds/": API_PUBLIC,
    "cases/feed": API_PUBLIC,
    "sitemap": API_PUBLIC,
    "robots.txt": API_PUBLIC,
    "statistics/": API_PUBLIC,
}
BY_PREFIX.update(OPEN_DATA_PREFIXES)

#: Modules whose views are "ours": they must be classified by name or route, not by a prefix.
OUR_APPS = ("portal.", "showcase.", "moderation.")


def classify(route: str, name: str | None) -> str | None:
    """The access class of a URL pattern, or None when nobody classified it."""
    if name and name in BY_NAME:
        return BY_NAME[name]
    if route in BY_ROUTE:
        return BY_ROUTE[route]
    matches = [prefix for prefix in BY_PREFIX if route.startswith(prefix)]
    return BY_PREFIX[max(matches, key=len)] if matches else None


def classified_by_prefix_only(route: str, name: str | None) -> bool:
    return not (name and name in BY_NAME) and route not in BY_ROUTE


def is_open_data(route: str) -> bool:
    return route.startswith(tuple(OPEN_DATA_PREFIXES))
