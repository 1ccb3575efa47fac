"""Numbers and the jury's make-up in words, as a press release writes them: "fem
patientrepræsentanter, to repræsentanter for patientorganisationer og tre fagpersoner"."""

from award.jury.models import JurorKind

# One to twenty; the form of "one" depends on the noun's gender (en fagperson, et initiativ).
DANISH = ("", "en", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti", "elleve",
          "tolv", "tretten", "fjorten", "femten", "seksten", "sytten", "atten", "nitten",
          "tyve")
ENGLISH = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
           "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
           "eighteen", "nineteen", "twenty")


def danish_number(number: int, *, neuter: bool = False, stressed: bool = False) -> str:
    """'en'/'et' (stressed: 'én'/'ét'), 'to', … 'tyve'; digits from 21 on, and for 0 or less.
    """
    if number == 1:
        word = "et" if neuter else "en"
        return word.replace("e", "é", 1) if stressed else word
    if 1 < number < len(DANISH):
        return DANISH[number]
    return str(number)


def english_number(number: int) -> str:
    return ENGLISH[number] if 0 < number < len(ENGLISH) else str(number)


def jury_kind_in_words(kind: str, number: int, language: str = "da") -> str:
    """One kind of juror with its count: 'én patientrepræsentant', 'to patientrepræsentanter';
    'en repræsentant for en patientorganisation', 'to repræsentanter for
    patientorganisationer'; 'en fagperson', 'to fagpersoner'."""
    one = number == 1
    if language == "en":
        count = english_number(number)
        return {
            JurorKind.PATIENT_REPRESENTATIVE:
                f"{count} patient representative{'' if one else 's'}",
            JurorKind.PATIENT_ORGANISATION:
                f"{count} representative{'' if one else 's'} of "
                f"{'a patient organisation' if one else 'patient organisations'}",
            JurorKind.EXPERT: f"{count} expert{'' if one else 's'}",
        }.get(kind, f"{count} × {kind}")
    if kind == JurorKind.PATIENT_REPRESENTATIVE:
        # Stressed: "én patientrepræsentant" reads as a count, not as "some patient
        # representative".
        count = danish_number(number, stressed=True)
        return f"{count} patientrepræsentant{'' if one else 'er'}"
    count = danish_number(number)
    if kind == JurorKind.PATIENT_ORGANISATION:
        return (f"{count} repræsentant for en patientorganisation" if one
                else f"{count} repræsentanter for patientorganisationer")
    if kind == JurorKind.EXPERT:
        return f"{count} fagperson{'' if one else 'er'}"
    return f"{count} × {kind}"


def listing(parts: list[str], language: str = "da") -> str:
    """'a', 'a og b', 'a, b og c' (English: 'a, b and c')."""
    conjunction = " and " if language == "en" else " og "
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + conjunction + parts[-1]


# The order a press release names them in: patients first.
KIND_ORDER = (JurorKind.PATIENT_REPRESENTATIVE, JurorKind.PATIENT_ORGANISATION,
              JurorKind.EXPERT)


def jury_in_words(counts: dict[str, int], language: str = "da") -> str:
    """The jury's make-up from the number of jurors of each kind; kinds without jurors are
    left out, kinds not known here come last."""
    kinds = [kind for kind in KIND_ORDER if counts.get(kind)]
    kinds += sorted(kind for kind in counts if kind not in KIND_ORDER and counts[kind])
    return listing([jury_kind_in_words(kind, counts[kind], language) for kind in kinds],
                   language)
