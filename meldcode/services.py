"""Recording the Meldcode steps (P-2.3.3; DOMAIN_RULES R3.1-R3.3)."""

from django.db import transaction
from django.utils import timezone

from accounts import roles
from cases.access import access_case
from core.errors import ApplicationError

from . import rules
from .models import MeldcodeStep, MeldcodeTrack, Outcome

CONSULTEE_ROLES = (roles.AF, roles.TEAM_LEAD)


@transaction.atomic
def record_step(*, actor, case, number: int, note: str, consultee=None, consultee_external: str = "",
                answers: dict | None = None, cares_for_minors: bool | None = None,
                outcome: str = "") -> MeldcodeStep:
    """Record one step, in order, with its note; step 1 starts a new track for the dossier.

    Step 2 needs who was consulted (aandachtsfunctionaris or team lead, or Veilig Thuis /
    an expert outside the municipality). Step 4 needs the afwegingskader's first four
    answers. Step 5 needs the kindcheck and a decision that does not drop a report the
    afwegingskader calls for; it closes the track, which cannot change afterwards.
    """
    access_case(actor, case.pk, purpose="meldcode", write=True)
    if len((note or "").strip()) < 10:
        raise ApplicationError("Schrijf bij deze stap op wat je hebt gedaan en gezien.", field="note")
    track = _track_for(actor=actor, case=case, number=number)
    done = set(track.steps.values_list("number", flat=True))
    if not rules.may_record(number, done):
        raise ApplicationError("Deze stap kan nog niet: doe eerst de stappen ervoor.")
    step = MeldcodeStep(track=track, number=number, note=note.strip(), recorded_by=actor)
    _step_specifics(step, track, consultee, consultee_external, answers, cares_for_minors, outcome, actor)
    step.save()
    return step


def _track_for(*, actor, case, number) -> MeldcodeTrack:
    track = MeldcodeTrack.objects.select_for_update().filter(case=case, outcome="").first()
    if track is None and number == 1:
        track = MeldcodeTrack.objects.create(case=case, started_by=actor)
    if track is None:
        raise ApplicationError("Begin de meldcode bij stap 1.")
    return track


def _step_specifics(step, track, consultee, consultee_external, answers, cares_for_minors, outcome, actor):
    if step.number == 2:
        _check_consultee(consultee, consultee_external, actor)
        step.consultee, step.consultee_external = consultee, (consultee_external or "").strip()
    elif step.number == 4:
        step.answers = _check_answers(answers or {})
    elif step.number == 5:
        _decide(track, cares_for_minors, outcome, actor)


def _check_consultee(consultee, external, actor):
    if consultee is None and not (external or "").strip():
        raise ApplicationError("Leg vast wie je hebt geraadpleegd.", field="consultee")
    if consultee is not None and (consultee == actor or not any(consultee.has_role(r) for r in CONSULTEE_ROLES)):
        raise ApplicationError("Raadpleeg de aandachtsfunctionaris of de teamleider.", field="consultee")


def _check_answers(answers: dict) -> dict:
    missing = [q for q in rules.REQUIRED_QUESTIONS if answers.get(q) not in (True, False)]
    if missing:
        raise ApplicationError("Beantwoord de vragen van het afwegingskader.", field=missing[0])
    return {q: answers.get(q) for q in rules.QUESTIONS if answers.get(q) in (True, False)}


def _decide(track, cares_for_minors, outcome, actor):
    if cares_for_minors not in (True, False):
        raise ApplicationError("Beantwoord de kindcheck: zorgt de inwoner voor minderjarigen?",
                               field="cares_for_minors")
    if outcome not in Outcome.values:
        raise ApplicationError("Kies het besluit.", field="outcome")
    weighed = track.steps.filter(number=4).first()
    advised = rules.afwegingskader(weighed.answers)
    if not rules.decision_fits(outcome, advised):
        raise ApplicationError(f"Dit besluit past niet bij het afwegingskader, dat wijst op: "
                               f"{Outcome(advised).label.lower()}.", field="outcome")
    track.cares_for_minors, track.outcome = cares_for_minors, outcome
    track.decided_by, track.decided_at = actor, timezone.now()
    track.save(update_fields=["cares_for_minors", "outcome", "decided_by", "decided_at"])
