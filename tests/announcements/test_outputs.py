"""The diploma (one A4 page, landscape, the winner and the signatory) from the secretariat's
page and the command line; `award announcement` in Markdown, HTML and PDF, and --publish."""

import io

import pytest
import sqlalchemy as sa
from conftest import csrf_token, login
from decided_cycle import WINNER, WINNER_ORGANISATION, make_decided
from pypdf import PdfReader

from award.announcements import services
from award.audit.models import AuditEntry
from award.extensions import db

PAGE = "/sekretariat/2024/pressemeddelelse"
HEADLINE = f"{WINNER} vinder Prisen for Årets Patientoplevelse 2024"


@pytest.fixture
def decided(request):
    return make_decided(request)


def words(pdf: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in pdf.pages).split())


def millimetres(pdf: PdfReader) -> tuple[int, int]:
    """The first page's width and height as seen (a /Rotate of 90 or 270 swaps them)."""
    page = pdf.pages[0]
    width, height = (round(float(side) * 25.4 / 72) for side in (page.mediabox.width,
                                                                  page.mediabox.height))
    return (height, width) if page.get("/Rotate", 0) % 180 else (width, height)


def test_the_diploma_from_the_secretariats_page(decided, client, make_user):
    login(client, make_user())
    signed = client.post("/sekretariat/2024/diplom/underskriver", data={
        "csrf_token": csrf_token(client, PAGE), "signatory_name": "Anders Kühnau",
        "signatory_title": "Formand for Danske Regioner"})
    assert signed.status_code == 302
    refused = client.post("/sekretariat/2024/diplom/underskriver", data={
        "csrf_token": csrf_token(client, PAGE), "signatory_name": "  ", "signatory_title": "X"})
    assert refused.status_code == 400
    assert "Skriv navnet på den, der skriver under på diplomet." in refused.get_data(
        as_text=True)
    assert db.session.scalars(sa.select(AuditEntry.action)).all().count(
        "diploma.signatory_set") == 1

    response = client.get("/sekretariat/2024/diplom.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=diplom-2024.pdf"
    pdf = PdfReader(io.BytesIO(response.data))
    assert len(pdf.pages) == 1
    assert millimetres(pdf) == (297, 210)  # A4, landscape
    text = words(pdf)
    for expected in ("Prisen for Årets Patientoplevelse", "2024", "tildeles", WINNER,
                     WINNER_ORGANISATION, "Regionernes Politiske Topmøde, Aalborg, 11. april 2024",
                     "Anders Kühnau", "Formand for Danske Regioner", "Danske Regioner"):
        assert expected.upper() in text.upper(), expected


def test_a_long_name_still_fits_on_one_page(decided, runner, tmp_path):
    decided.winner.initiative_name = ("Sammen om den gode udskrivelse med pårørende som "
                                      "ressource " * 4)[:200]
    decided.winner.organisation = ("Aarhus Universitetshospital, Medicinsk Afdeling " * 5)[:200]
    db.session.commit()
    out = tmp_path / "diplom.pdf"
    result = runner.invoke(args=["diploma", "--year", "2024", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "no signatory is set" in result.output
    pdf = PdfReader(out)
    assert len(pdf.pages) == 1 and millimetres(pdf) == (297, 210)
    assert "Sammen om den gode udskrivelse" in words(pdf)


def test_the_diploma_command_refuses_an_undecided_cycle(cycle, runner, tmp_path):
    out = tmp_path / "diplom.pdf"
    result = runner.invoke(args=["diploma", "--year", "2024", "--out", str(out)])
    assert result.exit_code != 0
    assert "Vinderen af 2024 er ikke registreret endnu" in result.output
    assert not out.exists()
    missing = runner.invoke(args=["diploma", "--year", "2031", "--out", str(out)])
    assert missing.exit_code != 0 and "no cycle for 2031" in missing.output


def test_the_announcement_command_in_each_format(decided, runner, tmp_path, client):
    markdown = runner.invoke(args=["announcement", "--year", "2024", "--format", "md"])
    assert markdown.exit_code == 0, markdown.output
    assert markdown.stdout.startswith(f"# {HEADLINE}\n")
    assert "## Fakta om prisen" in markdown.stdout

    html = runner.invoke(args=["announcement", "--year", "2024", "--format", "html"])
    assert html.exit_code == 0, html.output
    assert html.stdout.startswith("<!doctype html>")
    assert f'<h1 class="release-headline">{HEADLINE}</h1>' in html.stdout

    no_out = runner.invoke(args=["announcement", "--year", "2024", "--format", "pdf"])
    assert no_out.exit_code != 0 and "--format pdf needs --out" in no_out.output
    wrong = runner.invoke(args=["announcement", "--year", "2024", "--format", "pdf", "--out",
                                str(tmp_path / "x.md")])
    assert wrong.exit_code != 0 and "should end in .pdf" in wrong.output

    out = tmp_path / "pressemeddelelse.pdf"
    pdf = runner.invoke(args=["announcement", "--year", "2024", "--format", "pdf", "--out",
                              str(out)])
    assert pdf.exit_code == 0, pdf.output
    assert "not published" in pdf.output
    assert HEADLINE in words(PdfReader(out))
    assert millimetres(PdfReader(out)) == (210, 297)  # A4, portrait
    assert not services.is_published(decided.cycle)
    assert client.get("/vindere/2024").status_code == 404

    written = tmp_path / "pressemeddelelse.md"
    published = runner.invoke(args=["announcement", "--year", "2024", "--format", "md",
                                    "--out", str(written), "--publish"])
    assert published.exit_code == 0, published.output
    assert written.read_text(encoding="utf-8").startswith(f"# {HEADLINE}\n")
    assert services.is_published(decided.cycle)
    assert client.get("/vindere/2024").status_code == 200
    again = runner.invoke(args=["announcement", "--year", "2024", "--format", "md",
                                "--publish"])
    assert again.exit_code != 0 and "allerede offentliggjort" in again.output


def test_the_announcement_command_uses_the_saved_text(decided, runner, clock):
    services.save(decided.cycle, {"headline_da": "Den gemte overskrift", "body_da": "Gemt."},
                  actor="sekretariat@example.dk", at=clock())
    db.session.commit()
    result = runner.invoke(args=["announcement", "--year", "2024", "--format", "md"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Den gemte overskrift\n") and "Gemt." in result.stdout


def test_the_announcement_command_refuses_an_undecided_cycle(cycle, runner, tmp_path):
    for args in (["--format", "md"], ["--format", "html"],
                 ["--format", "pdf", "--out", str(tmp_path / "p.pdf")], ["--format", "md",
                                                                         "--publish"]):
        result = runner.invoke(args=["announcement", "--year", "2024", *args])
        assert result.exit_code != 0, args
        assert "Vinderen af 2024 er ikke registreret endnu" in result.output, args
    assert not (tmp_path / "p.pdf").exists()
    assert services.announcement_for(cycle) is None


def test_every_pdf_is_tagged_for_screen_readers(decided, client, make_user, clock):
    """PDF/UA: marked content with a structure tree, the title shown instead of the file
    name, the language, and Danske Regioner as author."""
    login(client, make_user())
    services.publish(decided.cycle, actor="sekretariat@example.dk", at=clock())
    db.session.commit()
    for path, title in (("/sekretariat/2024/diplom.pdf", f"Diplom: {WINNER}"),
                        (f"{PAGE}.pdf", HEADLINE),
                        ("/vindere/2024/pressemeddelelse.pdf", HEADLINE)):
        pdf = PdfReader(io.BytesIO(client.get(path).data))
        catalog = pdf.trailer["/Root"]
        assert catalog["/MarkInfo"]["/Marked"].value is True, path
        assert "/StructTreeRoot" in catalog, path
        assert catalog["/Lang"] == "da", path
        assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True, path
        assert pdf.metadata.title == title, path
        assert pdf.metadata.author == "Danske Regioner", path
        assert "pdfuaid:part" in pdf.xmp_metadata.stream.get_data().decode(), path
