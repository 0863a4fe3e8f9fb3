"""Demo data: organisations, teams, one user per persona, residents and dossiers.

Idempotent: running it twice changes nothing. Fictional people only; BSNs are generated
numbers that pass the eleven-test.
"""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import roles
from accounts.models import Organisation, User
from accounts.services import add_to_team, create_team, ensure_roles, publish_confidentiality_text
from cases.models import Case, LegalBasis
from cases.rules import is_valid_bsn
from cases.selectors import resident_by_bsn
from cases.services import create_resident, open_case
from processors.models import DataCategory, ProcessorAgreement, Purpose

DEFAULT_DEMO_PASSWORD = "Doetinchem-demo-2026"
CONFIDENTIALITY_TEXT = (
    "Je werkt met gegevens van inwoners die hulp vragen: over hun gezondheid, hun kinderen, "
    "hun schulden en hun veiligheid. Die gegevens zijn vertrouwelijk.\n\n"
    "Je kijkt alleen in dossiers die je voor je werk nodig hebt. Je deelt gegevens alleen als "
    "dat mag en je legt dat vast. Alles wat je opent, wordt vastgelegd en gecontroleerd door de "
    "functionaris gegevensbescherming.\n\n"
    "Schend je je geheimhoudingsplicht, dan kan dat leiden tot disciplinaire maatregelen, "
    "ontslag en strafvervolging (artikel 272 Wetboek van Strafrecht)."
)

ORGANISATIONS = [
    ("Gemeente Doetinchem", Organisation.Kind.MUNICIPALITY),
    ("Buurtplein B.V.", Organisation.Kind.PROCESSOR),
    ("Laborijn", Organisation.Kind.PROCESSOR),
    ("GGD Noord- en Oost-Gelderland", Organisation.Kind.PROCESSOR),
    ("Veilig Thuis Noord- en Oost-Gelderland", Organisation.Kind.STATUTORY_BODY),
    ("Raad voor de Kinderbescherming", Organisation.Kind.STATUTORY_BODY),
    ("William Schrikker Stichting", Organisation.Kind.STATUTORY_BODY),
    ("Leger des Heils Jeugdbescherming & Reclassering", Organisation.Kind.STATUTORY_BODY),
    ("Jeugdbescherming Gelderland", Organisation.Kind.STATUTORY_BODY),
    ("Politie Oost-Nederland", Organisation.Kind.ENFORCEMENT),
    ("Woonstichting De Woonplaats", Organisation.Kind.CHAIN_PARTNER),
]
# username, first, last, organisation, role, team, staff
PERSONAS = [
    ("anna", "Anna", "de Vries", "Gemeente Doetinchem", roles.CASEWORKER, "Noord", False),
    ("bram", "Bram", "Jansen", "Gemeente Doetinchem", roles.CASEWORKER, "Zuid", False),
    ("coach", "Carla", "Bakker", "Buurtplein B.V.", roles.COACH, "Buurtcoaches", False),
    ("zorgplein", "Zeynep", "Kaya", "Gemeente Doetinchem", roles.REVIEWER, None, False),
    ("teamlead", "Tom", "Visser", "Gemeente Doetinchem", roles.TEAM_LEAD, "Noord", False),
    ("af", "Fatima", "El Amrani", "Gemeente Doetinchem", roles.AF, None, False),
    ("archief", "Arjen", "Smit", "Gemeente Doetinchem", roles.ARCHIVIST, None, False),
    ("fg", "Femke", "Groen", "Gemeente Doetinchem", roles.PRIVACY_OFFICER, None, False),
    ("beheer", "Bas", "Hendriks", "Gemeente Doetinchem", roles.ADMINISTRATOR, None, True),
]
# first names, surname, date of birth, address, owner, statute, request
RESIDENTS = [
    ("Jan", "Willemsen", dt.date(1948, 3, 14), "Raadhuisstraat 12, Doetinchem", "anna",
     Purpose.WMO, "Hulp bij het huishouden na een heupoperatie."),
    ("Sanne", "Hoekstra", dt.date(1985, 9, 2), "Dr. Huber Noodtstraat 40, Doetinchem", "anna",
     Purpose.WGS, "Schulden door een huurachterstand; vraagt om schuldhulp."),
    ("Mo", "Benali", dt.date(2013, 6, 21), "Keppelseweg 7, Doetinchem", "anna",
     Purpose.JEUGDWET, "Ouders vragen ondersteuning bij gedragsproblemen op school."),
    ("Pieter", "de Graaf", dt.date(1960, 11, 30), "Terborgseweg 101, Doetinchem", "bram",
     Purpose.WMO, "Woningaanpassing: traplift."),
    ("Lotte", "Kuipers", dt.date(1992, 1, 8), "Varsseveldseweg 55, Doetinchem", "bram",
     Purpose.PARTICIPATIEWET, "Ondersteuning bij het vinden van werk."),
    ("Henk", "Arends", dt.date(1939, 7, 4), "IJsselweg 3, Doetinchem", "coach",
     Purpose.WMO, "Eenzaamheid en hulp bij de boodschappen."),
]
BASIS = {Purpose.WMO: LegalBasis.WMO_TASK, Purpose.JEUGDWET: LegalBasis.JW_TASK,
         Purpose.PARTICIPATIEWET: LegalBasis.PW_OBLIGATION, Purpose.WGS: LegalBasis.WGS_TASK}


