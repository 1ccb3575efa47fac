"""The export files: CSV for Danish Excel and XLSX read back with æøå and emoji intact, no live
formula in either, no personal data unless asked for, and the results with the numbers of
`award results --format json`."""

import io
import json
import zipfile
from datetime import datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from export_data import (
    DANISH,
    HYPERLINK,
    NAMES,
    PERSONAL,
    judge,
    no_formula_anywhere,
    nominate,
    read_csv,
    read_xlsx,
)

from award.audit.models import AuditEntry
from award.exports import formats, services
from award.exports.formats import DECIMAL, INTEGER, TEXT, YES_NO, Column, Table
from award.extensions import db
from award.rounds import decision
from award.rounds import results as round_results

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def nominated(cycle, make_nomination):
    return nominate(cycle, make_nomination)


def export(cycle, what, fmt, clock, **options):
    return services.export(cycle, what, fmt, actor="sekretariat@example.dk", at=clock(),
                           **options)


def as_dicts(rows):
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def xlsx_dicts(sheet):
    header, *body = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return [dict(zip(header, row, strict=True)) for row in body]


def all_text(data: bytes, fmt: str) -> str:
    if fmt == "csv":
        return "\n".join(";".join(row) for row in read_csv(data))
    return "\n".join(str(cell.value) for row in read_xlsx(data).iter_rows() for cell in row
                     if cell.value is not None)


# ---------------------------------------------------------------- CSV


def test_the_csv_is_for_danish_excel_and_reads_back_intact(cycle, nominated, clock):
    made = export(cycle, "nominations", "csv", clock)
    assert made.filename == "indstillinger-2024.csv"
    assert made.media_type == "text/csv; charset=utf-8"
    data = made.data
    assert data.startswith(b"\xef\xbb\xbfReference;Status;Initiativ;Region;")
    # Every record ends in CRLF; the line break inside the description is a bare LF.
    assert data.endswith(b"\r\n") and data.count(b"\r") == data.count(b"\r\n")
    assert data.count(b"\r\n") == 1 + len(NAMES)

    rows = read_csv(data)
    assert len({len(row) for row in rows}) == 1
    by_reference = {row["Reference"]: row for row in as_dicts(rows)}
    first = by_reference[nominated[0].reference]
    assert first["Initiativ"] == DANISH
    assert first["Beskrivelse"] == "Første linje om Ærø.\nAnden linje – med 💡."
    assert first["Region"] == "Region Hovedstaden" and first["Status"] == "Indsendt"
    assert first["Kriterium 7: svar"] == "Svar på kriterium 7."
    assert first["Indsendt (dansk tid)"] == "2024-01-05 11:00"  # 10:00 UTC in winter
    assert first["Bilag"] == "0" and first["Screening"] == ""

    # Texts that start like formulas are inert: an apostrophe in front (OWASP).
    names = [by_reference[n.reference]["Initiativ"] for n in nominated]
    assert names == [DANISH, "'" + HYPERLINK, "'+45 minutter sparet", "'-minus ventetid",
                     "'@hjemme"]
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell


# ---------------------------------------------------------------- XLSX


