"""Every URL that takes a POST, with who may submit and which records fill its URL.

Adding a form is one line in TARGETS: the route as written in the URL conf, the persona (a
fixture in tests/conftest.py, or one of the few below) and, per URL placeholder, the World
attribute whose pk fills it. The fields are read from the form on the page (GET) itself;
`extra` adds the buttons of a check page (step 2 of a multi-step form); `fields` is for
POST-only URLs that have no page of their own. tests/fuzz/test_meta.py fails for a
POST-taking URL without a line here.
"""

import base64
import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone

from accounts import roles
from accounts.models import Organisation, User

from ..conftest import _persona, verified
from ..factories import OrganisationFactory, make_archived_case, make_case, make_document


@dataclass
class Target:
    persona: str
    params: dict = field(default_factory=dict)  # URL placeholder -> World attribute
    extra: dict = field(default_factory=dict)   # check-page buttons: name -> values
    fields: dict | None = None                  # for POST-only URLs: name -> kind
    exclude: tuple = ()                         # tables this form may change even when it rejects
    login: str = "verified"                     # verified | password (second factor pending) | none


CHECK = {"confirm": ["1", ""], "edit": ["1", ""]}
STEP = {"step": ["confirm", "edit", "check", "", "\x00"]}
OTP_TABLES = ("otp_totp_totpdevice", "otp_static_staticdevice")  # a wrong code counts towards throttling

