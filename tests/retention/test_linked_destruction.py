"""Destroying a dossier also removes what other apps hang on it: the disclosure register
entries, statutory requests and their memos, consultations, objections, the household plan,
Zorgplein requests and decisions (corrections included) and the Meldcode (P-2.2.4). Outside
the destruction those registers stay append-only."""

import datetime as dt
import uuid

import pytest
from django.db import DatabaseError, transaction

from accounts import roles
from accounts.models import Organisation
from cases.models import Case
from disclosures import services as disclosure_services
from disclosures.models import ClientInformedDecision, Consultation, Disclosure, LegalGround, Objection
from meldcode.models import MeldcodeTrack
from meldcode.services import record_step
from plans import services as plan_services
from plans.models import Decision, MaatwerkRequest, Plan
from processors.models import DataCategory
from retention import services
from retention.models import DestructionRecord

from ..conftest import _persona, verified
from ..factories import OrganisationFactory
from ..plans.helpers import forwarded_request
from .test_destruction import LONG_AGO, TODAY, approved_list, tables_containing

pytestmark = [pytest.mark.usefixtures("retention_rules"), pytest.mark.policy("P-2.2.4")]
REFUSE = {"outcome": "refused", "reasons": "De traplift past niet in de woning, zie advies."}


def _linked_everything(coach, reviewer, af, planted):
    case, request, _ = forwarded_request(coach)
    decision = plan_services.issue_decision(request=request, actor=reviewer, **REFUSE)
    plan_services.correct_decision(previous=decision, actor=reviewer, outcome="refused",
                                   reasons=f"Gecorrigeerde motivering {planted}")
    veilig_thuis = OrganisationFactory(name="Veilig Thuis", kind=Organisation.Kind.STATUTORY_BODY)
    disclosure_services.record_disclosure(
        actor=coach, case=case, recipient=veilig_thuis, legal_ground=LegalGround.AVG_6_1_E, purpose=case.statute,
        categories=[DataCategory.ORDINARY], items=["resident.name"], decided_by=af,
        client_informed=ClientInformedDecision.INFORMED, informed_on=dt.date.today())
    disclosure_services.request_consultation(actor=coach, case=case, consultee=af,
                                             question=f"Mag ik melden zonder te informeren? {planted}")
    disclosure_services.register_objection(actor=coach, case=case, received_on=dt.date.today(),
                                           grounds=f"Bezwaar tegen verwerking {planted}")
    record_step(actor=coach, case=case, number=1, note=f"Signalen in kaart gebracht {planted}")
    Case.objects.filter(pk=case.pk).update(status=Case.Status.ARCHIVED, result="granted", closed_at=LONG_AGO,
                                           cleaned_at=LONG_AGO, archived_at=LONG_AGO)
    return case


@pytest.mark.django_db
def test_everything_linked_to_a_dossier_is_destroyed_with_it(coach_with_agreement, zorgplein_reviewer,
                                                             statement, archivist):
    planted = f"LINKED-{uuid.uuid4().hex}"
    af = _persona("af", roles.AF, statement=statement)
    case = _linked_everything(verified(coach_with_agreement), verified(zorgplein_reviewer), af, planted)
    assert Decision.objects.filter(request__case=case).count() == 2
    assert tables_containing(planted) == []  # encrypted at rest, so the scan needs the rows' absence below

    batch = approved_list(archivist)
    assert services.run_destruction(list_id=batch.pk, today=TODAY) == {"destroyed": 1}

    assert DestructionRecord.objects.filter(case_ref=case.pk).count() == 1
    for model, field in [(Disclosure, "case"), (Consultation, "case"), (Objection, "case"), (Plan, "case"),
                         (MaatwerkRequest, "case"), (MeldcodeTrack, "case"), (Decision, "request__case")]:
        assert not model.objects.filter(**{f"{field}_id" if field == "case" else f"{field}": case.pk}).exists(), model


@pytest.mark.django_db
def test_outside_the_destruction_the_registers_stay_append_only(coach_with_agreement, zorgplein_reviewer,
                                                                statement):
    af = _persona("af", roles.AF, statement=statement)
    case = _linked_everything(verified(coach_with_agreement), verified(zorgplein_reviewer), af, "x")
    for queryset in (Disclosure.objects.filter(case=case), Decision.objects.filter(request__case=case)):
        with pytest.raises(DatabaseError), transaction.atomic():
            queryset.delete()
    assert Disclosure.objects.filter(case=case).exists() and Decision.objects.filter(request__case=case).exists()
