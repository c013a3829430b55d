"""The time-zone choice's ``<select>``: the same markup Django's own widget would write, without its per-render cost."""

from django import forms

from showcase.visitor_time import TimeZoneForm, VisitorZone, _zone_choices


def test_the_zone_select_is_never_required_in_html_as_django_would_decide():
    """Django puts ``required`` on a select only when its first option is empty; no zone is."""
    assert forms.Select(choices=_zone_choices()).use_required_attribute(None) is False
    rendered = str(VisitorZone("Europe/Paris").form()["tz"])
    assert " required" not in rendered
    assert '<option value="Europe/Paris" selected>Europe/Paris</option>' in rendered
    assert rendered.count("<option ") == len(_zone_choices())


def test_a_submitted_zone_is_still_validated_against_the_known_ones():
    assert TimeZoneForm({"tz": "Asia/Singapore"}).is_valid()
    refused = TimeZoneForm({"tz": "Mars/Olympus_Mons"})
    assert not refused.is_valid() and "tz" in refused.errors
    assert not TimeZoneForm({"tz": ""}).is_valid(), "the field stays required on the server"