TARGETS = {
    # accounts: the login steps themselves
    "inloggen/": Target("caseworker", login="none"),
    "inloggen/tweede-stap/": Target("caseworker", login="password", exclude=OTP_TABLES),
    "inloggen/app-koppelen/": Target("new_user", login="password", exclude=OTP_TABLES),
    "inloggen/geheimhouding/": Target("unacknowledged", login="verified"),
    "uitloggen/": Target("caseworker", fields={"next": "text"}),
    # cases
    "dossiers/nieuw/": Target("caseworker"),
    "zoeken/": Target("caseworker"),
    "dossiers/<int:pk>/toegang-vragen/": Target("caseworker", {"pk": "other_team_case"}),
    "fg/buiten-toewijzing/": Target("privacy_officer", fields={"decision": "radio", "comment": "text"}),
    "fg/buiten-toewijzing/<int:pk>/": Target("privacy_officer", {"pk": "emergency_access"}),
    "dossiers/<int:pk>/inwoner/identiteit/": Target("caseworker", {"pk": "own_case"}),
    "dossiers/<int:pk>/huishouden/vertegenwoordiger/": Target("caseworker", {"pk": "own_case"}),
    "dossiers/<int:pk>/huishouden/beoordeling/": Target("caseworker", {"pk": "own_case"}),
    "dossiers/<int:pk>/notities/nieuw/": Target("caseworker", {"pk": "own_case"}),
    "dossiers/<int:pk>/documenten/nieuw/": Target("caseworker", {"pk": "own_case"}),
    "dossiers/<int:pk>/documenten/<int:document_pk>/reduceren/": Target(
        "caseworker", {"pk": "own_case", "document_pk": "document"}),
    "dossiers/<int:pk>/informeren/vastleggen/": Target("caseworker", {"pk": "own_case"}),
    "dossiers/<int:pk>/ontbrekend/nieuw/": Target("caseworker", {"pk": "own_case"}),
    "dossiers/<int:pk>/ontbrekend/<int:item_pk>/ontvangen/": Target(
        "caseworker", {"pk": "own_case", "item_pk": "missing_item"}, fields={"item": "text"}),
    "dossiers/<int:pk>/toewijzen/": Target("caseworker", {"pk": "own_case"}),
    "dossiers/<int:pk>/afsluiten/": Target("caseworker", {"pk": "own_case"}),
    # plans and the Zorgplein
    "dossiers/<int:pk>/gezinsplan/leefgebied/": Target("caseworker", {"pk": "own_case"}),
    "dossiers/<int:pk>/gezinsplan/leefgebied/<int:section_pk>/": Target(
        "caseworker", {"pk": "own_case", "section_pk": "section"}),
    "dossiers/<int:pk>/maatwerkverzoek/": Target("caseworker", {"pk": "own_case"}, extra=STEP),
    "dossiers/<int:pk>/maatwerkverzoek/<int:request_pk>/aanvullen/": Target(
        "caseworker", {"pk": "more_info_request.case", "request_pk": "more_info_request"}),
    "zorgplein/verzoeken/<int:pk>/": Target("zorgplein_reviewer", {"pk": "forwarded_request"}, extra=STEP),
    "zorgplein/verzoeken/<int:pk>/oppakken/": Target(
        "zorgplein_reviewer", {"pk": "forwarded_request"}, fields={"step": "text"}),
    "zorgplein/besluiten/<int:pk>/corrigeren/": Target("zorgplein_reviewer", {"pk": "decision"}, extra=STEP),
    # signals (the partner API has its own test: test_api.py)
    "signalen/nieuw/": Target("intake_user"),
    "signalen/<int:pk>/beoordelen/": Target("intake_user", {"pk": "signal"}),
    "signalen/<int:pk>/vernietigen/": Target("intake_user", {"pk": "signal"}, fields={}),  # a confirm button
    "signalen/<int:pk>/casusoverleg/": Target("intake_user", {"pk": "taken_up_signal"},
                                              extra={"actie": ["opslaan", "afsluiten", "sluiten", ""]}),
    "signalen/<int:pk>/casusoverleg/<int:meeting_pk>/": Target(
        "intake_user", {"pk": "meeting.signal", "meeting_pk": "meeting"},
        extra={"actie": ["opslaan", "afsluiten", "sluiten", ""]}),
    # disclosures
    "dossiers/<int:pk>/verstrekkingen/": Target("caseworker", {"pk": "own_case"},
                                                fields={"disclosure": "number", "informed_on": "text"}),
    "dossiers/<int:pk>/verstrekkingen/vastleggen/": Target("caseworker", {"pk": "own_case"}, extra=CHECK),
    "dossiers/<int:pk>/verzoeken/registreren/": Target("caseworker", {"pk": "own_case"}),
    "dossiers/<int:pk>/verzoeken/<int:request_pk>/": Target(
        "caseworker", {"pk": "own_case", "request_pk": "statutory_request"}, extra=CHECK),
    "dossiers/<int:pk>/consultatie-vragen/": Target("caseworker", {"pk": "own_case"}),
    "dossiers/<int:pk>/bezwaren/": Target("caseworker", {"pk": "own_case"}),
    "dossiers/<int:pk>/bezwaren/<int:objection_pk>/besluiten/": Target(
        "caseworker", {"pk": "own_case", "objection_pk": "objection"}),
    "consultaties/<int:pk>/": Target("team_lead", {"pk": "consultation"}),
    # meldcode: every step of the wizard (the step number is a placeholder too)
    "dossiers/<int:pk>/meldcode/stap/<int:number>/": Target("caseworker", {"pk": "own_case", "number": "step"}),
    # retention
    "archief/vernietigingslijsten/<int:pk>/dossiers/<int:item_pk>/uitzonderen/": Target(
        "archivist", {"pk": "destruction_list", "item_pk": "destruction_item"}),
    "archief/vernietigingslijsten/<int:pk>/controleren/": Target("archivist", {"pk": "destruction_list"}),
    "dossiers/<int:pk>/opschonen/": Target("caseworker", {"pk": "closed_case"}, fields={}),  # a confirm button
    "fg/wissing/": Target("privacy_officer"),
    # the privacy officer's desk
    "fg/datalekken/nieuw/": Target("privacy_officer"),
    "fg/datalekken/<int:pk>/": Target("privacy_officer", {"pk": "breach"}),
    "fg/toegangslogboek/": Target("privacy_officer", extra={"verify": ["1"], "csv": ["1"]},
                                  exclude=("audit_chainverification", "audit_chaincheckpoint")),
    "fg/rechten/": Target("privacy_officer"),
    "fg/rechten/rectificatie/<int:pk>/": Target("privacy_officer", {"pk": "rectification"}),
    "fg/verstrekkingen/": Target("privacy_officer", fields={"decision": "radio", "comment": "text"}),  # list only
    "fg/verstrekkingen/<int:pk>/": Target("privacy_officer", {"pk": "flagged_disclosure"}),
    # the household
    "dossiers/<int:pk>/huishouden/lid-toevoegen/": Target("caseworker", {"pk": "case_with_a_candidate"}),
    "dossiers/<int:pk>/huishouden/leden/<int:member_pk>/verwijderen/": Target(
        "caseworker", {"pk": "own_case", "member_pk": "household_member_case"}, fields={}),  # a confirm button
}

