"""Weights are exact decimals with two places, stored as integer hundredths: "1.5" is 150.

Criterion weights v_c are >= 0 with a positive sum; juror weights w_j are > 0.
"""

import re

from award.service import Refused

WEIGHT = re.compile(r"^\s*(\d{1,4})(?:[.,](\d{1,2}))?\s*$")


class WeightError(Refused):
    pass


def parse_hundredths(text: str) -> int:
    """'1', '1.5', '1,50' -> 100, 150, 150. More than two decimals is an error, not rounded."""
    match = WEIGHT.match(text or "")
    if not match:
        raise WeightError(f"'{text}' is not a weight like 1, 1.5 or 1,25 (at most two decimals)")
    whole, fraction = match.groups()
    return int(whole) * 100 + int((fraction or "0").ljust(2, "0"))


def format_hundredths(hundredths: int, separator: str = ",") -> str:
    """150 -> '1,50' (Danish) or '1.50' with separator='.'."""
    return f"{hundredths // 100}{separator}{hundredths % 100:02d}"


def check_juror_weight(hundredths: int) -> int:
    if hundredths <= 0:
        raise WeightError("a juror's weight must be greater than 0")
    return hundredths


def check_criterion_weights(hundredths: list[int], count: int) -> list[int]:
    if len(hundredths) != count:
        raise WeightError(f"give {count} weights, one for each criterion (got {len(hundredths)})")
    if any(weight < 0 for weight in hundredths):
        raise WeightError("criterion weights cannot be negative")
    if sum(hundredths) <= 0:
        raise WeightError("at least one criterion must have a weight above 0")
    return hundredths
