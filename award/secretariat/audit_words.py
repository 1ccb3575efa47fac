"""The audit log in words: what each action, object and detail means in Danish (English on an
English page), amounts in kroner, times in Copenhagen, lists and scores as readable lines.

The log stores codes (`grant.claim_approved`, `{"amount_ore": 345000}`) so that it can be
searched and verified; this is only how the secretariat reads them. A code without words here
(an action added later) is shown as it is stored, never hidden.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from award import timeutil
from award.templating import format_kroner


def action_labels() -> dict:
    return {
        "announcement.published": _l("Pressemeddelelsen er offentliggjort"),
        "cycle.grant_contact_purged": _l("Rejselegatets kontaktperson er slettet"),
        "grant.claim_corrected": _l("En udgift er rettet"),
        "grant.claim_paid": _l("En udgift er udbetalt"),
        "grant.claim_withdrawn": _l("En udgift er trukket tilbage"),
        "nomination.receipt_letter": _l("Et kvitteringsbrev er hentet"),
        "nominations.left_out": _l("En indstilling er udeladt af den offentlige liste"),
        "nominations.put_back": _l("En indstilling er sat tilbage på den offentlige liste"),
        "announcement.saved": _l("Pressemeddelelsen er gemt"),
        "announcement.unpublished": _l("Pressemeddelelsen er taget ned"),
        "audit.exported": _l("Loggen er hentet som CSV"),
        "conflict.declared": _l("Inhabilitet er registreret"),
        "conflict.withdrawn": _l("Inhabilitet er trukket tilbage"),
        "criteria.weights_set": _l("Kriteriernes vægte er ændret"),
        "cycle.created": _l("Årgangen er oprettet"),
        "cycle.decided": _l("Vinderen er registreret"),
        "cycle.purged": _l("Persondata er slettet"),
        "cycle.updated": _l("Årgangen er ændret"),
        "diploma.signatory_set": _l("Diplomets underskriver er ændret"),
        "drafts.purged": _l("Gamle kladder er slettet"),
        "export.downloaded": _l("En eksport er hentet"),
        "grant.claim_added": _l("En udgift er tilføjet"),
        "grant.claim_approved": _l("En udgift er godkendt"),
        "grant.claim_rejected": _l("En udgift er afvist"),
        "grant.created": _l("Rejsegodtgørelsen er bevilget"),
        "grant.downloaded": _l("Bevillingen er hentet"),
        "grant.validity_changed": _l("Bevillingens gyldighed er ændret"),
        "juror.added": _l("Et jurymedlem er tilføjet"),
        "juror.removed": _l("Et jurymedlem er fjernet"),
        "juror.weight_set": _l("Et jurymedlems vægt er ændret"),
        "nomination.corrected": _l("Indstillingen er rettet"),
        "nomination.merged": _l("Indstillingen er lagt sammen med en anden"),
        "nomination.registered": _l("Indstillingen er registreret af sekretariatet"),
        "nomination.screened": _l("Indstillingen er screenet"),
        "nomination.submitted": _l("Indstillingen er sendt"),
        "nomination.unmerged": _l("Sammenlægningen er fortrudt"),
        "nomination.withdrawn": _l("Indstillingen er trukket tilbage"),
        "nominations.published": _l("Indstillingerne er offentliggjort"),
        "nominations.unpublished": _l("Indstillingerne er taget ned"),
        "round.advanced": _l("De bedste er gået videre"),
        "round.closed": _l("Runden er lukket"),
        "round.opened": _l("Runden er åbnet"),
        "round.reminded": _l("Påmindelser er sendt"),
        "round.tie_resolved": _l("En stemmelighed er afgjort"),
        "sheet.saved": _l("En bedømmelse er gemt som kladde"),
        "sheet.submitted": _l("En bedømmelse er indsendt"),
        "subject_access.exported": _l("Indsigt er udleveret"),
        "user.created": _l("En bruger er oprettet"),
        "user.invited": _l("En invitation er sendt"),
        "user.logged_in": _l("Logget ind"),
        "user.password_set": _l("Adgangskoden er valgt"),
        "user.reset_requested": _l("Ny adgangskode er bestilt"),
    }


def object_labels() -> dict:
    return {"address": _l("E-mailadresse"), "audit": _l("Loggen"), "conflict": _l("Inhabilitet"),
            "cycle": _l("Årgang"), "grant": _l("Rejsegodtgørelse"), "juror": _l("Jurymedlem"),
            "nomination": _l("Indstilling"), "round": _l("Runde"), "sheet": _l("Bedømmelse"),
            "user": _l("Bruger")}


def detail_labels() -> dict:
    """The details' keys, and the field names some details list (what was changed)."""
    return {
        "advance": _l("Antal, der går videre"), "advanced": _l("Gik videre"),
        "amount_ore": _l("Beløb"), "answers_kept": _l("Svar bevaret"),
        "attachments": _l("Bilag"), "attachments_added": _l("Bilag tilføjet"),
        "attachments_kept": _l("Bilag bevaret"), "attachments_removed": _l("Bilag fjernet"),
        "balance_ore": _l("Saldo"), "cap_ore": _l("Beløbsgrænse"),
        "changed": _l("Ændret"), "claim": _l("Udgift nr."), "comments": _l("Kommentarer"),
        "conflicts": _l("Inhabiliteter"), "conflicts_moved": _l("Inhabilitet flyttet for"),
        "count": _l("Antal"), "declared": _l("Begrundelse for inhabiliteten"),
        "declared_by": _l("Inhabiliteten registreret af"), "named": _l("Indstillet som"),
        "created": _l("Ny"), "cycle": _l("Årgang"), "deadline_at": _l("Frist"),
        "drafts_deleted": _l("Kladder slettet"), "eligibility": _l("Vurdering"),
        "entries": _l("Indstillinger"), "entry": _l("Indstilling"), "event": _l("Begivenhed"),
        "expires_at": _l("Gælder til"), "fields": _l("Felter"), "filters": _l("Filtre"),
        "final_round_first": _l("Nummer ét i sidste runde"), "forced": _l("Før tiden"),
        "format": _l("Format"), "from": _l("Fra"), "headline": _l("Overskrift"),
        "into": _l("Lagt sammen med"), "juror": _l("Jurymedlem"), "jurors": _l("Jurymedlemmer"),
        "kind": _l("Type"), "messages_deleted": _l("E-mails slettet"), "method": _l("Beregning"),
        "missing": _l("Manglende bedømmelser"), "missing_sheets": _l("Manglede"),
        "name": _l("Navn"), "new": _l("Ny"), "nomination": _l("Indstilling"),
        "nominations": _l("Indstillinger"), "note": _l("Bemærkning"), "old": _l("Før"),
        "opens_at": _l("Åbner"), "order": _l("Rækkefølge"), "organisation": _l("Organisation"),
        "overall_comment": _l("Samlet kommentar"), "panel": _l("Panel"),
        "place": _l("Sted"), "published": _l("Offentliggjort"),
        "published_at": _l("Offentliggjort"), "quorum": _l("Mindste antal bedømmelser"),
        "reason": _l("Begrundelse"), "receipt": _l("Kvittering"),
        "retention_ended": _l("Opbevaringsperioden sluttede"),
        "retention_months": _l("Opbevaringsperiode i måneder"), "role": _l("Rolle"),
        "round": _l("Runde"), "rows": _l("Linjer"), "scores": _l("Point"),
        "sheets": _l("Bedømmelser"), "through": _l("Via"), "title": _l("Titel"),
        "to": _l("Til"), "travel_date": _l("Rejsedato"), "tie_break": _l("Ved lighed"),
        "untouched_for_days": _l("Uberørt i dage"), "updated_before": _l("Ændret før"),
        "valid_until": _l("Gyldig til og med"), "weight": _l("Vægt"),
        "whole_jury": _l("Hele juryen"), "winner": _l("Vinder"), "year": _l("År"),
        "headline_da": _l("Overskrift (dansk)"), "lead_da": _l("Indledning (dansk)"),
        "body_da": _l("Brødtekst (dansk)"), "headline_en": _l("Overskrift (engelsk)"),
        "lead_en": _l("Indledning (engelsk)"), "body_en": _l("Brødtekst (engelsk)"),
    }


