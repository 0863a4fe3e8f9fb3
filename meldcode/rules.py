"""Pure Meldcode rules (DOMAIN_RULES R3.1, R3.2): step order and the afwegingskader."""

from .models import Outcome

STEPS = {
    1: "Signalen in kaart brengen",
    2: "Collega raadplegen (en zo nodig Veilig Thuis)",
    3: "Gesprek met de inwoner",
    4: "Wegen met het afwegingskader",
    5: "Beslissen: hulp bieden of organiseren en/of melden",
}
# The five questions of the afwegingskader (since 1 January 2019), asked in step 4.
QUESTIONS = {
    "suspicion": "Is er een vermoeden van (dreigend) huiselijk geweld of kindermishandeling?",
    "unsafety": "Is er sprake van acute en/of structurele onveiligheid?",
    "can_help": "Kan ik effectieve hulp bieden of organiseren?",
    "accepts_help": "Aanvaarden de betrokkenen de hulp en zijn zij bereid zich in te zetten?",
    "results": "Leidt de hulp binnen de gewenste termijn tot de noodzakelijke resultaten?",
}
REQUIRED_QUESTIONS = ("suspicion", "unsafety", "can_help", "accepts_help")


def next_step(done: set[int]) -> int | None:
    """The first step not yet recorded; the steps are taken in order."""
    return next((n for n in STEPS if n not in done), None)


def may_record(number: int, done: set[int]) -> bool:
    return number == next_step(done)


def afwegingskader(answers: dict) -> str:
    """The outcome the afwegingskader points to. Reporting is the professional norm in every
    case of acute or structural unsafety; "results" may be unknown yet (None)."""
    if answers.get("suspicion") is False:
        return Outcome.CLOSE
    if answers.get("unsafety") is True:
        return Outcome.REPORT
    if answers.get("can_help") is False or answers.get("accepts_help") is False:
        return Outcome.REPORT
    if answers.get("results") is False:
        return Outcome.REPORT
    return Outcome.HELP


def decision_fits(outcome: str, advised: str) -> bool:
    """Step 5 may add help to a report, never drop a report the afwegingskader calls for."""
    if advised == Outcome.REPORT:
        return outcome in (Outcome.REPORT, Outcome.REPORT_AND_HELP)
    if advised == Outcome.CLOSE:
        return outcome == Outcome.CLOSE
    return outcome in (Outcome.HELP, Outcome.REPORT, Outcome.REPORT_AND_HELP)
