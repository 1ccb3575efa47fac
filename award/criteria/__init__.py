"""The award's published criteria and score scale, as data a cycle is created from."""

# The seven assessment criteria, verbatim from the published calls, with translations.
CRITERIA = (
    ("Initiativet er nyskabende.",
     "The initiative is innovative."),
    ("Initiativet er implementeret og i brug.",
     "The initiative is implemented and in use."),
    ("Initiativets værdi opleves tydeligt af brugerne (patienter og evt. pårørende).",
     "The initiative's value is clearly experienced by its users (patients and, where relevant, "
     "relatives)."),
    ("Initiativet anerkendes også af personalet som værdifuldt.",
     "The initiative is also recognised as valuable by the staff."),
    ("Den patientoplevelsesværdi, initiativet bidrager med, er tydeligt dokumenteret, "
     "kvalitativt eller kvantitativt.",
     "The patient-experience value the initiative contributes is clearly documented, "
     "qualitatively or quantitatively."),
    ("Initiativet kan spredes og anvendes andre steder i sundhedsvæsenet.",
     "The initiative can be spread and used elsewhere in the health service."),
    ("Initiativet har skabt mere lighed i behandling.",
     "The initiative has created more equality in treatment."),
)

SCALE_LABELS = [
    {"value": 1, "da": "i meget ringe grad", "en": "to a very small extent"},
    {"value": 2, "da": "i ringe grad", "en": "to a small extent"},
    {"value": 3, "da": "i nogen grad", "en": "to some extent"},
    {"value": 4, "da": "i høj grad", "en": "to a large extent"},
    {"value": 5, "da": "i meget høj grad", "en": "to a very large extent"},
]

REGIONS = [
    "Region Hovedstaden",
    "Region Sjælland",
    "Region Syddanmark",
    "Region Midtjylland",
    "Region Nordjylland",
]

# Criterion 7 (equality), then 3 (value to users).
DEFAULT_TIE_BREAK = [7, 3]
DEFAULT_GRANT_CAP_ORE = 1_000_000
