"""The interface in English, French, Spanish and Arabic: prefixed addresses, the switcher, right-to-left, e-mails.

English has no prefix (``/cases/``); the others are ``/fr/…``, ``/es/…``,
``/ar/…``. Case content stays in the language it was written in.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from portal.submitter_emails import render_email
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture(autouse=True)
def _english_after_each_test():
    # A request activates its language in this thread and nothing resets it:
    # without this, the next test would reverse addresses in French.
    yield
    translation.activate(settings.LANGUAGE_CODE)


def html_of(response) -> str:
    return response.content.decode()


def english_url(page) -> str:
    with translation.override("en"):
        return page.url


def test_english_addresses_have_no_prefix(client):
    response = client.get("/cases/")
    assert response.status_code == 200
    html = html_of(response)
    assert '<html lang="en" dir="ltr">' in html
    assert "No use cases have been published yet." in html
    assert 'href="/cases/" aria-current="page"' in html
    assert client.get("/en/cases/").status_code == 404  # one address per page


def test_french_catalogue_is_in_french(client):
    response = client.get("/fr/cases/")
    assert response.status_code == 200
    html = html_of(response)
    assert '<html lang="fr" dir="ltr">' in html
    assert "Aucun cas d'usage n'a encore été publié." in html
    assert "Aller au contenu principal" in html
    # The navigation stays in French: links carry the prefix.
    assert 'href="/fr/cases/" aria-current="page"' in html
    assert 'href="/fr/submit/"' in html and 'href="/fr/accounts/login/"' in html


@pytest.mark.parametrize("code", ["es", "ar"])
def test_spanish_and_arabic_pages_are_served_with_their_language(client, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    direction = "rtl" if code == "ar" else "ltr"
    assert f'<html lang="{code}" dir="{direction}">' in html_of(response)


def test_arabic_pages_are_right_to_left_and_translated(client):
    html = html_of(client.get("/ar/cases/"))
    assert '<html lang="ar" dir="rtl">' in html
    assert "Skip to main content" not in html, "the Arabic catalogue shows English interface text"


def test_machine_addresses_and_the_admin_are_not_prefixed(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/fr/healthz", follow=True).status_code == 404
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/fr/admin/login/").status_code == 404


def test_every_page_lists_its_language_versions_for_search_engines(client):
    html = html_of(client.get("/fr/cases/?q=drone"))
    for code, path in [("en", "/cases/"), ("fr", "/fr/cases/"), ("es", "/es/cases/"), ("ar", "/ar/cases/")]:
        assert f'<link rel="alternate" hreflang="{code}" href="http://testserver{path}">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/cases/">' in html


def test_the_switcher_links_to_the_same_page_and_search_in_each_language(client):
    html = html_of(client.get("/cases/?q=drone&page=2"))
    nav = re.search(r'<nav class="language-switcher" aria-label="Language">(.*?)</nav>', html, re.S)
    assert nav, "no language switcher"
    links = nav.group(1)
    assert '<span class="language-switcher__current" lang="en" aria-current="true">English</span>' in links
    assert '<a href="/fr/cases/?q=drone&amp;page=2" hreflang="fr" lang="fr">Français</a>' in links
    assert '<a href="/es/cases/?q=drone&amp;page=2" hreflang="es" lang="es">Español</a>' in links
    assert '<a href="/ar/cases/?q=drone&amp;page=2" hreflang="ar" lang="ar">العربية</a>' in links


def test_the_switcher_follows_a_case_and_the_catalogue_sub_pages(client):
    case = factories.use_case(title="Drone search for missing persons")
    url = english_url(case)
    with translation.override("fr"):
        assert case.url == f"/fr{url}"  # page.url and {% pageurl %} keep the active language
    html = html_of(client.get(f"/fr{url}"))
    assert case.title in html, "the case's own text is shown as written"
    assert f'href="/ar{url}" hreflang="ar"' in html and f'href="{url}" hreflang="en"' in html
    assert client.get(f"/es{url}").status_code == 200


def test_a_signed_in_person_switches_by_posting_and_keeps_the_choice_for_e_mails(client):
    person = factories.submitter()
    client.force_login(person)
    page = html_of(client.get("/cases/?q=drone"))
    assert 'action="/i18n/setlang/"' in page and 'name="language" value="fr"' in page
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/cases/?q=drone"})
    assert response.status_code == 302 and response["Location"] == "/fr/cases/?q=drone"
    person.refresh_from_db()
    assert person.language == "fr"
    # And back from a prefixed page: the language of "next" is read from its prefix.
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/fr/submissions/"})
    assert response["Location"] == "/ar/submissions/"
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/ar/cases/"})
    assert response["Location"] == "/cases/"
    person.refresh_from_db()
    assert person.language == "en"


@pytest.mark.parametrize("language", ["de", "", "x" * 300, "fr'><script>"])
def test_the_switcher_refuses_a_language_it_does_not_offer(client, language):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/cases/"})
    assert response.status_code == 400
    assert "not offered" in html_of(response)


def test_the_switcher_does_not_redirect_to_another_site(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "https://evil.example/cases/"})
    assert response.status_code == 302
    assert not response["Location"].startswith("https://evil.example")


def test_registration_remembers_the_language_it_was_made_in(client):
    import re

    from showcase.taxonomies import OrganisationType

    response = client.post(
        "/fr/accounts/register/",
        {
            "name": "Claire Martin",
            "email": "claire.martin@police.example.fr",
            "organisation_name": "Police nationale",
            "organisation_type": factories.taxonomy(OrganisationType).pk,
            "country": "FR",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/fr/accounts/register/check-your-email/"
    confirmation = mail.outbox[-1]
    assert confirmation.subject == "Confirmez votre adresse e-mail"
    link = re.search(r"http://testserver(/fr/accounts/verify/[^/\s]+/)", confirmation.body).group(1)
    client.post(link, {"password1": "a-long-enough-passphrase-42", "password2": "a-long-enough-passphrase-42"})
    from portal.models import User

    assert User.objects.get(email="claire.martin@police.example.fr").language == "fr"


def test_a_french_submitter_gets_the_received_e_mail_in_french_with_french_links(django_capture_on_commit_callbacks):
    item = factories.complete_submission(factories.submitter(language="fr"))
    from portal import submission as services

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.submit(item, item.submitter)
    message = mail.outbox[-1]
    assert message.subject.startswith("Nous avons bien reçu votre cas d'usage « ")
    assert "Nous avons bien reçu votre cas d" in message.body
    assert f"/fr/submissions/{item.pk}/" in message.body
    html, _mimetype = message.alternatives[0]
    assert 'lang="fr"' in html and re.search(rf'href="[^"]*/fr/submissions/{item.pk}/"', html)


def test_the_chosen_language_wins_over_the_language_of_the_submission():
    item = factories.complete_submission(factories.submitter(language="ar"))
    item.language = "es"
    item.save()
    subject, text, html = render_email(item, "received")
    assert 'lang="ar" dir="rtl"' in html
    assert "/ar/submissions/" in text
    assert "We have received" not in subject


def test_password_reset_mail_is_in_the_account_language(client):
    factories.submitter("ana@policia.example.es", language="es")
    client.post("/accounts/password/reset/", {"email": "ana@policia.example.es"})
    message = mail.outbox[-1]
    assert "/es/accounts/password/reset/" in message.body
    assert "Someone asked" not in message.body


def test_an_attendees_only_case_stays_hidden_under_a_prefix(client):
    case = factories.use_case(title="Hidden attendee case", visibility="attendees")
    prefixed = f"/fr{english_url(case)}"
    response = client.get(prefixed)
    assert response.status_code == 302
    assert case.summary not in html_of(response)
    # Wagtail's login address is reversed in French and leads to our French log-in form.
    login = client.get(response["Location"])
    assert login.status_code == 302 and login["Location"].startswith("/fr/accounts/login/?next=")
    client.force_login(factories.user())
    response = client.get(prefixed)
    assert response.status_code == 403 and case.summary not in html_of(response)
    assert "Réservé aux participants inscrits" in html_of(response)
    client.force_login(factories.attendee())
    assert case.summary in html_of(client.get(prefixed))


def test_catalogue_sub_routes_work_under_a_prefix(client):
    case = factories.use_case(title="Drone search for missing persons", tags=("drones",))
    url = english_url(case)
    suggestions = client.get("/fr/cases/suggest/?q=Drone").json()["suggestions"]
    assert [item["url"] for item in suggestions if "Drone" in item["title"]] == [f"/fr{url}"]
    tag_page = client.get("/ar/cases/tags/drones/")
    assert tag_page.status_code == 200
    html = html_of(tag_page)
    assert '<html lang="ar" dir="rtl">' in html and case.title in html
    assert f'href="/ar{url}"' in html


def test_reversed_addresses_carry_the_active_language():
    assert reverse("submissions:list") == "/submissions/"
    with translation.override("ar"):
        assert reverse("submissions:list") == "/ar/submissions/"
        assert reverse("healthz") == "/healthz"


@pytest.mark.django_db
def test_the_catalogue_heading_is_translated_while_it_keeps_its_default_title(client):
    from django.utils import translation

    with translation.override("fr"):
        expected = translation.gettext("Use cases")
    assert expected != "Use cases"
    html = client.get("/fr/cases/").content.decode()
    assert f"<h1>{expected}</h1>".replace("'", "&#x27;") in html
    assert "<h1>Use cases</h1>" in client.get("/cases/").content.decode()
