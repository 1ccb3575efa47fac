"""`award nominations import`: nominations received on paper, from a JSON list, all or none.

Each item has the shape

    {"initiative": {"name", "region", "organisation", "unit", "description"},
     "answers": {"1": "…", …, "7": "…"}, "theme_answer": "…",
     "contact": {"name", "email", "phone"},
     "nominator": {"name", "email", "phone", "address", "relation"}}

Every item is checked by the registration's completeness rule (the public form's, except that
the nominator may have a phone number or postal address instead of an e-mail) before anything
is stored; each problem names the item (counted from 1) and the field as the file spells it.
Once the cycle's winner is recorded nothing is imported, with --late or without.
"""

import json
from datetime import datetime

from award.cycles.models import Cycle
from award.nominations.models import Nomination
from award.nominations.services import ensure_not_decided, register, registration_problems
from award.service import Refused

# The form's field, and where the file has it.
FIELDS = {
    "initiative_name": ("initiative", "name"), "region": ("initiative", "region"),
    "organisation": ("initiative", "organisation"), "unit": ("initiative", "unit"),
    "description": ("initiative", "description"), "theme_answer": ("theme_answer",),
    "contact_name": ("contact", "name"), "contact_email": ("contact", "email"),
    "contact_phone": ("contact", "phone"), "nominator_name": ("nominator", "name"),
    "nominator_email": ("nominator", "email"), "nominator_phone": ("nominator", "phone"),
    "nominator_address": ("nominator", "address"),
    "nominator_relation": ("nominator", "relation"),
}


class ImportRefused(Refused):
    def __init__(self, found: list[str]):
        super().__init__("\n".join(found))
        self.problems = found


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def values_of(item: dict, criteria: list[int]) -> tuple[dict, list[str]]:
    """The form's values from one item, and what is not of the right shape."""
    values, wrong = {}, []
    for field, path in FIELDS.items():
        node = item
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if node is not None and not isinstance(node, str):
            wrong.append(f"{'.'.join(path)}: must be text")
        values[field] = _text(node)
    answers = item.get("answers")
    if not isinstance(answers, dict):
        wrong.append("answers: must be an object with the keys " + ", ".join(map(str, criteria)))
        answers = {}
    for number in criteria:
        values[f"answer_{number}"] = _text(answers.get(str(number)))
    return values, wrong


def path_of(field: str) -> str:
    if field.startswith("answer_"):
        return f"answers.{field.removeprefix('answer_')}"
    return ".".join(FIELDS.get(field, (field,)))


def import_nominations(cycle: Cycle, text: str, *, actor: str, at: datetime, edit_url,
                       late_reason: str | None = None) -> list[Nomination]:
    """Check every item, then register them all; refused as a whole when any is wrong."""
    ensure_not_decided(cycle, at)
    try:
        items = json.loads(text)
    except ValueError as error:
        raise ImportRefused([f"the file is not JSON: {error}"]) from error
    if not isinstance(items, list) or not items:
        raise ImportRefused(["the file must hold a list of nominations: [{…}, …]"])
    criteria = [criterion.number for criterion in cycle.criteria]
    found, checked = [], []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            found.append(f"item {number}: must be an object {{…}}")
            continue
        values, wrong = values_of(item, criteria)
        found += [f"item {number}: {problem}" for problem in wrong]
        found += [f"item {number}: {path_of(field)}: {message}"
                  for field, message in registration_problems(cycle, values)]
        checked.append(values)
    if found:
        raise ImportRefused(found)
    return [register(cycle, values, actor=actor, at=at, edit_url=edit_url,
                     late_reason=late_reason) for values in checked]
