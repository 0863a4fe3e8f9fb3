"""Roles are auth groups with these names (DESIGN.md 'Who uses it')."""

CASEWORKER = "consulent"
COACH = "buurtcoach"
REVIEWER = "zorgplein"
TEAM_LEAD = "teamleider"
AF = "aandachtsfunctionaris"
ARCHIVIST = "archiefmedewerker"
PRIVACY_OFFICER = "fg"
ADMINISTRATOR = "functioneel-beheerder"
INTAKE = "intake"

LABELS = {
    CASEWORKER: "Consulent",
    COACH: "Buurtcoach",
    REVIEWER: "Zorgplein-medewerker",
    TEAM_LEAD: "Teamleider",
    AF: "Aandachtsfunctionaris",
    ARCHIVIST: "Archiefmedewerker",
    PRIVACY_OFFICER: "Functionaris gegevensbescherming",
    ADMINISTRATOR: "Functioneel beheerder",
    INTAKE: "Intaketeam signalen",
}
ALL = tuple(LABELS)
# Roles that may open a dossier outside their assignment with a stated reason (UX 3.10).
EMERGENCY_ACCESS_ROLES = frozenset({CASEWORKER, TEAM_LEAD})