def test_the_xlsx_keeps_texts_as_strings_and_numbers_as_numbers(cycle, nominated, clock):
    made = export(cycle, "nominations", "xlsx", clock)
    assert made.filename == "indstillinger-2024.xlsx"
    assert made.media_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    sheet = read_xlsx(made.data)
    assert sheet.title == "Indstillinger 2024"
    assert sheet["A1"].value == "Reference" and sheet["A1"].font.b
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    assert widths["A"] >= len(nominated[0].reference) and max(widths.values()) <= 60

    no_formula_anywhere(sheet)
    with zipfile.ZipFile(io.BytesIO(made.data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml

    header = [cell.value for cell in sheet[1]]
    column = header.index("Initiativ") + 1
    cells = {sheet.cell(row=row, column=1).value: sheet.cell(row=row, column=column)
             for row in range(2, sheet.max_row + 1)}
    assert [cells[n.reference].value for n in nominated] == NAMES  # exactly, no apostrophe
    hyperlink = cells[nominated[1].reference]
    assert hyperlink.data_type == "s" and hyperlink.quotePrefix
    assert cells[nominated[0].reference].data_type == "s"

    first = next(row for row in xlsx_dicts(sheet) if row["Reference"] == nominated[0].reference)
    assert first["Beskrivelse"] == "Første linje om Ærø.\nAnden linje – med 💡."
    assert first["Indsendt (dansk tid)"] == datetime(2024, 1, 5, 11, 0)
    assert first["Bilag"] == 0 and first["Trukket tilbage (dansk tid)"] is None
    submitted = sheet.cell(row=2, column=header.index("Indsendt (dansk tid)") + 1)
    assert submitted.is_date and submitted.number_format == "yyyy-mm-dd hh:mm"


# ---------------------------------------------------------------- personal data


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_without_personal_data_no_name_e_mail_or_phone_is_in_the_file(cycle, nominated,
                                                                      clock, fmt):
    made = export(cycle, "nominations", fmt, clock)
    text = all_text(made.data, fmt)
    assert DANISH in text
    leaked = [value for value in PERSONAL if value in text]
    assert not leaked
    for header in ("Kontaktperson", "Indstiller", "Indstillerens e-mail",
                   "Kontaktpersonens telefon"):
        assert f"{header};" not in text and f"\n{header}\n" not in text
    entry = db.session.scalars(sa.select(AuditEntry)
                               .where(AuditEntry.action == "export.downloaded")).one()
    assert (entry.actor, entry.object_type, entry.object_id) == (
        "sekretariat@example.dk", "cycle", "2024")
    assert json.loads(entry.details) == {"what": "nominations", "format": fmt,
                                         "personal_data": False, "rows": len(NAMES)}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_with_personal_data_every_name_e_mail_and_phone_is_there(cycle, nominated, clock, fmt):
    made = export(cycle, "nominations", fmt, clock, personal_data=True)
    assert made.filename == f"indstillinger-med-persondata-2024.{fmt}"
    text = all_text(made.data, fmt)
    assert [value for value in PERSONAL if value not in text] == []
    if fmt == "csv":  # a phone number starting with + is text, not a sum
        assert "'+45 35 31 35 31" in text
    entry = db.session.scalars(sa.select(AuditEntry)
                               .where(AuditEntry.action == "export.downloaded")).one()
    assert json.loads(entry.details)["personal_data"] is True


def test_only_the_nominations_come_with_personal_data(cycle, nominated, clock):
    with pytest.raises(services.ExportRefused):
        export(cycle, "sheets", "csv", clock, personal_data=True)


# ---------------------------------------------------------------- score sheets


@pytest.fixture
def judged(cycle, nominated, make_juror, open_round, clock):
    round_, jurors = judge(cycle, nominated, make_juror, open_round, clock)
    return round_, jurors, nominated


def test_every_score_sheet_with_its_scores_and_comments(cycle, judged, clock):
    round_, (anna, bo), entries = judged
    made = export(cycle, "sheets", "xlsx", clock)
    assert made.filename == "bedoemmelser-2024.xlsx" and made.rows == 2 * len(entries)
    sheet = read_xlsx(made.data)
    no_formula_anywhere(sheet)
    rows = xlsx_dicts(sheet)
    # By round, juror (Anna Ågård before Bo Bøgh) and reference.
    assert [(row["Jurymedlem"], row["Reference"]) for row in rows] == (
        [("Anna Ågård", e.reference) for e in entries]
        + [("Bo Bøgh", e.reference) for e in entries])
    first = rows[0]
    assert first["Runde"] == 1 and first["Rundens navn"] == "Runde 1"
    assert first["Jurymedlemmets e-mail"] == "anna@example.dk"
    assert first["Initiativ"] == DANISH
    assert [first[f"Kriterium {n}: point"] for n in range(1, 8)] == [1, 2, 1, 1, 2, 1, 5]
    assert first["Kriterium 1: kommentar"] == "Godt for de ældre på Ærø 👍"
    assert first["Kriterium 2: kommentar"] == "=1+1"
    assert first["Kriterium 3: kommentar"] is None  # empty
    assert first["Samlet kommentar"] == "@Anna: samlet set fint"
    assert first["Status"] == "Indsendt" and first["Indtastet af"] == "anna@example.dk"
    assert first["Indsendt (dansk tid)"] == datetime(2024, 1, 15, 10, 0)
    assert isinstance(first["Kriterium 1: point"], int)

    rows = as_dicts(read_csv(export(cycle, "sheets", "csv", clock).data))
    assert rows[0]["Kriterium 2: kommentar"] == "'=1+1"
    assert rows[0]["Samlet kommentar"] == "'@Anna: samlet set fint"
    assert rows[0]["Kriterium 1: point"] == "1" and rows[0]["Initiativ"] == DANISH


# ---------------------------------------------------------------- results


def test_the_results_have_the_numbers_of_award_results_json(cycle, judged, clock, runner):
    round_, _, entries = judged
    result = runner.invoke(args=["results", "--year", "2024", "--round", "1", "--format",
                                 "json"])
    assert result.exit_code == 0, result.output
    published = json.loads(result.output)["entries"]
    assert len(published) == len(entries)

    made = export(cycle, "results", "csv", clock, round_=round_)
    assert made.filename == "resultat-2024-runde-1.csv"
    rows = as_dicts(read_csv(made.data))
    assert len(rows) == len(published)
    assert any("," in row["Point"] for row in rows)  # decimals with a comma
    assert any(row["Normaliseret"].startswith("-") for row in rows)  # numbers stay numbers

    def comma(value):
        return None if value is None else Decimal(value.replace(",", "."))

    for row, entry in zip(rows, published, strict=True):
        assert int(row["Plads"]) == entry["rank"]
        assert row["Reference"] == entry["reference"]
        assert row["Initiativ"] == formats.neutralise(entry["title"])
        assert row["Point"] == entry["score"].replace(".", ",")
        assert row["Point, eksakt brøk"] == "'" + entry["score_exact"]
        assert comma(row["Normaliseret"]) == Decimal(str(entry["normalised"]))
        for number, mean in entry["criteria"].items():
            assert row[f"Kriterium {number}: gennemsnit"] == mean.replace(".", ",")
        assert int(row["Bedømmelser"]) == entry["sheets"]
        assert comma(row["Spredning"]) == Decimal(str(entry["spread"]))
        for column, key in (("Stemmelighed", "tied"), ("Under mindste antal", "below_quorum"),
                            ("Uenighed", "disagreement"), ("Går videre", "advanced")):
            assert row[column] == ("ja" if entry[key] else "nej")

    sheet = read_xlsx(export(cycle, "results", "xlsx", clock, round_=round_).data)
    no_formula_anywhere(sheet)
    header = [cell.value for cell in sheet[1]]
    for number, entry in enumerate(published, start=2):
        row = {name: sheet.cell(row=number, column=i + 1) for i, name in enumerate(header)}
        assert row["Plads"].value == entry["rank"]
        assert row["Initiativ"].value == entry["title"]
        assert row["Point"].data_type == "n" and row["Point"].number_format == "0.00"
        assert Decimal(str(row["Point"].value)) == Decimal(entry["score"])
        assert row["Point, eksakt brøk"].value == entry["score_exact"]
        assert row["Normaliseret"].number_format == "0.0000"
        assert Decimal(str(row["Normaliseret"].value)) == Decimal(str(entry["normalised"]))
        for criterion, mean in entry["criteria"].items():
            assert Decimal(str(row[f"Kriterium {criterion}: gennemsnit"].value)) == Decimal(mean)
        assert row["Bedømmelser"].value == entry["sheets"]


def test_an_open_round_has_no_results_to_export(cycle, nominated, make_juror, open_round,
                                                clock):
    make_juror(cycle, "anna@example.dk")
    round_ = open_round(cycle)
    with pytest.raises(services.ExportRefused):
        export(cycle, "results", "xlsx", clock, round_=round_)
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))
                             .where(AuditEntry.action == "export.downloaded")) == 0


