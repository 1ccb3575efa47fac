"""Danish number words and the jury's make-up in words."""

import pytest

from award.announcements.words import danish_number, jury_in_words, jury_kind_in_words, listing
from award.jury.models import JurorKind

PR, PO, EXPERT = (JurorKind.PATIENT_REPRESENTATIVE, JurorKind.PATIENT_ORGANISATION,
                  JurorKind.EXPERT)


@pytest.mark.parametrize(("number", "word"), [
    (1, "en"), (2, "to"), (3, "tre"), (4, "fire"), (5, "fem"), (6, "seks"), (7, "syv"),
    (8, "otte"), (9, "ni"), (10, "ti"), (11, "elleve"), (12, "tolv"), (13, "tretten"),
    (14, "fjorten"), (15, "femten"), (16, "seksten"), (17, "sytten"), (18, "atten"),
    (19, "nitten"), (20, "tyve"), (21, "21"), (0, "0")])
def test_danish_number_words_one_to_twenty(number, word):
    assert danish_number(number) == word


def test_one_takes_the_gender_and_the_stress():
    assert danish_number(1, neuter=True) == "et"
    assert danish_number(1, stressed=True) == "én"
    assert danish_number(1, neuter=True, stressed=True) == "ét"
    assert danish_number(2, stressed=True) == "to"


@pytest.mark.parametrize(("kind", "one", "two"), [
    (PR, "én patientrepræsentant", "to patientrepræsentanter"),
    (PO, "en repræsentant for en patientorganisation",
     "to repræsentanter for patientorganisationer"),
    (EXPERT, "en fagperson", "to fagpersoner"),
])
def test_each_kind_in_singular_and_plural(kind, one, two):
    assert jury_kind_in_words(kind, 1) == one
    assert jury_kind_in_words(kind, 2) == two


def test_the_jury_in_words():
    assert jury_in_words({PR: 5, PO: 2, EXPERT: 3}) == (
        "fem patientrepræsentanter, to repræsentanter for patientorganisationer og tre "
        "fagpersoner")
    assert jury_in_words({EXPERT: 1, PO: 1, PR: 1}) == (
        "én patientrepræsentant, en repræsentant for en patientorganisation og en fagperson")
    assert jury_in_words({PR: 0, EXPERT: 12}) == "tolv fagpersoner"
    assert jury_in_words({}) == ""
    assert jury_in_words({PR: 2, EXPERT: 1}, "en") == "two patient representatives and one expert"


def test_listing():
    assert listing([]) == ""
    assert listing(["a"]) == "a"
    assert listing(["a", "b"]) == "a og b"
    assert listing(["a", "b", "c"]) == "a, b og c"
