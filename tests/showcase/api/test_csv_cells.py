"""CSV cells a spreadsheet could read as a formula after trimming or Unicode normalisation are neutralised.

Issue 21 (points 6 and 8): cells beginning with a line feed, a space or a full-width
``＝`` came out as they were. Each edge cell goes through the real CSV writer and is
read back with Python's csv module, as a spreadsheet's importer would split it; the
checker below is written independently of ``showcase.api.export``.
"""

from __future__ import annotations

import csv
import io
import unicodedata

import pytest

from showcase.api.export import COLUMN_NAMES, csv_cell, csv_lines
from tests import factories
from tests.showcase.api.conftest import csv_rows

PAYLOAD = 'HYPERLINK("http://evil.example","click")'
#: Characters a spreadsheet may skip before it decides a cell is a formula.
LEADERS = {
    "line feed": "\n",
    "space": " ",
    "tab": "\t",
    "carriage return": "\r",
    "CR LF": "\r\n",
    "no-break space": "\u00a0",
    "ideographic space": "\u3000",
    "em space": "\u2003",
    "zero-width space": "\u200b",
    "byte-order mark": "\ufeff",
    "soft hyphen": "\u00ad",
    "vertical tab": "\x0b",
    "form feed": "\x0c",
    "line separator": "\u2028",
    "many spaces": " " * 5000,
    "mixed": " \n\t\u00a0\u200b",
}
#: The formula starters and characters that become one under NFKC (full-width, small forms, super/subscripts).
STARTERS = {
    "=": "=", "+": "+", "-": "-", "@": "@",
    "full-width =": "\uff1d", "full-width +": "\uff0b", "full-width -": "\uff0d", "full-width @": "\uff20",
    "small =": "\ufe66", "small +": "\ufe62", "small -": "\ufe63", "small @": "\ufe6b",
    "superscript =": "\u207c", "subscript +": "\u208a", "minus sign": "\u2212",
}
#: Formula starters as a spreadsheet may see them once the text is normalised.
FORMULA_STARTS = ("=", "+", "-", "@", "\u2212")
#: Every character Python counts as white space (what a trimming importer may drop).
BLANKS = "".join(chr(code) for code in range(0x110000) if chr(code).isspace())
#: Cells that must come out exactly as they are.
HARMLESS = ["plain text", "x = 1 + 1", "Plates read: 1,200", "", "'already quoted", "\u00e9t\u00e9 = summer",
            "Email me@example.org", "5-10 alerts", "\u2003 indented but plain"]


def reads_as_formula(cell: str) -> bool:
    """What a forgiving spreadsheet could do: NFKC, drop invisible characters, trim blanks, look at the start."""
    text = unicodedata.normalize("NFKC", cell)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")  # zero-width, BOM, soft hyphen…
    return text.lstrip(BLANKS).startswith(FORMULA_STARTS)


def written_and_read_back(cell: str) -> str:
    """One row through the export's CSV writer, read back by the csv module."""
    record = {name: "" for name in COLUMN_NAMES}
    record["title"] = cell
    text = "".join(csv_lines(iter([record])))
    assert text.startswith("\ufeff")
    header, row = list(csv.reader(io.StringIO(text[1:], newline="")))
    return row[header.index("title")]


@pytest.mark.parametrize("leader", ["nothing", *LEADERS])
def test_an_edge_cell_is_read_back_as_text(leader):
    for name, starter in STARTERS.items():
        cell = LEADERS.get(leader, "") + starter + PAYLOAD
        assert reads_as_formula(cell), name  # the corpus is hostile, by the checker's own reading
        back = written_and_read_back(cell)
        assert not reads_as_formula(back), (leader, name, back[:20])
        assert back == "'" + cell, (leader, name)  # an apostrophe in front; nothing else of the text changes


@pytest.mark.parametrize("cell", HARMLESS)
def test_harmless_cells_are_untouched(cell):
    assert csv_cell(cell) == cell
    assert written_and_read_back(cell) == cell


def test_list_cells_are_neutralised_as_a_whole():
    assert csv_cell(["\uff1dSUM(1)", "x"]) == "'\uff1dSUM(1); x"
    assert csv_cell(["x", "=SUM(1)"]) == "x; =SUM(1)"  # the cell starts with "x": a spreadsheet reads text


@pytest.mark.embedded
@pytest.mark.django_db
def test_a_case_with_edge_cells_comes_out_as_text_in_the_export(api, settings):
    settings.ELASTICSEARCH_URL = ""
    factories.use_case(
        title="Edge cells case",
        summary="\n=HYPERLINK(\"http://evil.example\")",
        problem=" +cmd|' /C calc'!A0",
        benefits="\uff1dSUM(1+1)",
        outputs="\u00a0@SUM(1)",
        supplier_name="\r\n-2+3",
        tags=("\uff20evil-tag",),
    )
    row = csv_rows(api.get("/api/v1/export/cases.csv"))[0]
    for column in ("summary", "problem", "benefits", "outputs", "supplier_name", "tags"):
        assert row[column].startswith("'") and not reads_as_formula(row[column]), (column, row[column])
    assert row["title"] == "Edge cells case"
