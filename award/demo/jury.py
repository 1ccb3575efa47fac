"""The jury part of `award demo`: a secretariat user and a jury with passwords printed, and in
the cycle being judged round 1 open, a conflict of interest and some sheets."""

import secrets
from datetime import datetime, timedelta

from flask import current_app

from award import timeutil
from award.auth import services as accounts
from award.auth.models import Role
from award.cycles.models import Cycle
from award.jury import conflicts, sheets
from award.jury.jurors import add_juror
from award.jury.models import Juror, JurorKind
from award.nominations import screening
from award.rounds import services as rounds

# (name, e-mail, organisation, kind, weight in hundredths)
JURY = [
    ("Mette Holm", "mette.holm@example.dk", "Danske Patienter", JurorKind.PATIENT_ORGANISATION,
     100),
    ("Jonas Lund", "jonas.lund@example.dk", "Ungepanelet, Region Syddanmark",
     JurorKind.PATIENT_REPRESENTATIVE, 100),
    ("Aisha Rahimi", "aisha.rahimi@example.dk", "", JurorKind.PATIENT_REPRESENTATIVE, 100),
    ("Lars Winther", "lars.winther@example.dk", "VIVE", JurorKind.EXPERT, 150),
    ("Hanne Kjær", "hanne.kjaer@example.dk", "Lægeforeningen", JurorKind.EXPERT, 100),
]
SECRETARIAT = ("Sekretariatet", "sekretariat@example.dk")


def demo_password() -> str:
    return secrets.token_urlsafe(12)


def create_demo_accounts(at: datetime, actor: str) -> list[tuple[str, str, str]]:
    """The secretariat user and the five jurors, with new passwords: (role, e-mail, password)
    to print once. Made before any cycle's jury, so every demo cycle can seat the same people."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    logins = []
    for name, email, role, label in [(*SECRETARIAT, Role.SECRETARIAT, "sekretariat"),
                                     *((name, email, Role.JUROR, "jurymedlem")
                                       for name, email, *_rest in JURY)]:
        user = accounts.create_user(email=email, name=name, role=role, actor=actor, at=at)
        password = demo_password()
        accounts.set_password(user, password, actor=actor, at=at, min_length=minimum)
        logins.append((label, user.email, password))
    return logins


def seat_demo_jury(cycle: Cycle, at: datetime, actor: str) -> list[Juror]:
    """The five demo jurors on the cycle's jury (their accounts exist: no invitation)."""
    jurors = []
    for name, email, organisation, kind, weight in JURY:
        juror, _url = add_juror(
            cycle, email=email, name=name, kind=kind, weight_hundredths=weight,
            organisation=organisation, actor=actor, at=at, link=lambda token: token,
            invitation_valid=timedelta(days=7))
        jurors.append(juror)
    return jurors


def load_demo_jury(cycle: Cycle, moment: datetime, actor: str,
                   logins: list[tuple[str, str, str]]) -> list[str]:
    """The jury of `cycle`, whose call must have closed by `moment`: round 1 open, a conflict
    of interest and some sheets. `logins` are the accounts' passwords, printed here."""
    jurors = seat_demo_jury(cycle, moment, actor)
    local_today = moment.astimezone(timeutil.COPENHAGEN).date()
    screening.screen_remaining(cycle, actor=actor, at=moment)
    round_ = rounds.open_round(
        cycle, number=1, name="Runde 1: udvælgelse af nominerede", advance=5, quorum=3,
        deadline_at=timeutil.local_midnight(local_today + timedelta(days=21)), actor=actor,
        at=moment)
    entries = rounds.entries(round_)
    youth_panel = next(e for e in entries if e.initiative_name.startswith("Ungepanel"))
    conflicts.declare_conflict(jurors[1], youth_panel, "Jeg sidder selv i ungepanelet.",
                              actor=jurors[1].email, at=moment)
    scorable = [e for e in entries if e is not youth_panel]
    numbers = [c.number for c in cycle.criteria]
    for offset, juror in enumerate(jurors[:3]):
        for index, nomination in enumerate(scorable[:4]):
            scores = {n: 1 + (n + index + offset) % 5 for n in numbers}
            draft = index == 3
            if draft:
                scores = {n: value for n, value in scores.items() if n <= 4}
            sheets.save_sheet(
                round_, juror, nomination,
                sheets.SheetInput(scores, {1: "Et tydeligt eksempel på nytænkning."},
                                    "Stærk indstilling." if not draft else ""),
                submit=not draft, actor=juror.email, at=moment)
    lines = [
        f"{round_.name} of {cycle.year} is open for the jury until "
        f"{timeutil.format_deadline(round_.deadline_at)}, with {len(jurors)} jurors, "
        f"{len(entries)} entries and some sheets.",
        "Log in at /log-ind (the passwords are new each time the demo is loaded):",
    ]
    lines += [f"  {role:<12} {email:<28} {password}" for role, email, password in logins]
    return lines
