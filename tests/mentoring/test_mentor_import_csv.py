"""Reading a CSV of mentors: every whole-file refusal, and each row's problems in plain words."""

import pytest
from django.core.exceptions import ValidationError

from mentoring.services.mentor_import_csv import (
    COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    NOT_UTF8_MESSAGE,
    TaxonomyLookup,
    parse_mentor_csv,
)

HEADER = ",".join(COLUMNS)
LOOKUPS = {
    "sectors": TaxonomyLookup.of("sector", [("Housing", "housing"), ("Health", "health")]),
    "stages": TaxonomyLookup.of("stage", [("Preparing to spin out", "preparing-to-spin-out")]),
    "expertise": TaxonomyLookup.of("expertise area", [("TUPE and HR", "tupe-and-hr")]),
    "region": TaxonomyLookup.of("region", [("North West", "north-west")]),
}
GOOD = "Jo Bloggs,jo@example.org,Housing,Preparing to spin out,TUPE and HR,North West,2,Finance"


def parse(*lines: str, header: str = HEADER, encoding: str = "utf-8"):
    return parse_mentor_csv("\r\n".join([header, *lines]).encode(encoding), LOOKUPS)


def refusal(content: bytes) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        parse_mentor_csv(content, LOOKUPS)
    return caught.value.messages


def test_a_good_row_has_its_values_as_slugs_and_no_problems():
    [row] = parse(GOOD)
    assert row.number == 2
    assert (row.name, row.email, row.problems) == ("Jo Bloggs", "jo@example.org", [])
    assert row.values == {
        "sectors": ["housing"],
        "stages": ["preparing-to-spin-out"],
        "expertise": ["tupe-and-hr"],
        "region": "north-west",
        "capacity": 2,
        "headline": "Finance",
    }


def test_lists_match_names_or_slugs_in_any_case_separated_by_semicolons():
    [row] = parse('Jo,JO@Example.org,"HOUSING; health ;housing",,,north-WEST,,')
    assert row.values["sectors"] == ["housing", "health"]
    assert row.values["region"] == "north-west"
    assert row.email == "jo@example.org"
    assert row.problems == []


def test_columns_may_come_in_any_order_and_only_name_and_email_are_needed():
    [row] = parse("Finance,,,,,,jo@example.org,Jo", header=",".join(reversed(COLUMNS)).upper())
    assert (row.name, row.email, row.problems) == ("Jo", "jo@example.org", [])
    assert "capacity" not in row.values


def test_utf8_with_a_byte_order_mark_is_read():
    content = ("\ufeff" + HEADER + "\r\n" + GOOD.replace("Jo Bloggs", "Zoë Brontë")).encode()
    [row] = parse_mentor_csv(content, LOOKUPS)
    assert row.name == "Zoë Brontë"
    assert row.problems == []


def test_a_file_not_in_utf8_is_refused_asking_for_csv_utf8():
    content = (HEADER + "\r\n" + GOOD.replace("Jo Bloggs", "Zoë Brontë")).encode("cp1252")
    assert refusal(content) == [NOT_UTF8_MESSAGE]
    assert "save it as CSV UTF-8" in NOT_UTF8_MESSAGE


def test_a_file_over_5_mb_is_refused():
    content = (HEADER + "\r\n").encode() + b"x" * MAX_FILE_BYTES
    assert refusal(content) == ["The file must be smaller than 5 MB"]


def test_a_file_with_more_than_5000_mentors_is_refused():
    rows = [f"Person {n},p{n}@example.org,,,,,," for n in range(MAX_ROWS + 1)]
    assert refusal("\n".join([HEADER, *rows]).encode()) == [
        "The file must have 5,000 mentors or fewer: split it into smaller files"
    ]
    assert len(parse_mentor_csv("\n".join([HEADER, *rows[:MAX_ROWS]]).encode(), LOOKUPS)) == 5000


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "The file is empty: it needs a header row and a row for each mentor"),
        (b"\r\n\r\n", "The file is empty: it needs a header row and a row for each mentor"),
        (HEADER.encode(), "The file has a header row but no mentors"),
    ],
)
def test_an_empty_file_or_one_without_mentors_is_refused(content, expected):
    assert refusal(content) == [expected]