# The meldcode wizard has five steps; each is fuzzed on its own.
MELDCODE_STEPS = (1, 2, 3, 4, 5)


class World:
    """The records the fuzzed URLs point at, made on first use (so each test makes only its own)."""

    def __init__(self, request):
        self.request = request

    def __getattr__(self, name):
        return self.request.getfixturevalue(name)

    @cached_property
    def new_user(self):
        return _persona("nieuw", roles.CASEWORKER, statement=self.statement)

    @cached_property
    def unacknowledged(self):
        return _persona("nognietgetekend", roles.CASEWORKER, statement=self.statement, acknowledged=False)

    @cached_property
    def intake_user(self):
        return _persona("intake", roles.INTAKE, statement=self.statement)

    @cached_property
    def document(self):
        return make_document(self.own_case, self.caseworker)

    @cached_property
    def missing_item(self):
        from cases.services import record_missing_information
        return record_missing_information(case=self.own_case, actor=self.caseworker, description="Loonstrook",
                                          asked_on=dt.date(2026, 1, 5), refused=False)

    @cached_property
    def emergency_access(self):
        from cases.services import request_emergency_access
        return request_emergency_access(actor=self.caseworker, case=self.other_team_case, reason="stand_in",
                                        explanation="Waarneming voor een collega.")

    @cached_property
    def section(self):
        from plans import services
        return services.open_domain(case=self.own_case, actor=verified(self.caseworker), domain="housing",
                                    reason="Trap te steil.")

    def _forward(self, case):
        from plans import services
        document = make_document(case, self.caseworker)
        return services.forward_request(
            case=case, actor=verified(self.caseworker), statute="wmo", question="Traplift nodig.",
            notified_on=timezone.localdate() - dt.timedelta(days=10),
            applied_on=timezone.localdate() - dt.timedelta(days=2),
            parts=["identity", f"document:{document.pk}"], resident_agreed=True, representatives_agreed=[],
            consent_on=timezone.localdate())

    @cached_property
    def more_info_request(self):
        from plans import services
        item = self._forward(self.own_case)
        services.ask_more_information(request=item, actor=self.zorgplein_reviewer, question="Huisartsadvies?")
        return item

    @cached_property
    def forwarded_request(self):
        return self._forward(self.own_case)

    @cached_property
    def decision(self):
        from plans import services
        return services.issue_decision(request=self.forwarded_request, actor=self.zorgplein_reviewer,
                                       outcome="refused", reasons="Algemene voorziening volstaat.")

    @cached_property
    def signal(self):
        from signals import services
        from signals.models import Category, SourceKind
        return services.receive_signal(actor=None, source_kind=SourceKind.PROFESSIONAL,
                                       category=Category.SCHOOL_WORRY, content="Zorgen op school.",
                                       subject_name="Jan Jansen", received_at=timezone.now())

    @cached_property
    def taken_up_signal(self):
        from signals import services
        return services.take_up(signal=self.signal, actor=self.intake_user, severity="middel",
                                resident=self.own_case.resident, case=self.own_case)

    @cached_property
    def meeting(self):
        from signals import services
        partner = OrganisationFactory(name="Woonbedrijf ieder1", kind=Organisation.Kind.CHAIN_PARTNER)
        return services.save_meeting(actor=self.intake_user, signal=self.taken_up_signal,
                                     held_on=timezone.localdate(), organisations=[partner], presence="absent",
                                     absence_reason="safety")

    @cached_property
    def statutory_request(self):
        from disclosures.models import StatutoryRequest
        body = OrganisationFactory(name="Veilig Thuis", kind=Organisation.Kind.STATUTORY_BODY)
        return StatutoryRequest.objects.create(
            case=self.own_case, requester=body, received_on=self.own_case.opened_at.date(),
            question="Gegevens over het gezin.", registered_by=self.caseworker,
            memo_pdf=base64.b64encode(b"%PDF-1.7 test").decode(), memo_size=13)

    @cached_property
    def objection(self):
        from disclosures.models import Objection
        return Objection.objects.create(case=self.own_case, received_on=self.own_case.opened_at.date(),
                                        grounds="Geen gegevens delen.", registered_by=self.caseworker)

    @cached_property
    def consultation(self):
        from disclosures.models import Consultation
        return Consultation.objects.create(case=self.team_case, requested_by=self.teammate,
                                           consultee=self.team_lead, question="Mag ik verstrekken?")

    @cached_property
    def destruction_list(self):
        from retention import services
        from retention.models import RetentionRule
        from retention.schedule import load
        load(RetentionRule)
        long_ago = dt.datetime(2005, 1, 10, 10, tzinfo=dt.UTC)
        make_archived_case(self.caseworker, closed_at=long_ago)
        make_archived_case(self.caseworker, closed_at=long_ago)
        return services.propose_destruction_list(today=dt.date(2026, 6, 1), cap=100)

    @cached_property
    def destruction_item(self):
        return self.destruction_list.items.first()

    @cached_property
    def closed_case(self):
        from cases.models import Case
        from cases.services import close_case
        case = make_case(self.caseworker)
        try:
            close_case(case=case, actor=self.caseworker, result="granted")
        except Exception:  # the closing guards are tested elsewhere; only a closed dossier matters here
            Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, result="granted",
                                                   closed_at=timezone.now())
        case.refresh_from_db()
        return case

    @cached_property
    def breach(self):
        from desk.models import Breach, HarmLevel
        return Breach.objects.create(discovered_at=timezone.now() - dt.timedelta(hours=51),
                                     description="Lijst gemaild aan verkeerde", harm_level=HarmLevel.MEDIUM,
                                     registered_by=self.privacy_officer)

    @cached_property
    def rectification(self):
        from desk.models import RectificationRequest

        from ..factories import make_resident
        return RectificationRequest.objects.create(resident=make_resident(self.caseworker),
                                                   received_on=timezone.localdate(),
                                                   registered_by=self.privacy_officer)

    @cached_property
    def flagged_disclosure(self):
        from disclosures.models import Disclosure
        org = Organisation.objects.create(name="Sociale recherche", kind=Organisation.Kind.ENFORCEMENT)
        return Disclosure.objects.create(
            case=self.own_case, recipient=org, recipient_kind=org.kind, legal_ground="avg_6_1_c", purpose="wmo",
            decided_by=self.caseworker, recorded_by=self.caseworker, client_informed="informed",
            weighing="Afweging.", flagged_for_privacy_officer=True)

    @cached_property
    def case_with_a_candidate(self):
        """own_case, and a second dossier of the caseworker whose resident could join its household."""
        make_case(self.caseworker)
        return self.own_case

    @cached_property
    def household_member_case(self):
        from cases.services import add_household_member
        member = make_case(self.caseworker)
        add_household_member(case=self.own_case, actor=self.caseworker, member_case=member)
        return member

    def resolve(self, path):
        obj = self
        for part in path.split("."):
            obj = getattr(obj, part)
        return obj


def fill(route, target, world, **values):
    """The URL of a route, its placeholders filled with the pks of the World's records."""
    url = "/" + route
    for placeholder, attribute in target.params.items():
        value = values.get(placeholder)
        if value is None:
            value = world.resolve(attribute).pk
        url = url.replace(f"<int:{placeholder}>", str(value))
    assert "<" not in url, url
    return url


__all__ = ["User"]
