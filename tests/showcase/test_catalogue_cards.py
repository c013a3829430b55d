"""The catalogue's result cards and facet groups, built without format_html (issue 20.1): still escaped, same markup.

Hostile text in every place a card or a facet shows it comes out escaped; the thumbnail is
Wagtail's rendition with the case's alt text, as ``img_tag`` would write it.
"""

from __future__ import annotations

import re

import pytest
from taggit.models import Tag

from showcase.models import CARD_THUMBNAIL, UseCaseImage
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

HOSTILE = '"><script>alert(1)</script>'


@pytest.fixture
def hostile_case(settings):
    settings.ELASTICSEARCH_URL = ""
    case = factories.use_case(title=f"Cards {HOSTILE}", summary=f"Summary {HOSTILE}", tags=("Harmless",), images=1)
    UseCaseImage.objects.filter(page=case).update(alt_text=f"Alt {HOSTILE}")
    Tag.objects.filter(slug="harmless").update(name=f"Tag {HOSTILE}")
    return case


def test_hostile_text_on_a_card_and_in_a_facet_is_escaped(client, hostile_case):
    page = client.get("/cases/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "Cards &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Summary &quot;&gt;&lt;script&gt;" in page
    assert "Tag &quot;&gt;&lt;script&gt;" in page, "the tag facet's label"


def test_the_thumbnail_is_the_renditions_img_with_the_cases_alt_text(client, hostile_case):
    page = client.get("/cases/").content.decode()
    rendition = UseCaseImage.objects.get(page=hostile_case).image.get_rendition(CARD_THUMBNAIL)
    tag = re.search(r'<img src="[^"]+" width="\d+" height="\d+" alt="[^"]*" class="case-card__image" loading="lazy">', page)
    assert tag, "one img per card with an image, as Wagtail's img_tag writes it"
    assert f'src="{rendition.url}"' in tag.group(0)
    assert f'width="{rendition.width}" height="{rendition.height}"' in tag.group(0)
    assert 'alt="Alt &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in tag.group(0)