def test_missing_and_unknown_header_columns_are_named():
    header = "name,email,sectors,stages,expertise,region,phone"
    messages = refusal(f"{header}\r\n{GOOD}".encode())
    assert messages[0] == "The header row is missing these columns: capacity, headline"
    assert messages[1] == "The header row has columns we do not know: phone"
    assert messages[-1] == f"The header row must be: {HEADER}"


def test_a_column_named_twice_is_refused():
    messages = refusal(f"{HEADER},email\r\n{GOOD}".encode())
    assert messages[0] == "The header row has these columns twice: email"


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        ("=1+1", '"="'),
        ("+44 20", '"+"'),
        ("-2", '"-"'),
        ("@SUM(A1)", '"@"'),
        ("\tHousing", "a tab"),
        ("\rHousing", "a return"),
        ('  =HYPERLINK("x")', '"="'),
    ],
)
def test_a_cell_that_looks_like_a_formula_is_refused_and_not_kept(cell, said):
    quoted = '"' + cell.replace('"', '""') + '"'
    [row] = parse(f"Jo,jo@example.org,{quoted},,,,,")
    assert row.problems == [
        f"The sectors cell starts with {said}, which a spreadsheet may run as a formula: remove it"
    ]
    assert row.values["sectors"] == []


def test_a_formula_in_the_name_is_refused_without_also_saying_the_name_is_missing():
    [row] = parse("=cmd,jo@example.org,,,,,,")
    assert len(row.problems) == 1
    assert row.problems[0].startswith('The name cell starts with "="')
    assert row.name == ""


def test_unknown_taxonomy_entries_are_named_with_their_row():
    [row] = parse("Jo,jo@example.org,Xyz;Housing,Spun out,Knitting,Mars,,")
    assert row.problems == [
        'Unknown sector "Xyz"',
        'Unknown stage "Spun out"',
        'Unknown expertise area "Knitting"',
        'Unknown region "Mars"',
    ]


@pytest.mark.parametrize("capacity", ["0", "6", "two", "1.5", "-1", "²", "３"])
def test_capacity_must_be_a_whole_number_from_1_to_5(capacity):
    [row] = parse(f"Jo,jo@example.org,,,,,{capacity},")
    assert any(f'Capacity "{capacity}"' in p or "formula" in p for p in row.problems)


def test_missing_name_and_email_and_a_bad_email_are_problems():
    first, second = parse(",,Housing,,,,,", "Jo,not-an-email,,,,,,")
    assert first.problems == ["The name is missing", "The email address is missing"]
    assert second.problems == ['"not-an-email" is not a valid email address']


def test_duplicate_emails_are_problems_on_every_row_naming_the_rows():
    rows = parse(GOOD, "Al,al@example.org,,,,,,", "", "Jo Again,JO@example.org,,,,,,")
    assert [row.number for row in rows] == [2, 3, 5]  # the blank line is row 4
    assert rows[0].problems == ["The same email address is in rows 2 and 5"]
    assert rows[1].problems == []
    assert rows[2].problems == ["The same email address is in rows 2 and 5"]


def test_a_row_longer_than_the_header_and_overlong_text_are_problems():
    [row] = parse(GOOD + ",extra", f"{'N' * 151},x@example.org,,,,,,{'H' * 151}")[:1]
    assert row.problems == ["The row has more cells than the header row has columns"]
    [_, long_row] = parse(GOOD, f"{'N' * 151},x@example.org,,,,,,{'H' * 151}")
    assert long_row.problems == [
        "The name is longer than 150 characters",
        "The headline is longer than 150 characters",
    ]


def test_a_cell_with_a_comma_or_a_line_break_inside_quotes_is_one_cell():
    [row] = parse('"Bloggs, Jo",jo@example.org,,,,,,"Finance,\nand boards"')
    assert row.name == "Bloggs, Jo"
    assert row.values["headline"] == "Finance, and boards"