def value_labels() -> dict:
    """Stored codes that have a word: screening, methods, juror kinds, roles."""
    return {"eligible": _l("egnet"), "ineligible": _l("ikke egnet"),
            "not_regional": _l("ikke et regionalt initiativ"),
            "not_implemented": _l("ikke implementeret"), "outside_call": _l("uden for opslaget"),
            "duplicate": _l("dublet"), "other": _l("andet"),
            "weighted": _l("vægtet gennemsnit"), "normalised": _l("normaliseret"),
            "patientrepraesentant": _l("patientrepræsentant"),
            "patientorganisation": _l("patientorganisation"), "fagperson": _l("fagperson"),
            "secretariat": _l("sekretariat"), "juror": _l("jurymedlem")}


def action_word(action: str) -> str:
    return str(action_labels().get(action, action))


def object_words(object_type: str, object_id: str) -> str:
    """'Indstilling AP-2025-0001', 'Runde 2025/1'."""
    return f"{object_labels().get(object_type, object_type)} {object_id}".strip()


MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
DAY = re.compile(r"\d{4}-\d\d-\d\d$")


def actor_word(actor: str) -> str:
    """A user's e-mail as it is; the two actors that are no person, in words."""
    return {"public": _("en indstiller (offentlig)"), "system": _("systemet")}.get(actor, actor)


def _value(key: str, value, labels: dict, words: dict) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if key in ("scores", "comments") and isinstance(value, dict):
        return "; ".join(_("kriterium %(number)s: %(value)s", number=number,
                           value=_value("", given, labels, words))
                         for number, given in value.items())
    if key == "deadline_at" and isinstance(value, str) and MOMENT.match(value):
        try:
            return timeutil.format_deadline(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if isinstance(value, int) and key.endswith("_ore"):
        return format_kroner(value)
    if isinstance(value, list):
        return ", ".join(_value(key, item, labels, words) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{labels.get(k, k)}: {_value(str(k), v, labels, words)}"
                         for k, v in value.items())
    if isinstance(value, str):
        if MOMENT.match(value):
            try:
                return timeutil.format_moment(datetime.fromisoformat(value))
            except ValueError:
                return value
        if DAY.match(value):
            try:
                return timeutil.format_day(date.fromisoformat(value))
            except ValueError:
                return value
        if key in ("changed", "fields") or value in words:
            return str(labels.get(value) or words.get(value) or value)
    return str(value)


def detail_lines(action: str, details: str) -> list[str]:
    """The stored details as lines 'Beløb: 3.450,00 kr.'; what cannot be read, as stored. A
    change of a cycle stores each field's [old, new]: 'Frist: … → …'."""
    try:
        found = json.loads(details) if details else {}
    except ValueError:
        return [details]
    if not isinstance(found, dict):
        return [details]
    labels, words = detail_labels(), value_labels()
    lines = []
    for key, value in found.items():
        if action == "cycle.updated" and isinstance(value, list) and len(value) == 2:
            text = " → ".join(_value(key, side, labels, words) for side in value)
        else:
            text = _value(key, value, labels, words)
        lines.append(f"{labels.get(key, key)}: {text}")
    return lines
