"""`award scores import`: sheets entered on jurors' behalf from a CSV file, all or nothing.

Columns: juror_email,reference,criterion,score,comment. Row 1 is the header, so the first
sheet row is row 2, as a spreadsheet shows it. Every problem is reported with its row
number; when there is any, nothing is imported.
"""

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from award.auth.services import normalise_email
from award.jury import sheets
from award.jury.conflicts import has_conflict
from award.jury.jurors import juror_by_email
from award.nominations.models import Nomination
from award.nominations.services import by_reference
from award.rounds.models import Round
from award.rounds.services import is_entry, on_panel

COLUMNS = ("juror_email", "reference", "criterion", "score", "comment")


class ImportRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ImportResult:
    sheets: int
    replaced: int


def _rows(text: str) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise ImportRefused([f"row 1: the header lacks the column(s) {', '.join(missing)}; "
                             f"expected {','.join(COLUMNS)}"])
    reader.fieldnames = header
    return [(number, row) for number, row in enumerate(reader, start=2)
            if any((value or "").strip() for value in row.values() if isinstance(value, str))]


def import_sheets(round_: Round, text: str, *, actor: str, at: datetime) -> ImportResult:
    """Check every row, then submit one sheet per (juror, entry) on the juror's behalf."""
    cycle = round_.cycle
    if not round_.is_open():
        raise ImportRefused([f"round {round_.number} of {cycle.year} is closed; "
                             "nothing was imported"])
    rows = _rows(text)
    if not rows:
        raise ImportRefused(["the file has no rows after the header"])
    criteria = {c.number for c in cycle.criteria}
    problems: list[str] = []
    seen: dict[tuple, int] = {}
    groups: dict[tuple[int, int], dict] = {}
    # (juror, entry) pairs with a bad row: their missing criteria are already explained.
    faulty: set[tuple[str, str]] = set()
    for number, row in rows:
        row_problems = []
        email = normalise_email(row.get("juror_email") or "")
        reference = (row.get("reference") or "").strip()
        juror = juror_by_email(cycle, email) if email else None
        nomination: Nomination | None = by_reference(reference) if reference else None
        if juror is None:
            row_problems.append(f"unknown juror '{email}' (not on the {cycle.year} jury)")
        elif not on_panel(round_, juror):
            row_problems.append(f"{email} is not on the panel of round {round_.number}")
        if nomination is None or nomination.cycle_id != cycle.id:
            row_problems.append(f"unknown reference '{reference}' in {cycle.year}")
            nomination = None
        elif not is_entry(round_, nomination):
            row_problems.append(f"{reference} is not an entry of round {round_.number} "
                                f"({nomination.status})")
        if juror is not None and nomination is not None and has_conflict(juror,
                                                                                 nomination):
            row_problems.append(f"{email} has a conflict of interest with {reference}")
        criterion = _integer(row.get("criterion"))
        if criterion not in criteria:
            row_problems.append(f"criterion '{row.get('criterion')}' is not one of "
                                f"{min(criteria)}-{max(criteria)}")
        score = _integer(row.get("score"))
        if score is None or not cycle.scale_min <= score <= cycle.scale_max:
            row_problems.append(f"score '{row.get('score')}' is not a whole number from "
                                f"{cycle.scale_min} to {cycle.scale_max}")
        key = (email, reference, criterion)
        if key in seen:
            row_problems.append(f"duplicate of row {seen[key]} ({email}, {reference}, "
                                f"criterion {criterion})")
        else:
            seen[key] = number
        problems.extend(f"row {number}: {problem}" for problem in row_problems)
        if row_problems:
            faulty.add((email, reference))
        else:
            group = groups.setdefault((juror.id, nomination.id), {
                "juror": juror, "nomination": nomination, "rows": [], "scores": {},
                "comments": {}})
            group["rows"].append(number)
            group["scores"][criterion] = score
            group["comments"][criterion] = (row.get("comment") or "").strip()
    for group in groups.values():
        missing = sorted(criteria - set(group["scores"]))
        if missing and (group["juror"].email, group["nomination"].reference) not in faulty:
            listed = ", ".join(str(n) for n in group["rows"])
            problems.append(f"rows {listed}: {group['juror'].email}, "
                            f"{group['nomination'].reference} lacks criterion "
                            f"{', '.join(str(n) for n in missing)}")
    if problems:
        raise ImportRefused(problems)
    replaced = 0
    for group in groups.values():
        if sheets.sheet_of(round_, group["juror"], group["nomination"]) is not None:
            replaced += 1
        sheets.save_sheet(
            round_, group["juror"], group["nomination"],
            sheets.SheetInput(group["scores"], group["comments"]),
            submit=True, actor=actor, at=at, for_juror=False,
        )
    return ImportResult(sheets=len(groups), replaced=replaced)


def _integer(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isdigit() else None
