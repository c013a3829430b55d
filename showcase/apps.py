from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    """The public catalogue: pages, taxonomies, search, API, exports."""

    name = "showcase"
    verbose_name = _("Catalogue")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The catalogue index follows publish, unpublish, delete, move and view restrictions.
        from .search import sync

        sync.connect()
        # Spelling corrections know a newly published case's words from the next query on.
        from .search import expansion

        expansion.connect()
        # Every memo kept under the catalogue stamp (showcase.stamp_memo) is emptied with the taxonomy names (tests).
        from . import stamp_memo
        from .search.taxonomy_names import forget_with_labels

        forget_with_labels(stamp_memo.forget_all)
        # The public pages' HTTP validators follow every change of what anonymous readers see (showcase.http_cache).
        from . import stamp_signals

        stamp_signals.connect(self)
        # Every admin listing of pages leaves out other people's private drafts (showcase.page_permissions);
        # registered here, before any admin view asks Wagtail's policy registry.
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy

        from .page_permissions import CasePagePermissionPolicy

        register_permission_policy(Page, CasePagePermissionPolicy())
        # The catalogue page's routes are answered by views that use the search layer (which reads the models).
        from . import catalogue_views
        from .models import CataloguePage, UseCasePage

        CataloguePage.views = catalogue_views
        from . import case_views
        from .models import UseCasePage

        UseCasePage.views = case_views
        # Wagtail's search index follows case pages, without a task for each save of a never-submitted draft.
        from . import draft_indexing

        draft_indexing.connect(UseCasePage)
        # Likewise the meeting pages and the home page (their presentation reads the models).
        from . import front_door, meeting_views
        from .models import HomePage, MeetingIndexPage, MeetingPage

        MeetingPage.views = MeetingIndexPage.views = meeting_views
        HomePage.views = front_door
        # A case's first publication starts its re-validation clock (showcase.revalidation).
        from wagtail.signals import page_published

        from .revalidation import on_case_published

        page_published.connect(on_case_published, sender=UseCasePage, dispatch_uid="catalogue-review-clock")
        # Register exports on the API (showcase.interchange reads the API's allow-list, so the API cannot import it).
        from .interchange import api_endpoint  # noqa: F401
