"""Amounts in kroner as people write them in Danish, read exactly into integer øre.

"2.500,00", "2500,50", "2500", "2 500" and "2.500,5 kr." are all exact: no float is involved
anywhere. A comma separates the øre (at most two digits); a dot or a space groups thousands
(in threes). Anything else is refused with a message that shows how to write it: more than two
decimals is not rounded, a dot before the øre ("2500.50") is not guessed at (in Danish
"2.500" is two thousand five hundred), and zero or a minus is not an amount to pay.
"""

import re

from flask_babel import lazy_gettext as _l

from award.service import Refused

# Only ASCII digits: int() and \d would accept Arabic-Indic and other digits as well.
_PLAIN = r"[0-9]+"
_GROUPED = r"[0-9]{1,3}(?:(?P<sep>[. ])[0-9]{3})(?:(?P=sep)[0-9]{3})*"
AMOUNT = re.compile(rf"^(?P<kroner>{_GROUPED}|{_PLAIN})(?:,(?P<ore>[0-9]+))?$")
CURRENCY = re.compile(r"\s*(?:kr\.?|dkk)$", re.IGNORECASE)
# Twelve digits of kroner is far beyond any grant, and well inside a 64-bit integer of øre.
MAX_KRONER_DIGITS = 12


class AmountError(Refused):
    """The text is not an amount in kroner that can be paid; the message says how to write it."""


def parse_kroner(text: str | None) -> int:
    """The amount in øre: '2.500,00' -> 250000, '2500,5' -> 250050, '2500' -> 250000."""
    cleaned = CURRENCY.sub("", (text or "").replace("\xa0", " ").strip()).strip()
    if not cleaned:
        raise AmountError(_l("Skriv beløbet i kroner, fx 2.500,00 eller 2500."))
    if cleaned.startswith(("-", "−")):
        raise AmountError(_l("Beløbet skal være større end 0 kr."))
    match = AMOUNT.match(cleaned)
    if match is None:
        if re.fullmatch(r"[0-9]+\.[0-9]{1,2}", cleaned):
            raise AmountError(_l("Skriv øre efter et komma, fx 2500,50. Punktum bruges kun "
                                 "mellem tusinder, fx 2.500,50."))
        raise AmountError(_l("Skriv beløbet i kroner med højst to decimaler, fx 2.500,00 "
                             "eller 2500."))
    kroner = re.sub(r"[. ]", "", match["kroner"])
    ore = match["ore"] or ""
    if len(ore) > 2:
        raise AmountError(_l("Beløbet kan højst have to decimaler (øre), fx 2500,50."))
    if len(kroner.lstrip("0")) > MAX_KRONER_DIGITS:
        raise AmountError(_l("Beløbet er for stort."))
    amount = int(kroner) * 100 + int(ore.ljust(2, "0") or "0")
    if amount <= 0:
        raise AmountError(_l("Beløbet skal være større end 0 kr."))
    return amount


def format_plain(ore: int) -> str:
    """250050 -> '2500,50': the amount as it can be typed back into the form."""
    return f"{ore // 100},{ore % 100:02d}"
