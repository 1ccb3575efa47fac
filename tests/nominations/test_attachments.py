"""Attachments: at most 5, 10 MB each, PDF/DOCX/PNG/JPEG judged by content."""

import io
import zipfile

import sqlalchemy as sa
from conftest import JUDGING, answers_form, csrf_token

from award.extensions import db
from award.nominations.attachments import DOCX, JPEG, PDF, PNG, detect_media_type
from award.nominations.models import Attachment, Nomination

KEY = "k" * 32
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(client, cycle, files, **overrides):
    data = answers_form(cycle, csrf_token=csrf_token(client), draft_key=KEY, **overrides)
    data["attachments"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post("/indstil", data=data, content_type="multipart/form-data")


def stored():
    return db.session.scalars(sa.select(Attachment).order_by(Attachment.id)).all()


def test_content_decides_the_type_not_the_name():
    assert detect_media_type(PDF_BYTES) == PDF
    assert detect_media_type(PNG_BYTES) == PNG
    assert detect_media_type(JPEG_BYTES) == JPEG
    assert detect_media_type(docx_bytes()) == DOCX
    assert detect_media_type(EXE_BYTES) is None
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    assert detect_media_type(plain_zip.getvalue()) is None


def test_accepted_files_are_stored_with_the_nomination(client, cycle):
    files = [("indstilling.pdf", PDF_BYTES), ("foto.png", PNG_BYTES),
             ("billede.jpg", JPEG_BYTES), ("rapport.docx", docx_bytes())]
    assert upload(client, cycle, files).status_code == 302
    assert [(a.filename, a.media_type) for a in stored()] == [
        ("indstilling.pdf", PDF), ("foto.png", PNG), ("billede.jpg", JPEG),
        ("rapport.docx", DOCX)]
    assert stored()[0].data == PDF_BYTES
    page = client.get(f"/indstil/{KEY}/tjek").get_data(as_text=True)
    assert "indstilling.pdf" in page and "rapport.docx" in page


def test_an_exe_renamed_pdf_is_refused_by_name(client, cycle):
    response = upload(client, cycle, [("program.pdf", EXE_BYTES)])
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Filen program.pdf kan ikke vedhæftes, fordi den ikke er en PDF-, Word- (DOCX)" in page
    assert 'href="#attachments"' in page  # in the error summary too
    assert stored() == []


def test_an_11_mb_file_is_refused_by_name(client, cycle):
    big = PDF_BYTES + b"0" * (11 * 1024 * 1024)
    page = upload(client, cycle, [("stor.pdf", big)]).get_data(as_text=True)
    assert "Filen stor.pdf er for stor. Den må højst fylde 10 MB." in page
    assert stored() == []


def test_six_files_are_refused_and_the_answers_kept(client, cycle):
    files = [(f"bilag{n}.pdf", PDF_BYTES) for n in range(6)]
    page = upload(client, cycle, files, description="Min beskrivelse.").get_data(as_text=True)
    assert "Du kan højst vedhæfte 5 filer i alt." in page
    assert "Min beskrivelse." in page
    assert stored() == []


def test_a_file_sent_with_a_refused_form_is_kept_through_to_the_nomination(client, cycle):
    """A browser never sends a file again by itself: the one sent with a refused form is kept
    on the draft, listed on the refused page, on check-your-answers and on the nomination."""
    page = upload(client, cycle, [("vigtigt-bilag.pdf", PDF_BYTES)],
                  initiative_name="").get_data(as_text=True)
    assert "Skriv initiativets navn." in page
    assert "Fjern vigtigt-bilag.pdf" in page
    assert "ikke gemt" not in page
    # The name is fixed; the file is not chosen again.
    assert upload(client, cycle, []).status_code == 302
    check = client.get(f"/indstil/{KEY}/tjek").get_data(as_text=True)
    assert "vigtigt-bilag.pdf" in check and "Ingen bilag" not in check
    check_page = f"/indstil/{KEY}/tjek"
    client.post(check_page, data={"csrf_token": csrf_token(client, check_page)})
    nomination = db.session.scalar(sa.select(Nomination))
    assert nomination.reference == "AP-2024-0001"
    assert [(a.filename, a.data) for a in nomination.attachments] == [
        ("vigtigt-bilag.pdf", PDF_BYTES)]


def test_a_refused_form_keeps_the_good_files_and_names_the_refused_one(client, cycle):
    page = upload(client, cycle, [("god.pdf", PDF_BYTES), ("program.pdf", EXE_BYTES)],
                  initiative_name="").get_data(as_text=True)
    assert "Fjern god.pdf" in page
    assert "Filen program.pdf kan ikke vedhæftes" in page
    assert [a.filename for a in stored()] == ["god.pdf"]


def test_refused_posts_never_pile_more_than_five_files_onto_a_draft(client, cycle):
    """Posting files again and again with an error keeps them, but never more than five in
    all; the rest are refused by name."""
    upload(client, cycle, [("a.pdf", PDF_BYTES)])
    for round_ in range(4):
        page = upload(client, cycle, [(f"b{round_}{n}.pdf", PDF_BYTES) for n in range(4)],
                      contact_email="x").get_data(as_text=True)
    assert "Du kan højst vedhæfte 5 filer i alt." in page
    db.session.expire_all()
    assert [a.filename for a in stored()] == ["a.pdf", "b00.pdf", "b01.pdf", "b02.pdf",
                                              "b03.pdf"]


def test_a_refused_post_after_the_deadline_keeps_no_file(client, cycle, clock):
    token = csrf_token(client)
    clock.set(JUDGING)
    data = {**answers_form(cycle, csrf_token=token, draft_key=KEY),
            "attachments": [(io.BytesIO(PDF_BYTES), "sent.pdf")]}
    page = client.post("/indstil", data=data, content_type="multipart/form-data").get_data(
        as_text=True)
    assert "Fristen for at indstille er udløbet." in page
    assert stored() == []
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id))) == 0


def test_a_file_can_be_removed_from_the_draft(client, cycle):
    upload(client, cycle, [("a.pdf", PDF_BYTES), ("b.png", PNG_BYTES)])
    [first, second] = stored()
    data = answers_form(cycle, csrf_token=csrf_token(client), draft_key=KEY,
                        remove_attachment=str(first.id))
    assert client.post(f"/indstil/{KEY}", data=data).status_code == 302
    db.session.expire_all()
    assert [a.filename for a in stored()] == ["b.png"]


def test_too_much_in_one_request_gets_a_clear_page(client, cycle, app):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    page = upload(client, cycle, [("stor.pdf", PDF_BYTES + b"0" * 2 * 1024 * 1024)])
    assert page.status_code == 413
    assert "Filerne er for store" in page.get_data(as_text=True)