def demo_bsns(count: int) -> list[str]:
    found, n = [], 100_000_000
    while len(found) < count:
        n += 7
        if is_valid_bsn(str(n)):
            found.append(str(n))
    return found


class Command(BaseCommand):
    help = "Load the demo organisations, personas, residents and dossiers (idempotent)."

    def handle(self, *args, **options):
        password = settings.DEMO_PASSWORD or (DEFAULT_DEMO_PASSWORD if settings.DEBUG else "")
        if not password:
            raise CommandError("Set DEMO_PASSWORD to load demo users outside DEBUG.")
        with transaction.atomic():
            users = self._people(password)
            self._dossiers(users)
        self.stdout.write("Demo data loaded.")

    def _people(self, password):
        ensure_roles()
        publish_confidentiality_text(text=CONFIDENTIALITY_TEXT)
        orgs = {name: Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0]
                for name, kind in ORGANISATIONS}
        ProcessorAgreement.objects.get_or_create(
            reference="VO-2025-001", defaults={
                "organisation": orgs["Buurtplein B.V."],
                "purposes": [Purpose.WMO, Purpose.JEUGDWET],
                "data_categories": [DataCategory.ORDINARY, DataCategory.HEALTH],
                "security_measures": "BIO-niveau, versleuteling, tweestapsverificatie.",
                "starts_on": dt.date(2025, 1, 1), "ends_on": dt.date(2028, 12, 31),
                "signed_document_name": "Verwerkersovereenkomst Buurtplein 2025 (getekend).pdf"})
        from django.contrib.auth.models import Group

        users = {}
        for username, first, last, org, role, team_name, staff in PERSONAS:
            user, created = User.objects.get_or_create(username=username, defaults={
                "first_name": first, "last_name": last, "organisation": orgs[org], "is_staff": staff})
            if created:
                user.set_password(password)
                user.save()
            user.groups.add(Group.objects.get(name=role))
            if team_name:
                add_to_team(user=user, team=create_team(name=team_name, organisation=orgs[org]))
            users[username] = user
        return users

    def _dossiers(self, users):
        for bsn, row in zip(demo_bsns(len(RESIDENTS)), RESIDENTS, strict=True):
            first, last, born, address, owner, statute, request = row
            if resident_by_bsn(bsn) is not None:
                continue
            resident = create_resident(actor=users[owner], bsn=bsn, first_names=first, surname=last,
                                       date_of_birth=born, address=address)
            owner_user = users[owner]
            team = owner_user.groups.filter(team__isnull=False).first()
            open_case(actor=owner_user, resident=resident, statute=statute,
                      legal_basis=BASIS[statute], request=request,
                      team=team.team if team else None)
        self.stdout.write(f"{Case.objects.count()} dossiers present.")
