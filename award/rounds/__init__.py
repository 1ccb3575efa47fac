"""Judging rounds: opening with a panel and fixed entries, completeness, closing with a
results snapshot, ties resolved by the secretariat, advancing, and the decision."""

MINUS = "\u2212"


def signed(text: str) -> str:
    """A negative number takes a minus sign, not a hyphen (−0,47); one that rounds to zero
    takes none (0,00, not −0,00)."""
    if not text.startswith("-"):
        return text
    digits = text[1:]
    return digits if not digits.strip("0.,") else MINUS + digits


def init_app(app) -> None:
    from award.announcements.words import danish_number, english_number, listing
    from award.criteria.results import lowest_terms, round_half_up
    from award.templating import current_language

    def two_decimals(value) -> str:
        text = signed(round_half_up(value))
        return text.replace(".", ",") if current_language() == "da" else text

    def decimal_float(value: float, places: int = 2) -> str:
        text = signed(f"{value:.{places}f}")
        return text.replace(".", ",") if current_language() == "da" else text

    def in_words(number: int, *, neuter: bool = False) -> str:
        """A count as a sentence writes it: in words up to ten ('fem', 'et'; 'five', 'one'),
        in digits from eleven on."""
        if number > 10:
            return str(number)
        if current_language() == "da":
            return danish_number(number, neuter=neuter)
        return english_number(number)

    app.jinja_env.filters["two_decimals"] = two_decimals
    app.jinja_env.filters["exact"] = lowest_terms
    app.jinja_env.filters["decimal"] = decimal_float
    app.jinja_env.filters["in_words"] = in_words
    app.jinja_env.filters["listing"] = lambda parts: listing(list(parts), current_language())
