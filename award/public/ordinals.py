"""Which time the prize is awarded, in words: derived from a cycle's year, never written by
hand ("for tredje gang" in 2025)."""

# Danske Regioner founded the prize in 2023 and awarded it for the first time that spring.
FIRST_YEAR = 2023

WORDS = {
    "da": ("første", "anden", "tredje", "fjerde", "femte", "sjette", "syvende", "ottende",
           "niende", "tiende"),
    "en": ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
           "ninth", "tenth"),
}


def edition(year: int) -> int | None:
    """1 for the prize of 2023, 2 for 2024, …; None for a year before the first."""
    number = year - FIRST_YEAR + 1
    return number if number >= 1 else None


def ordinal(number: int, language: str = "da") -> str:
    """'tredje' / 'third' up to the tenth, then digits: '11.' in Danish, '11th' in English."""
    if number < 1:
        raise ValueError(f"no ordinal for {number}")
    words = WORDS.get(language, WORDS["da"])
    if number <= len(words):
        return words[number - 1]
    if language != "en":
        return f"{number}."
    suffix = "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(
        number % 10, "th")
    return f"{number}{suffix}"
