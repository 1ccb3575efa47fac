"""`award demo`: three cycles with nominations of the kind the award receives, dated from today
by the rule in award.demo.plan: the cycle of the next summit for the call (open now, with a
dozen nominations, or in draft until it opens), the cycle before it being judged (its call
closed, with the nominations it received, and its jury in round 1, see award.demo.jury), and
the one before that decided and announced, with the winner's travel grant and claims (see
award.demo.decided).

Each stage of a cycle has a builder in BUILDERS; `plan(moment, decided=1)` says which."""

from collections.abc import Callable
from datetime import datetime, timedelta

from award import timeutil
from award.auth.links import absolute_url
from award.cycles import services as cycles
from award.cycles.models import Cycle
from award.demo.plan import DemoCycle, Stage, plan
from award.extensions import db
from award.nominations import services
from award.nominations.models import Answer, Nomination, NominationStatus

DEMO_ACTOR = "system"
SUMMIT_PLACE = "Aarhus"

# The front page says which time the prize is awarded (from the cycle's year); the call texts
# say nothing of it, so that they fit whichever year the demo gives them.
CALL_TEXT_JUDGED = (
    "Prisen går til et initiativ i regionerne, der gør en tydelig forskel for patienter og "
    "pårørende, og som andre kan lære af."
)

CALL_TEXT = (
    "Prisen går til et initiativ i regionerne, der gør en tydelig forskel for patienter og "
    "pårørende.\n\n"
    "Årets tema er mere lighed i behandlingen i samarbejde med civilsamfundet. Vi leder efter "
    "initiativer, der når de patienter, som sundhedsvæsenet ellers har svært ved at nå."
)

