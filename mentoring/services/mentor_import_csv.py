"""Reading a coordinator's CSV of mentors: whole-file refusals, then each row's problems in words.

Pure: no database. The taxonomies come in as lookups (`TaxonomyLookup`), so the whole file is
checked with a handful of dictionary reads per row.
"""

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from mentoring.models.profiles import MAX_CAPACITY
from mentoring.numbers import whole_number

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
COLUMNS = ("name", "email", "sectors", "stages", "expertise", "region", "capacity", "headline")
MANY_COLUMNS = {"sectors": "sector", "stages": "stage", "expertise": "expertise area"}
SEPARATOR = ";"
NAME_MAX = 150
HEADLINE_MAX = 150

TOO_BIG_MESSAGE = "The file must be smaller than 5 MB"
TOO_MANY_ROWS_MESSAGE = (
    f"The file must have {MAX_ROWS:,} mentors or fewer: split it into smaller files"
)
NOT_UTF8_MESSAGE = (
    "The file is not in UTF-8. In your spreadsheet, save it as CSV UTF-8 "
    "(comma delimited) and upload it again"
)
NOT_CSV_MESSAGE = "The file could not be read as CSV. Save it from your spreadsheet as CSV UTF-8"
EMPTY_MESSAGE = "The file is empty: it needs a header row and a row for each mentor"
NO_ROWS_MESSAGE = "The file has a header row but no mentors"

# A cell starting with one of these is run as a formula by some spreadsheets when the file is
# opened again (CSV injection), so it is refused rather than stored.
FORMULA_STARTS = {"=": '"="', "+": '"+"', "-": '"-"', "@": '"@"', "\t": "a tab", "\r": "a return"}


@dataclass(frozen=True)
class TaxonomyLookup:
    """For one list: each active entry's lower-case name and slug, both pointing at the slug."""

    noun: str
    slugs: dict[str, str]

    @classmethod
    def of(cls, noun: str, entries: Iterable[tuple[str, str]]) -> "TaxonomyLookup":
        slugs = {}
        for name, slug in entries:
            slugs[name.casefold()] = slug
            slugs[slug.casefold()] = slug
        return cls(noun=noun, slugs=slugs)


@dataclass
class ParsedRow:
    number: int
    name: str = ""
    email: str = ""
    values: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _decode(content: bytes) -> str:
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError(TOO_BIG_MESSAGE)
    try:
        text = content.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError:
        raise ValidationError(NOT_UTF8_MESSAGE) from None
    if "\x00" in text:
        raise ValidationError(NOT_UTF8_MESSAGE)
    if not text.strip():
        raise ValidationError(EMPTY_MESSAGE)
    return text


def _header(cells: list[str]) -> list[str]:
    names = [cell.strip().casefold() for cell in cells]
    named = [name for name in names if name]
    missing = [column for column in COLUMNS if column not in named]
    unknown = [name for name in named if name not in COLUMNS]
    repeated = sorted({name for name in named if named.count(name) > 1})
    problems = []
    if missing:
        problems.append(f"The header row is missing these columns: {', '.join(missing)}")
    if unknown:
        problems.append(f"The header row has columns we do not know: {', '.join(unknown)}")
    if repeated:
        problems.append(f"The header row has these columns twice: {', '.join(repeated)}")
    if problems:
        problems.append(f"The header row must be: {','.join(COLUMNS)}")
        raise ValidationError(problems)
    return names


