"""The draft behind the form: one per form key, also when two requests race to make it, and
never more files than the cap, also when two requests add files at once."""

import io
from contextlib import contextmanager

import sqlalchemy as sa
from conftest import answers_form, csrf_token

from award.extensions import db
from award.nominations import services
from award.nominations.models import Answer, Attachment, Nomination

KEY = "k" * 32
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


def form_post(client, cycle, files=(), **overrides):
    """A post of the form, ready to send: (data, its CSRF token fetched now)."""
    data = answers_form(cycle, csrf_token=csrf_token(client), draft_key=KEY, **overrides)
    data["attachments"] = [(io.BytesIO(PDF_BYTES), name) for name in files]
    return data


def send(client, data):
    fresh = {name: ([(io.BytesIO(PDF_BYTES), file) for _, file in value]
                    if name == "attachments" else value) for name, value in data.items()}
    return client.post("/indstil", data=fresh, content_type="multipart/form-data")


@contextmanager
def just_before_the_draft_is_inserted(run):
    """Call `run()` (another request: its own session and connection) just before this
    request inserts its draft, i.e. after both have looked for the draft and found none."""
    fired = []

    def before(connection, cursor, statement, parameters, context, executemany):
        if not fired and statement.lstrip().upper().startswith("INSERT INTO NOMINATIONS"):
            fired.append(True)
            run()

    sa.event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield fired
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", before)


def test_a_double_click_on_continue_makes_one_draft_with_the_answers(app, client, cycle):
    """The first click's request commits its new draft while the second's is about to insert
    the same key: the second writes into that draft instead of failing."""
    first_click = app.test_client()
    first = form_post(first_click, cycle)
    second = form_post(client, cycle, description="Rettet lige før andet klik.")

    with just_before_the_draft_is_inserted(lambda: send(first_click, first)) as fired:
        response = send(client, second)
    assert fired
    assert response.status_code == 302
    assert response.headers["Location"] == f"/indstil/{KEY}/tjek"
    db.session.expire_all()
    [draft] = db.session.scalars(sa.select(Nomination)).all()
    assert draft.draft_key == KEY and draft.description == "Rettet lige før andet klik."
    assert draft.nominator_email == "soeren@example.dk"
    assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == len(cycle.criteria)
    page = client.get(f"/indstil/{KEY}/tjek").get_data(as_text=True)
    assert "Rettet lige før andet klik." in page and "Svar på kriterium 7." in page


def test_two_posts_at_once_cannot_put_more_than_five_files_on_a_draft(app, client, cycle,
                                                                      monkeypatch):
    """Both requests count the draft's files before either has added any; the one that
    stores second must count again and refuse, not end with six files."""
    assert send(client, form_post(client, cycle)).status_code == 302  # the draft, no files
    other_tab = app.test_client()
    other = form_post(other_tab, cycle, files=["a1.pdf", "a2.pdf", "a3.pdf"])
    mine = form_post(client, cycle, files=["b1.pdf", "b2.pdf", "b3.pdf"])
    real_check = services.check_uploads
    counted = []

    def other_tab_stores_after_my_count(*args, **kwargs):
        result = real_check(*args, **kwargs)
        if not counted:
            counted.append(True)
            assert send(other_tab, other).status_code == 302
        return result

    monkeypatch.setattr(services, "check_uploads", other_tab_stores_after_my_count)
    response = send(client, mine)
    assert counted
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Du kan højst vedhæfte 5 filer i alt." in page
    assert "Flexklinikken" in page
    db.session.expire_all()
    assert sorted(db.session.scalars(sa.select(Attachment.filename))) == [
        "a1.pdf", "a2.pdf", "a3.pdf"]


def test_an_attachment_to_remove_given_as_another_kind_of_digit_is_ignored(client, cycle):
    """"²".isdigit() is True, but int("²") fails: such a value must not give a 500."""
    send(client, form_post(client, cycle, files=["a.pdf"]))
    for value in ("²", "٣", "9" * 5000, "-1", ""):
        data = form_post(client, cycle, remove_attachment=value)
        assert send(client, data).status_code == 302, value
    assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == 1


def test_control_characters_in_a_file_name_are_dropped_not_a_500(client, cycle):
    data = form_post(client, cycle)
    data["attachments"] = [(io.BytesIO(PDF_BYTES), "rap\x00port\x1b[31m.pdf")]
    response = client.post("/indstil", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Attachment.filename)) == "rapport[31m.pdf"
