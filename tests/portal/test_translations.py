"""The French, Spanish and Arabic catalogues are complete, correct and compiled.

A string added to the code or a template without its three translations
fails here, as does a translation that drops or invents a placeholder, a
fuzzy (unchecked) one, or a .po file whose .mo was not compiled again.
"""

from __future__ import annotations

import gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.conftest import missing_service

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
TRANSLATED = ["fr", "es", "ar"]  # English is the source language
#: What makemessages must not read: other people's code, tests, tools, build output.
IGNORED = [".venv", "node_modules", "tests", "tools", "bench", "test-artifacts", "media", "staticfiles"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]|\{\w*\}")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def label(self) -> str:
        return f"line {self.line}: {self.msgid[:70]!r}"


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), body)


def read_po(path: Path) -> tuple[Entry, list[Entry]]:
    """(header, entries) of a gettext catalogue, leaving out obsolete (#~) entries."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            current = current if current is not None and not current.msgstr else None
            if current is None:
                current = Entry(line=number)
                entries.append(current)
            current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            name, index = target
            if name == "msgstr":
                current.msgstr[index] += _unquote(line)
            else:
                setattr(current, name, getattr(current, name) + _unquote(line))
            continue
        if keyword in ("msgctxt", "msgid") and (current is None or current.msgstr):
            current = Entry(line=number)
            entries.append(current)
        match = re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword)
        if match:
            index = int(match.group(1) or 0)
            current.msgstr[index] = _unquote(rest)
            target = ("msgstr", index)
        else:
            setattr(current, keyword, _unquote(rest))
            target = (keyword, 0)
    header = next(entry for entry in entries if entry.msgid == "" and entry.msgctxt is None)
    return header, [entry for entry in entries if entry is not header]


def plural_count(header: Entry) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", header.msgstr[0])
    assert match, "the header has no Plural-Forms"
    return int(match.group(1))


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def catalogue(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogue_declares_its_language_and_is_not_fuzzy(language):
    header, _entries = read_po(catalogue(language))
    assert "fuzzy" not in header.flags, "a fuzzy header is ignored by msgfmt (and so is the charset)"
    assert f"Language: {language}\n" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]
    if language == "ar":
        assert plural_count(header) == 6


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_is_translated_with_its_placeholders(language):
    header, entries = read_po(catalogue(language))
    forms = plural_count(header)
    problems = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            problems.append(f"{entry.label}: marked fuzzy (unchecked)")
        if entry.msgid_plural is None:
            translation = entry.msgstr.get(0, "")
            if not translation.strip():
                problems.append(f"{entry.label}: not translated")
            elif placeholders(translation) != placeholders(entry.msgid):
                problems.append(f"{entry.label}: placeholders {placeholders(translation)} ≠ {placeholders(entry.msgid)}")
            continue
        allowed = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
        if sorted(entry.msgstr) != list(range(forms)):
            problems.append(f"{entry.label}: {len(entry.msgstr)} plural forms, the language has {forms}")
        for index, translation in entry.msgstr.items():
            if not translation.strip():
                problems.append(f"{entry.label}: plural form {index} not translated")
            # A form may leave the number out (Arabic says "one question" in words), never invent one.
            elif not placeholders(translation) <= allowed:
                problems.append(f"{entry.label}: plural form {index} has unknown placeholders")
        general = entry.msgstr.get(forms - 1, "")
        if placeholders(general) != placeholders(entry.msgid_plural):
            problems.append(f"{entry.label}: the last plural form must keep {placeholders(entry.msgid_plural)}")
    assert not problems, f"{len(problems)} problems in locale/{language}:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_matches_the_po_file(language):
    """The .mo the site loads says what the .po says (run `manage.py compilemessages` after editing)."""
    _header, entries = read_po(catalogue(language))
    mo = catalogue(language).with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run manage.py compilemessages --ignore=.venv"
    compiled = gettext.GNUTranslations(mo.open("rb"))
    stale = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            continue
        prefix = f"{entry.msgctxt}\x04" if entry.msgctxt is not None else ""
        if entry.msgid_plural is None:
            expected = entry.msgstr.get(0) or None
            actual = compiled._catalog.get(prefix + entry.msgid)
        else:
            expected = [entry.msgstr[index] for index in sorted(entry.msgstr)]
            actual = [compiled._catalog.get((prefix + entry.msgid, index)) for index in sorted(entry.msgstr)]
        if actual != expected:
            stale.append(entry.label)
    assert not stale, f"locale/{language}/LC_MESSAGES/django.mo is out of date: " + "; ".join(stale[:10])


def source_tree_with_copied_catalogues(tmp_path: Path) -> Path:
    """The project's sources (symbolic links) beside a copy of its catalogues.

    makemessages writes into every directory called ``locale`` it walks past,
    so it runs here, where the only one is the copy.
    """
    tree = tmp_path / "tree"
    tree.mkdir()
    for item in ROOT.iterdir():
        if item.name != "locale" and not item.name.startswith(".") and item.name not in IGNORED:
            (tree / item.name).symlink_to(item)
    for language in TRANSLATED:
        (tree / "locale" / language / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(catalogue(language), tree / "locale" / language / "LC_MESSAGES" / "django.po")
    return tree


def test_no_string_of_the_code_is_missing_from_the_catalogues(tmp_path, monkeypatch, settings):
    """makemessages, run on a copy of the catalogues, finds no string they lack."""
    if not shutil.which("xgettext") or not shutil.which("msgmerge"):
        missing_service("GNU gettext (xgettext, msgmerge) is not installed; apt-get install gettext")
    sources = [item for item in ROOT.iterdir() if item.is_dir() and not item.name.startswith(".") and item.name not in IGNORED]
    others = [path for source in sources if source != LOCALE for path in source.rglob("locale")]
    assert not others, f"only {LOCALE} is expected to hold catalogues, found {others}"
    tree = source_tree_with_copied_catalogues(tmp_path)
    settings.LOCALE_PATHS = [tree / "locale"]
    monkeypatch.chdir(tree)
    call_command(
        "makemessages", locale=TRANSLATED, ignore_patterns=IGNORED, symlinks=True, verbosity=0, no_obsolete=True
    )
    problems = []
    for language in TRANSLATED:
        known = {(entry.msgctxt, entry.msgid) for entry in read_po(catalogue(language))[1]}
        for entry in read_po(tree / "locale" / language / "LC_MESSAGES" / "django.po")[1]:
            if (entry.msgctxt, entry.msgid) not in known:
                problems.append(f"{language}: {entry.msgid[:80]!r}")
    assert not problems, (
        f"{len(problems)} strings are missing from the catalogues; run makemessages and translate them:\n"
        + "\n".join(problems[:40])
    )
