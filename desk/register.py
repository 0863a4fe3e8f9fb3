"""Which processing activity (L-30) a processing falls under: a pure mapping, no database.

A dossier is processed under the activity of its statute. An access-log entry is processed
under the activity its purpose code names: DOSSIER means "the activity of the dossier's
statute"; signals and the FG's oversight have their own activity. A new purpose code that is
not classified here fails tests/desk/test_register.py.
"""

from processors.models import Purpose

WMO, JEUGDWET, PARTICIPATIEWET, WGS = "wmo", "jeugdwet", "participatiewet", "wgs"
SIGNALS, ACCESS_LOG = "signalen", "toegangslogboek"
ACTIVITY_CODES = (WMO, JEUGDWET, PARTICIPATIEWET, WGS, SIGNALS, ACCESS_LOG)

STATUTE_ACTIVITY = {
    Purpose.WMO: WMO,
    Purpose.JEUGDWET: JEUGDWET,
    Purpose.PARTICIPATIEWET: PARTICIPATIEWET,
    Purpose.WGS: WGS,
}

DOSSIER = "dossier"
_DOSSIER_PURPOSES = (
    "dossier", "afsluiten", "beoordelingswachtrij", "besluit_corrigeren", "besluit_downloaden",
    "bezwaar_besluiten", "bezwaar_gegevensverwerking", "bezwaren_gegevensverwerking",
    "brief_ontbrekende_informatie", "consultatie", "consultatie_vragen", "document_downloaden",
    "document_toevoegen", "documenten", "doorgestuurd_document", "dossier_opschonen", "dossier_overzicht",
    "dossier_tijdlijn",
    "dossier_vernietigen", "dossierlijst", "gezinsplan", "gezinsplan_wijzigen", "huishouden", "huishouden_wijzigen",
    "identiteit_vastleggen", "informeren", "informeren_vastleggen", "inwoner_en_identiteit", "inzage_overzicht",
    "leefgebied_openen", "maatwerkverzoek_aanvullen", "maatwerkverzoek_doorsturen", "maatwerkverzoek_oppakken",
    "medisch_dossier_reduceren", "meldcode", "memo_downloaden", "memo_openen", "mijn_werk", "notitie_toevoegen",
    "notities", "ontbrekend_ontvangen", "ontbrekend_vastleggen", "ontbrekende_informatie", "opschonen",
    "toegang_buiten_toewijzing", "toewijzen", "verstrekking", "verstrekking_inwoner_geinformeerd",
    "verstrekking_vastleggen", "verstrekkingen", "vertegenwoordiger_vastleggen", "vertegenwoordiging_beoordelen",
    "wettelijk_verzoek", "wettelijk_verzoek_beantwoorden", "wettelijk_verzoek_registreren", "zoeken",
)
_SIGNAL_PURPOSES = (
    "casusoverleg", "signaal_beoordelen", "signaal_inzien", "signaal_registreren", "signaal_vernietigen",
    "signaalbronnen", "signalen_wachtrij",
)
_OVERSIGHT_PURPOSES = (
    "fg_verstrekkingen", "fg_toegangslogboek", "fg_rapport", "fg_inzageverzoek",
)

LOG_PURPOSE_ACTIVITY = {
    **dict.fromkeys(_DOSSIER_PURPOSES, DOSSIER),
    **dict.fromkeys(_SIGNAL_PURPOSES, SIGNALS),
    **dict.fromkeys(_OVERSIGHT_PURPOSES, ACCESS_LOG),
}


def activity_for_statute(statute: str) -> str:
    return STATUTE_ACTIVITY[statute]


def activity_for_log_entry(purpose: str, statute: str | None = None) -> str | None:
    """The activity code of one access-log entry; None for an unknown code or a dossier
    purpose without the dossier's statute."""
    kind = LOG_PURPOSE_ACTIVITY.get(purpose)
    if kind == DOSSIER:
        return STATUTE_ACTIVITY.get(statute) if statute else None
    return kind
