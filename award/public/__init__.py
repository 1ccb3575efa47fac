"""The public pages around the form: front page, privacy, accessibility, language."""