# ---------------------------------------------------------------- the writers


def test_neutralise():
    assert formats.neutralise("=1+1") == "'=1+1"
    for start in FORMULA_STARTS:
        assert formats.neutralise(f"{start}x") == f"'{start}x"
    assert formats.neutralise("Ærø 🎉") == "Ærø 🎉"
    assert formats.neutralise("") == "" and formats.neutralise("a=b") == "a=b"


def test_the_writers_on_edge_cases():
    table = Table("Prøve: [a]/b*?", [Column("Tekst"), Column("Tal", INTEGER),
                                     Column("Decimal", DECIMAL), Column("Ja/nej", YES_NO),
                                     Column("=Overskrift", TEXT)],
                  rows=[["#N/A", -3, Decimal("-0.001"), True, "\tfane"],
                        ["styre\x07tegn", None, Decimal("4.125"), False, "\rvogn"]])
    rows = read_csv(formats.to_csv(table))
    assert rows == [["Tekst", "Tal", "Decimal", "Ja/nej", "'=Overskrift"],
                    ["#N/A", "-3", "0,00", "ja", "'\tfane"],
                    ["styre\x07tegn", "", "4,13", "nej", "'\rvogn"]]
    sheet = read_xlsx(formats.to_xlsx(table))
    assert sheet.title == "Prøve ab"
    no_formula_anywhere(sheet)
    assert sheet["A2"].value == "#N/A" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -3 and sheet["C2"].value == 0 and sheet["D2"].value == "ja"
    assert sheet["E1"].value == "=Overskrift" and sheet["E1"].data_type == "s"
    assert sheet["A3"].value == "styre\ufffdtegn"  # XML cannot hold BEL
    assert sheet["B3"].value is None and sheet["C3"].value == 4.13