def read_csv_rows(content: bytes) -> list[tuple[int, dict[str, str], list[str]]]:
    """The file's mentor rows as (row number, cells by column, cells under no column).

    Row numbers are the spreadsheet's (the header is row 1); blank rows are skipped but counted.
    Raises ValidationError for a file refused as a whole.
    """
    reader = csv.reader(io.StringIO(_decode(content), newline=""))
    rows = []
    try:
        header = None
        for number, cells in enumerate(reader, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = _header(cells)
                continue
            if len(rows) == MAX_ROWS:
                raise ValidationError(TOO_MANY_ROWS_MESSAGE)
            by_column = {}
            stray = []
            for index, cell in enumerate(cells):
                name = header[index] if index < len(header) else ""
                if name:
                    by_column[name] = cell
                elif cell.strip():
                    stray.append(cell)
            rows.append((number, by_column, stray))
    except csv.Error:
        raise ValidationError(NOT_CSV_MESSAGE) from None
    if header is None:
        raise ValidationError(EMPTY_MESSAGE)
    if not rows:
        raise ValidationError(NO_ROWS_MESSAGE)
    return rows


def _formula_problem(column: str, cell: str) -> str | None:
    start = cell[:1] if cell[:1] in ("\t", "\r") else cell.lstrip(" ")[:1]
    if start in FORMULA_STARTS:
        return (
            f"The {column} cell starts with {FORMULA_STARTS[start]}, which a spreadsheet may run "
            f"as a formula: remove it"
        )
    return None


def _many(row: ParsedRow, column: str, cell: str, lookup: TaxonomyLookup) -> None:
    slugs = []
    for value in (part.strip() for part in cell.split(SEPARATOR)):
        if not value:
            continue
        slug = lookup.slugs.get(value.casefold())
        if slug is None:
            row.problems.append(f'Unknown {lookup.noun} "{value}"')
        elif slug not in slugs:
            slugs.append(slug)
    row.values[column] = slugs


def _region(row: ParsedRow, cell: str, lookup: TaxonomyLookup) -> None:
    value = cell.strip()
    if not value:
        return
    slug = lookup.slugs.get(value.casefold())
    if SEPARATOR in value:
        row.problems.append(f'Give one region, not several: "{value}"')
    elif slug is None:
        row.problems.append(f'Unknown region "{value}"')
    else:
        row.values["region"] = slug


def _capacity(row: ParsedRow, cell: str) -> None:
    value = cell.strip()
    if not value:
        return
    capacity = whole_number(value)
    if capacity is not None and 1 <= capacity <= MAX_CAPACITY:
        row.values["capacity"] = capacity
    else:
        row.problems.append(f'Capacity "{value}" is not a whole number from 1 to {MAX_CAPACITY}')


def _person(row: ParsedRow, cells: dict[str, str], refused: set[str]) -> None:
    row.name = " ".join(cells.get("name", "").split())
    if not row.name and "name" not in refused:
        row.problems.append("The name is missing")
    elif len(row.name) > NAME_MAX:
        row.problems.append(f"The name is longer than {NAME_MAX} characters")
    row.name = row.name[:NAME_MAX]
    email = cells.get("email", "").strip()
    row.email = email.lower()[:254]
    if not email:
        if "email" not in refused:
            row.problems.append("The email address is missing")
        return
    try:
        validate_email(email)
    except ValidationError:
        row.problems.append(f'"{email}" is not a valid email address')


def parse_row(
    number: int, cells: dict[str, str], stray: list[str], lookups: dict[str, TaxonomyLookup]
) -> ParsedRow:
    """One row's values (taxonomy slugs, capacity, headline) and its problems, in words."""
    row = ParsedRow(number=number)
    refused = set()
    for column in COLUMNS:
        problem = _formula_problem(column, cells.get(column, ""))
        if problem:
            row.problems.append(problem)
            refused.add(column)
    # Nothing from a refused cell is kept, not even in the preview.
    cells = {column: "" if column in refused else cells.get(column, "") for column in COLUMNS}
    _person(row, cells, refused)
    for column in MANY_COLUMNS:
        _many(row, column, cells[column], lookups[column])
    _region(row, cells["region"], lookups["region"])
    _capacity(row, cells["capacity"])
    headline = " ".join(cells["headline"].split())
    if len(headline) > HEADLINE_MAX:
        row.problems.append(f"The headline is longer than {HEADLINE_MAX} characters")
    row.values["headline"] = headline[:HEADLINE_MAX]
    if stray:
        row.problems.append("The row has more cells than the header row has columns")
    return row


def mark_repeated_emails(rows: list[ParsedRow]) -> None:
    """Every row whose email address is also on another row gets a problem naming them all."""
    numbers = defaultdict(list)
    for row in rows:
        if row.email:
            numbers[row.email].append(row.number)
    for row in rows:
        same = numbers.get(row.email, [])
        if len(same) > 1:
            listed = ", ".join(str(n) for n in same[:-1]) + f" and {same[-1]}"
            row.problems.append(f"The same email address is in rows {listed}")


def parse_mentor_csv(content: bytes, lookups: dict[str, TaxonomyLookup]) -> list[ParsedRow]:
    """Every mentor row of the file with its problems; ValidationError if the file is refused."""
    rows = [parse_row(n, cells, stray, lookups) for n, cells, stray in read_csv_rows(content)]
    mark_repeated_emails(rows)
    return rows
