"""The models of the public catalogue, one module per concern; Django and readers find them all here.

- ``site_pages``: ``HomePage`` and ``CataloguePage`` (the catalogue root: search, suggestions, tag pages);
- ``meeting_pages``: ``MeetingIndexPage``, ``MeetingPage`` and its ``MeetingReport``s; ``meeting_sessions``: the
  programme (``MeetingSession``);
- ``use_case_page``: ``UseCasePage``, the public content of one case (``case_panels``: its admin form);
- ``case_parts``: ``UseCaseImage`` and ``UseCaseTag``; ``case_queries``: visibility and card queries;
- ``thesaurus``: ``ThesaurusEntry``, the search thesaurus editors keep (a snippet);
- ``catalogue_stamp``: ``CatalogueStamp``, what the public pages' HTTP validators are made of;
- the taxonomies (snippets) are models of this app too: ``showcase.taxonomies``.

Which fields of a case leave the site, and how, is declared in ``showcase.public_fields``.
Migrations refer to ``showcase.models.content_language_choices``: it stays exported.
See https://docs.wagtail.org/en/stable/topics/pages.html
"""

from ..taxonomies import TAXONOMY_MODELS  # noqa: F401  (the snippets are models of this app)
from .case_numbers import CaseNumberCounter
from .catalogue_stamp import CatalogueStamp
from .case_parts import MAX_IMAGES, UseCaseImage, UseCaseTag
from .case_queries import CARD_THUMBNAIL, UseCasePageManager, UseCasePageQuerySet
from .meeting_pages import MeetingIndexPage, MeetingPage, MeetingReport
from .meeting_sessions import MeetingSession
from .site_pages import CataloguePage, HomePage, public_catalogue
from .query_log import QueryOutcome
from .thesaurus import ThesaurusEntry
from .case_validation import TITLE_MAX_LENGTH
from .use_case_page import UseCasePage, content_language_choices

__all__ = [
    "CARD_THUMBNAIL",
    "MAX_IMAGES",
    "TITLE_MAX_LENGTH",
    "CaseNumberCounter",
    "CatalogueStamp",
    "CataloguePage",
    "HomePage",
    "MeetingIndexPage",
    "MeetingPage",
    "MeetingReport",
    "MeetingSession",
    "QueryOutcome",
    "ThesaurusEntry",
    "UseCaseImage",
    "UseCasePage",
    "UseCasePageManager",
    "UseCasePageQuerySet",
    "UseCaseTag",
    "content_language_choices",
    "public_catalogue",
]