def test_the_results_say_how_each_place_was_decided_and_which_entry_won(cycle, judged, clock):
    round_, _, entries = judged
    current = round_results.results(round_)
    tie = current.outcome.tie_groups[0]
    order = [current.nomination(entry) for entry in reversed(tie)]
    round_results.resolve(round_, order, "Juryen drøftede dem på mødet.",
                          actor="sekretariat@example.dk", at=clock())
    first = current.nomination(current.outcome.entries[0].entry)
    decision.decide(cycle, first, actor="sekretariat@example.dk", at=clock())
    db.session.commit()

    rows = as_dicts(read_csv(export(cycle, "results", "csv", clock, round_=round_).data))
    by_reference = {row["Reference"]: row for row in rows}
    expected = " > ".join(n.reference for n in order) + ": Juryen drøftede dem på mødet."
    for nomination in order:
        row = by_reference[nomination.reference]
        assert row["Pladsen afgjort af"] == "sekretariatets rækkefølge"
        assert row["Sekretariatets rækkefølge og begrundelse"] == expected
    assert [row["Reference"] for row in rows if row["Vinder"] == "ja"] == [first.reference]
    decided = {row["Pladsen afgjort af"] for row in rows}
    assert decided <= {"pointene", "sekretariatets rækkefølge", "deles: står helt lige, ikke "
                       "afgjort"} | {f"gennemsnittet for kriterium {n}" for n in (7, 3)}
    assert all(row["Sekretariatets rækkefølge og begrundelse"] == "" for row in rows
               if row["Reference"] not in {n.reference for n in order})