# (initiative, region, organisation, unit, description, relation, seven answers)
NOMINATIONS = [
    ("Flexklinikken", "Region Hovedstaden", "Bispebjerg og Frederiksberg Hospital",
     "Infektionsmedicinsk afdeling",
     "En klinik uden tidsbestilling for hjemløse og socialt udsatte borgere. Man kan møde op, "
     "når man kan, og behandlingsforløbene tilpasses den enkeltes liv. Åbnede 1. februar 2022.",
     "medarbejder", [
         "Ingen tidsbestilling og intet krav om MitID: klinikken fjerner de barrierer, der holder "
         "udsatte borgere væk.",
         "Klinikken har været i drift siden 1. februar 2022 og har dagligt åbent.",
         "Patienterne fortæller, at de for første gang føler sig velkomne på et hospital.",
         "Personalet oplever færre udeblivelser og mere meningsfuldt arbejde.",
         "Udeblivelser og gennemførte forløb er opgjort hvert kvartal; patientinterviews er "
         "samlet i en rapport.",
         "Modellen kan bruges på alle hospitaler med udsatte patientgrupper.",
         "Borgere, der før ikke kom i behandling, gennemfører nu deres forløb.",
     ]),
    ("Broen til bedre sundhed", "Region Sjælland", "Nykøbing F. Sygehus",
     "Samarbejde med Lolland og Guldborgsund Kommuner",
     "Samskabt omsorg for den ene procent af borgerne på Lolland-Falster, der bruger omkring "
     "30 procent af sundhedsudgifterne. Frivillige brobyggere følger borgeren på tværs af "
     "sektorer.",
     "paaroerende", [
         "Frivillige brobyggere fra civilsamfundet arbejder side om side med sundhedspersonalet.",
         "Projektet har kørt i flere år og er forankret i kommunerne.",
         "Borgerne får én fast person, der kender deres forløb.",
         "Personalet får en samarbejdspartner, der kender borgerens hverdag.",
         "Følgeforskning viser færre akutte indlæggelser.",
         "Modellen er beskrevet, så andre regioner kan bruge den.",
         "Indsatsen er målrettet de borgere, der har mest brug for hjælp.",
     ]),
    ("Sundhedsklinikken i Holstebro", "Region Midtjylland", "Hospitalsenhed Vest",
     "Kommunal sundhedsklinik",
     "En sundhedsklinik, hvor borgere med flere kroniske sygdomme kan få hjælp ét sted, tæt på "
     "hjemmet.",
     "patient", [
         "Region og kommune deler lokaler og personale.",
         "Klinikken har været åben siden 2023.",
         "Jeg skal kun ét sted hen i stedet for fire.",
         "Lægerne fortæller, at de får et bedre overblik.",
         "Tilfredshedsmålinger blandt patienterne.",
         "Kan bruges i alle kommuner.",
         "Borgere uden bil kan nu komme til kontrol.",
     ]),
    ("Frikommuneforsøg om sammenhængende forløb", "Region Nordjylland",
     "Aalborg Universitetshospital", "Tværsektorielt forløbsteam",
     "Et frikommuneforsøg, hvor regler om sektorgrænser er sat ud af kraft, så ét team kan "
     "følge patienten hele vejen.",
     "medarbejder", [
         "Forsøget bryder med den måde, sektorerne plejer at arbejde på.",
         "Forsøget kører i tre kommuner.",
         "Patienterne skal ikke fortælle deres historie igen og igen.",
         "Personalet sparer tid på koordinering.",
         "Evalueret af VIVE.",
         "Kræver lovændring for at blive spredt.",
         "Særligt ældre med mange kontakter har gavn af det.",
     ]),
    ("Ungepanel på børne- og ungeafdelingen", "Region Syddanmark", "Odense Universitetshospital",
     "H.C. Andersen Børne- og Ungehospital",
     "Unge patienter rådgiver afdelingen om alt fra indretning til information.",
     "patient", [
         "De unge er med til at bestemme, ikke kun høres.",
         "Panelet mødes hver måned.",
         "Vi bliver taget alvorligt.",
         "Personalet har ændret deres informationsmateriale.",
         "Referater og før-og-efter-målinger.",
         "Alle børneafdelinger kan lave et ungepanel.",
         "Unge fra alle baggrunde er med.",
     ]),
    ("Tolkning via video i akutmodtagelsen", "Region Hovedstaden", "Hvidovre Hospital",
     "Akutmodtagelsen",
     "Videotolkning døgnet rundt, så patienter, der ikke taler dansk, kan forstå og blive "
     "forstået.",
     "medarbejder", [
         "Tolk på skærm inden for få minutter, hele døgnet.",
         "I brug siden 2022.",
         "Patienterne kan selv forklare, hvad der er galt.",
         "Færre misforståelser og mindre stress for personalet.",
         "Antal tolkninger og patientfeedback opgøres løbende.",
         "Kan indføres på alle akutmodtagelser.",
         "Sproget er ikke længere en barriere for god behandling.",
     ]),
    ("Mobil psykiatri for hjemløse", "Region Midtjylland",
     "Aarhus Universitetshospital Psykiatrien",
     "Opsøgende team",
     "Et team, der opsøger hjemløse med psykisk sygdom på gaden og på herberger.",
     "andet", [
         "Behandlingen kommer til patienten.",
         "Teamet har arbejdet i fem år.",
         "Brugerne fortæller om tillid, de ikke har haft før.",
         "Herbergernes personale føler sig mindre alene.",
         "Antal patienter i stabil behandling er fordoblet.",
         "Kan bruges i alle større byer.",
         "Når en gruppe, der ellers falder helt ud.",
     ]),
    ("Pårørendecafé på onkologisk afdeling", "Region Nordjylland", "Regionshospital Nordjylland",
     "Onkologisk afdeling",
     "Et fast mødested, hvor pårørende til kræftpatienter kan tale med personale og hinanden.",
     "paaroerende", [
         "Pårørende får deres eget rum.",
         "Caféen har åbent hver tirsdag.",
         "Jeg fik svar på det, jeg ikke turde spørge om ved stuegang.",
         "Sygeplejerskerne oplever mere rolige samtaler.",
         "Spørgeskema til pårørende.",
         "Kan laves på alle afdelinger.",
         "Pårørende med kort uddannelse bruger caféen lige så meget som andre.",
     ]),
    ("Sms-påmindelser på let dansk", "Region Syddanmark", "Sygehus Lillebælt",
     "Ambulatorierne",
     "Påmindelser om aftaler skrevet i let dansk og med mulighed for at svare og flytte tiden.",
     "medarbejder", [
         "Enkelt sprog og svarmulighed.",
         "I brug i alle ambulatorier.",
         "Patienterne forstår, hvornår og hvor de skal møde.",
         "Færre udeblivelser.",
         "Udeblivelser faldt med en femtedel.",
         "Kan indføres med det samme andre steder.",
         "Hjælper især patienter med læsevanskeligheder.",
     ]),
    ("Sundhedsbus på Lolland", "Region Sjælland", "Region Sjælland", "Det Nære Sundhedsvæsen",
     "En bus med sygeplejersker, der kører til landsbyer uden læge.",
     "patient", [
         "Sundhed på hjul.",
         "Bussen kører fem dage om ugen.",
         "Jeg behøver ikke tage fri for at blive målt.",
         "Praktiserende læger får færre rutinekontroller.",
         "Registrering af besøg og henvisninger.",
         "Kan bruges i alle tyndt befolkede områder.",
         "Når borgere uden bil.",
     ]),
    ("Fælles journal-app for patienter med flere sygdomme", "Tværregionalt",
     "Sundhedsdatastyrelsen og regionerne", "",
     "En app, hvor patienten ser alle aftaler og beskeder fra alle regioner og kommunen ét sted.",
     "andet", [
         "Samler information på tværs af regioner.",
         "Pilotafprøvning i to regioner.",
         "Overblik for patienten.",
         "Færre opkald til sekretærerne.",
         "Brugertest og downloadtal.",
         "Kan bruges i hele landet.",
         "Kræver gode digitale færdigheder; der er en telefonlinje som alternativ.",
     ]),
    ("Sorggrupper for unge pårørende", "Region Hovedstaden", "Rigshospitalet",
     "Palliativt team",
     "Grupper for unge, der har mistet en forælder, ledet af psykologer og frivillige.",
     "paaroerende", [
         "De unge mødes med andre i samme situation.",
         "Holdene starter to gange om året.",
         "Min søn fik nogen at tale med, der forstod ham.",
         "Personalet oplever, at familierne føler sig set.",
         "Evalueringer fra deltagerne.",
         "Kan oprettes alle steder med palliative teams.",
         "Gratis og uden henvisning.",
     ]),
    ("Sundhedsguider i boligområder", "Region Midtjylland", "Regionshospitalet Gødstrup",
     "Lungemedicinsk afdeling",
     "Frivillige sundhedsguider fra boligområdet følger beboere til kontrol og forklarer "
     "behandlingen på beboernes eget sprog.",
     "medarbejder", [
         "Beboerforeningen og hospitalet har uddannet guiderne sammen.",
         "Guiderne har været i gang siden efteråret 2022.",
         "Jeg forstår nu, hvorfor jeg skal tage min medicin hver dag.",
         "Sygeplejerskerne bruger mindre tid på aflyste aftaler.",
         "Fremmøde til kontrol er målt før og efter.",
         "Kan bruges overalt, hvor der er en beboerforening.",
         "Når beboere, der ellers ikke kommer til kontrol.",
     ]),
]

