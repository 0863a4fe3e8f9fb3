"""L-30: one processing activity per statute and purpose. Codes match desk.register."""

from django.db import migrations

SECURITY = ("Tweefactorauthenticatie; toegang alleen na toewijzing of met reden (buiten toewijzing, "
            "getoetst door de FG); identificerende gegevens versleuteld opgeslagen; elke inzage gelogd "
            "in een manipulatiebestendig toegangslogboek; verwerkers alleen met verwerkersovereenkomst.")
DOSSIER_DATA = ("Identificerende gegevens en BSN, contactgegevens, gezinssituatie, aanvraag en besluit, "
                "werkaantekeningen, documenten; bijzondere gegevens (gezondheid) alleen waar de wet dat vraagt.")

ACTIVITIES = [
    ("wmo", "Maatschappelijke ondersteuning (Wmo 2015)",
     "Onderzoek naar en verstrekken van maatwerkvoorzieningen en ondersteuning.",
     "AVG art. 6 lid 1 onder c en e; Wmo 2015 art. 2.3.2 en hoofdstuk 5 (BSN: art. 5.2.1).",
     DOSSIER_DATA, "Inwoners die ondersteuning vragen, hun gezinsleden en vertegenwoordigers.",
     "Buurtplein B.V. (verwerker), zorgaanbieders, het Zorgplein, Veilig Thuis bij een melding.",
     "15 jaar na afsluiten (Wmo 2015 art. 5.3.4; Selectielijst 2020 8.1.1)."),
    ("jeugdwet", "Jeugdhulp (Jeugdwet)",
     "Toegang tot en verstrekken van jeugdhulp.",
     "AVG art. 6 lid 1 onder c en e; Jeugdwet art. 2.3 en hoofdstuk 7.",
     DOSSIER_DATA, "Jeugdigen, hun ouders of verzorgers en gezinsleden.",
     "Buurtplein B.V. (verwerker), jeugdhulpaanbieders, gecertificeerde instellingen, Veilig Thuis.",
     "20 jaar na afsluiten bij toekenning (Selectielijst 2020 8.1.2); 5 jaar bij afwijzing."),
    ("participatiewet", "Werk en inkomen (Participatiewet)",
     "Bijstand, re-integratie en arbeidsondersteuning.",
     "AVG art. 6 lid 1 onder c en e; Participatiewet art. 64 en hoofdstuk 6.",
     DOSSIER_DATA + " Inkomens- en vermogensgegevens.", "Aanvragers van bijstand en hun gezinsleden.",
     "Laborijn (verwerker), UWV, Belastingdienst (wettelijke verstrekkingen).",
     "10 jaar na afsluiten bij toekenning (Selectielijst 2020 8.1); 5 jaar bij afwijzing."),
    ("wgs", "Schuldhulpverlening (Wgs)",
     "Schuldhulpverlening en vroegsignalering van schulden.",
     "AVG art. 6 lid 1 onder c en e; Wet gemeentelijke schuldhulpverlening art. 3 en 7.",
     DOSSIER_DATA + " Schulden en schuldeisers.", "Inwoners met schulden en hun gezinsleden.",
     "Schuldeisers (met toestemming of op wettelijke grond), budgetbeheerders.",
     "5 jaar na afsluiten (Selectielijst 2020 8.1.9)."),
    ("signalen", "Intake van signalen",
     "Beoordelen van signalen van partners (vroegsignalering) voordat een dossier wordt geopend.",
     "AVG art. 6 lid 1 onder e; Wgs art. 3 lid 4 (vroegsignalering), Wmo 2015 art. 2.3.2.",
     "BSN, soort signaal, bron, korte omschrijving.", "Inwoners over wie een partner een signaal afgeeft.",
     "Geen ontvangers buiten het intaketeam; casusoverleg alleen met betrokken partners.",
     "Vernietigd na beoordeling als er geen dossier volgt; uiterlijk na de bewaartermijn voor signalen."),
    ("toegangslogboek", "Toegangslogboek en toezicht",
     "Verantwoorden wie welke gegevens inzag, en toezicht door de functionaris gegevensbescherming.",
     "AVG art. 5 lid 2, art. 32 en art. 6 lid 1 onder c; NEN 7513 als norm.",
     "Wie, wanneer, welk dossier of welke inwoner (als nummer), in welke rol en waarom; geen namen of BSN.",
     "Medewerkers en inwoners van wie gegevens zijn ingezien.",
     "Alleen de functionaris gegevensbescherming; de Autoriteit Persoonsgegevens bij een datalek.",
     "5 jaar, daarna in één keer verwijderd met een controlepunt in de keten."),
]
FIELDS = ("code", "name", "purpose", "legal_basis", "data_categories", "resident_categories", "recipients",
          "retention")


def seed(apps, schema_editor):
    activity = apps.get_model("desk", "ProcessingActivity")
    for row in ACTIVITIES:
        values = dict(zip(FIELDS, row, strict=True))
        activity.objects.update_or_create(code=values.pop("code"),
                                          defaults={**values, "security_measures": SECURITY})


class Migration(migrations.Migration):
    dependencies = [("desk", "0002_processing_activity")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