# The entries of the cycle being judged; the call has every initiative (a call welcomes
# initiatives nominated before).
JUDGED_ENTRIES = ("Flexklinikken", "Broen til bedre sundhed",
                  "Ungepanel på børne- og ungeafdelingen", "Tolkning via video i akutmodtagelsen",
                  "Mobil psykiatri for hjemløse", "Pårørendecafé på onkologisk afdeling",
                  "Sms-påmindelser på let dansk", "Sundhedsbus på Lolland")


def add_nominations(cycle: Cycle, initiatives: list[tuple], at: datetime) -> None:
    """Submit each initiative to the cycle, as if through the form, at `at` (the call must be
    open then). The theme question is answered when the cycle asks it."""
    theme_answer = ("Frivillige og patientforeninger er med fra starten."
                    if cycle.theme_question_da else "")
    for index, (name, region, organisation, unit, description, relation, answers) in enumerate(
        initiatives, start=1
    ):
        nomination = Nomination(
            cycle=cycle, draft_key=services.new_key(), status=NominationStatus.DRAFT,
            initiative_name=name, region=region, organisation=organisation, unit=unit,
            description=description, theme_answer=theme_answer,
            contact_name=f"Kontaktperson {index}", contact_email=f"kontakt{index}@example.dk",
            contact_phone="70 10 20 30", nominator_name=f"Indstiller {index}",
            nominator_email=f"indstiller{index}@example.dk", nominator_relation=relation,
            privacy_confirmed_at=at, created_at=at, updated_at=at,
            answers=[Answer(criterion=c, text=text) for c, text in zip(cycle.criteria, answers,
                                                                       strict=True)],
        )
        db.session.add(nomination)
        db.session.flush()
        services.submit(nomination, at,
                        edit_url=lambda token: absolute_url("nominations.view", token=token))


def create_demo_cycle(planned: DemoCycle, moment: datetime, **texts) -> Cycle:
    """The planned cycle with its dates, made by the secretariat a week before its call opened
    (or now, when that week is still to come)."""
    return cycles.create_cycle(
        year=planned.year, title=f"Prisen for Årets Patientoplevelse {planned.year}",
        opens_at=planned.opens_at, deadline_at=planned.deadline_at,
        summit_date=planned.summit_date, summit_place=SUMMIT_PLACE, actor=DEMO_ACTOR,
        at=min(planned.opens_at - timedelta(days=7), moment), **texts,
    )


def judged_cycle(planned: DemoCycle, moment: datetime) -> Cycle:
    """Its call closed, with the nominations it received halfway through the call."""
    cycle = create_demo_cycle(planned, moment, theme="", call_text=CALL_TEXT_JUDGED)
    halfway = planned.opens_at + (planned.deadline_at - planned.opens_at) / 2
    add_nominations(cycle, [n for n in NOMINATIONS if n[0] in JUDGED_ENTRIES], at=halfway)
    return cycle


def call_cycle(planned: DemoCycle, moment: datetime) -> Cycle:
    """The call: open now with a dozen nominations so far, or in draft (none yet)."""
    cycle = create_demo_cycle(
        planned, moment, theme="Mere lighed i behandlingen i samarbejde med civilsamfundet",
        call_text=CALL_TEXT,
        theme_question_da="Hvordan samarbejder initiativet med civilsamfundet?",
        theme_question_en="How does the initiative work with civil society?",
    )
    if cycle.accepts_nominations(moment):
        add_nominations(cycle, NOMINATIONS, at=moment)
    return cycle


def decided_cycle(planned: DemoCycle, moment: datetime) -> Cycle:
    """Decided, announced, with its grant and claims (award.demo.decided, which builds on
    this module)."""
    from award.demo.decided import decided_cycle as build

    return build(planned, moment)


BUILDERS: dict[Stage, Callable[[DemoCycle, datetime], Cycle]] = {
    Stage.DECIDED: decided_cycle,
    Stage.JUDGED: judged_cycle,
    Stage.CALL: call_cycle,
}


def describe_call(cycle: Cycle, moment: datetime) -> str:
    if cycle.accepts_nominations(moment):
        return (f"Cycle {cycle.year} is open for nominations until "
                f"{timeutil.format_deadline(cycle.deadline_at)}, with "
                f"{len(services.submitted(cycle))} nominations.")
    return (f"Cycle {cycle.year} opens for nominations on "
            f"{timeutil.format_moment(cycle.opens_at)}, until "
            f"{timeutil.format_deadline(cycle.deadline_at)}.")


def describe_decided(cycle: Cycle) -> str:
    from award.grants import services as grants

    grant = grants.grant_for(cycle)
    approved = sum(1 for claim in grant.claims if claim.status == "approved")
    return (f"Cycle {cycle.year} is decided and announced: "
            f"{cycle.decision.nomination.initiative_name} won, announced "
            f"{timeutil.format_moment(cycle.announcement.published_at)}; travel grant "
            f"{grant.reference} with {len(grant.claims)} claims ({approved} approved).")


def load_demo() -> list[str]:
    """Load the demo; returns lines for the person who ran it."""
    from award.demo.jury import create_demo_accounts, load_demo_jury

    moment = timeutil.now()
    planned = plan(moment, decided=1)
    # The secretariat and the jury have been there since before the first cycle was made.
    logins = create_demo_accounts(min(min(p.opens_at for p in planned) - timedelta(days=14),
                                      moment), DEMO_ACTOR)
    built = {cycle.stage: BUILDERS[cycle.stage](cycle, moment) for cycle in planned}
    decided, judged, current = built[Stage.DECIDED], built[Stage.JUDGED], built[Stage.CALL]
    lines = [
        describe_call(current, moment),
        f"Cycle {judged.year} is being judged: its call closed "
        f"{timeutil.format_deadline(judged.deadline_at)}, with "
        f"{len(services.submitted(judged))} nominations.",
        describe_decided(decided),
        "The nominations' e-mails are in the outbox (no SMTP server is configured by default).",
    ]
    lines += load_demo_jury(judged, moment, DEMO_ACTOR, logins)
    db.session.commit()
    return lines
