from django import forms

from accounts.models import Team, User
from processors.models import DataCategory, Purpose

from .models import Case, CaseResult, EmergencyAccess, IdentityCheck, LegalBasis, Representation, TransparencyNotice
from .rules import is_valid_bsn, normalise_bsn


class SearchForm(forms.Form):
    use_required_attribute = False
    query = forms.CharField(
        label="BSN, dossiernummer of naam", max_length=100,
        help_text="Een BSN of dossiernummer zoekt exact. Op naam zoek je alleen in je eigen dossiers.",
        error_messages={"required": "Vul een BSN, dossiernummer of naam in."},
    )

    def clean_query(self):
        value = " ".join(self.cleaned_data["query"].split())
        if len(value) < 2:
            raise forms.ValidationError("Vul minstens 2 tekens in.")
        digits = normalise_bsn(value)
        if digits.isdigit() and not is_valid_bsn(digits):
            raise forms.ValidationError("Dit is geen geldig BSN. Controleer de 9 cijfers.")
        return value


class CaseFilterForm(forms.Form):
    use_required_attribute = False
    statute = forms.ChoiceField(label="Wet", required=False,
                                choices=[("", "Alle wetten"), *Purpose.choices])
    status = forms.ChoiceField(label="Status", required=False, choices=[
        ("", "Alle statussen"), (Case.Status.OPEN, "In behandeling"),
        (Case.Status.CLOSED, "Gesloten"), (Case.Status.ARCHIVED, "Gearchiveerd")])
    sort = forms.ChoiceField(label="Sorteren", required=False, choices=[
        ("-opened_at", "Nieuwste eerst"), ("opened_at", "Oudste eerst"), ("number", "Dossiernummer")])


class EmergencyAccessForm(forms.Form):
    use_required_attribute = False
    reason = forms.ChoiceField(
        label="Waarom moet je dit dossier nu openen?", choices=EmergencyAccess.Reason.choices,
        widget=forms.RadioSelect, error_messages={"required": "Kies een reden."},
    )
    explanation = forms.CharField(
        label="Toelichting", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000,
        help_text="Noem geen gegevens die niet nodig zijn.",
        error_messages={"required": "Licht toe waarom dit nu nodig is."},
    )


class EmergencyReviewForm(forms.Form):
    use_required_attribute = False
    decision = forms.ChoiceField(
        label="Wat is je oordeel over deze toegang?", widget=forms.RadioSelect,
        choices=[("accepted", "Akkoord: de reden past bij het werk"),
                 ("escalated", "Escaleren: bespreken met de leidinggevende")],
        error_messages={"required": "Kies akkoord of escaleren."},
    )
    comment = forms.CharField(label="Toelichting", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000,
                              error_messages={"required": "Schrijf kort op waarom je tot dit oordeel komt."})
def _date(label, *, required=True, help_text="Bijvoorbeeld 14-03-2025.", missing="Vul de datum in.",
          invalid="Vul een echte datum in, bijvoorbeeld 14-03-2025."):
    return forms.DateField(label=label, required=required, help_text=help_text,
                           error_messages={"required": missing, "invalid": invalid})


class OpenCaseForm(forms.Form):
    """Open a dossier: find the resident by BSN, or create them (P-2.1.5, P-2.1.1)."""

    use_required_attribute = False
    bsn = forms.CharField(label="BSN van de inwoner", max_length=20,
                          help_text="9 cijfers. Spaties, punten en streepjes mogen.",
                          error_messages={"required": "Vul het BSN van de inwoner in."})
    first_names = forms.CharField(label="Voornamen", max_length=200, required=False,
                                  help_text="Alleen nodig als de inwoner nog niet bekend is.")
    surname = forms.CharField(label="Achternaam", max_length=200, required=False,
                              help_text="Alleen nodig als de inwoner nog niet bekend is.")
    date_of_birth = _date("Geboortedatum", required=False,
                          help_text="Alleen nodig als de inwoner nog niet bekend is. Bijvoorbeeld 14-03-1980.")
    statute = forms.ChoiceField(label="Onder welke wet valt de hulpvraag?", choices=Purpose.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": "Kies de wet waaronder de hulpvraag valt."})
    legal_basis = forms.ChoiceField(label="Grondslag", choices=LegalBasis.choices, widget=forms.RadioSelect,
                                    help_text="De grondslag moet bij de wet passen.",
                                    error_messages={"required": "Kies de grondslag."})
    request_text = forms.CharField(label="Hulpvraag", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
                                   help_text="Beschrijf alleen wat nodig is om de vraag te behandelen.",
                                   error_messages={"required": "Beschrijf de hulpvraag van de inwoner."})
    team = forms.ModelChoiceField(label="Team", queryset=Team.objects.none(), required=False,
                                  empty_label="Geen team")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["team"].queryset = Team.objects.filter(group__in=user.groups.all())


class IdentityCheckForm(forms.Form):
    use_required_attribute = False
    document_type = forms.ChoiceField(
        label="Met welk document is de identiteit gecontroleerd?", choices=IdentityCheck.DocumentType.choices,
        widget=forms.RadioSelect, error_messages={"required": "Kies het soort identiteitsbewijs."},
        help_text="Maak geen kopie van het document en noteer het nummer niet.")
    checked_on = _date("Datum van de controle", missing="Vul de datum van de identiteitscontrole in.")


class HouseholdMemberForm(forms.Form):
    """Choose, among one's own dossiers, the resident who lives in this household."""
    use_required_attribute = False
    member_case = forms.TypedChoiceField(
        label="Wie hoort bij dit huishouden?", coerce=int, widget=forms.RadioSelect,
        help_text="Je kiest uit de inwoners van dossiers waarin je werkt.",
        error_messages={"required": "Kies de inwoner die bij dit huishouden hoort.",
                        "invalid_choice": "Kies een van de inwoners uit de lijst."})

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_case"].choices = list(options)


class RepresentativeForm(forms.Form):
    use_required_attribute = False
    kind = forms.ChoiceField(label="Wat voor vertegenwoordiger is dit?", choices=Representation.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Kies wat voor vertegenwoordiger dit is."})
    name = forms.CharField(label="Naam", max_length=200,
                           error_messages={"required": "Vul de naam van de vertegenwoordiger in."})
    custody_verified = forms.BooleanField(
        label="Ik heb het gezag of de benoeming gecontroleerd (gezagsregister of uitspraak)", required=False)


class RepresentationFactsForm(forms.Form):
    use_required_attribute = False
    incapacitated = forms.BooleanField(label="De inwoner kan zijn belangen niet goed overzien", required=False)
    custodial_parents_disagree = forms.BooleanField(label="De ouders met gezag zijn het niet eens",
                                                    required=False)
    client_support_offered_on = _date(
        "Cliëntondersteuning aangeboden op", required=False,
        help_text="Verplicht als een volwassen inwoner zijn belangen niet kan overzien. Bijvoorbeeld 14-03-2025.")


class NoteForm(forms.Form):
    use_required_attribute = False
    text = forms.CharField(label="Notitie", widget=forms.Textarea(attrs={"rows": 5}), max_length=10000,
                           help_text="Schrijf alleen op wat nodig is voor de hulpvraag.",
                           error_messages={"required": "Schrijf de notitie."})
    category = forms.ChoiceField(label="Om wat voor gegevens gaat het?", choices=DataCategory.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "Kies om wat voor gegevens het gaat."})
    justification = forms.CharField(label="Waarom zijn deze bijzondere gegevens nodig?", required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                                    help_text="Verplicht bij gezondheid, strafrechtelijke en andere bijzondere "
                                              "gegevens.")
    is_working_note = forms.BooleanField(label="Dit is een werkaantekening (wordt verwijderd bij afsluiten)",
                                         required=False, initial=True)


class DocumentForm(forms.Form):
    use_required_attribute = False
    file = forms.FileField(label="Bestand", help_text="PDF, PNG of JPEG, hoogstens 10 MB.",
                           error_messages={"required": "Kies een bestand.", "empty": "Het bestand is leeg."})
    name = forms.CharField(label="Omschrijving", max_length=200,
                           help_text="Bijvoorbeeld ‘indicatieadvies’. Zet er geen BSN in.",
                           error_messages={"required": "Vul een omschrijving in."})
    category = forms.ChoiceField(label="Om wat voor gegevens gaat het?", choices=DataCategory.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "Kies om wat voor gegevens het gaat."})
    justification = forms.CharField(label="Waarom zijn deze bijzondere gegevens nodig?", required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                                    help_text="Verplicht bij gezondheid, strafrechtelijke en andere bijzondere "
                                              "gegevens.")


class ReductionForm(forms.Form):
    use_required_attribute = False
    kept_file = forms.FileField(label="Het deel dat je bewaart", help_text="PDF, PNG of JPEG, hoogstens 10 MB.",
                                error_messages={"required": "Kies het bestand met het deel dat nodig is."})
    kind = forms.CharField(label="Wat voor dossier was het?", max_length=100,
                           help_text="Bijvoorbeeld ‘medisch dossier huisarts’.",
                           error_messages={"required": "Vul in wat voor dossier het was."})
    pages_removed = forms.IntegerField(label="Hoeveel pagina's heb je weggelaten?", min_value=0,
                                       max_value=100_000,  # services.MAX_PAGES_REMOVED
                                       error_messages={"required": "Vul in hoeveel pagina's je hebt weggelaten.",
                                                       "invalid": "Vul een getal in.",
                                                       "min_value": "Vul 0 of meer in.",
                                                       "max_value": "Vul een aantal pagina's tot 100.000 in."})


class TransparencyForm(forms.Form):
    use_required_attribute = False
    kind = forms.ChoiceField(label="Is de inwoner geïnformeerd over doel en noodzaak?",
                             choices=TransparencyNotice.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Kies of de inwoner is geïnformeerd."})
    informed_on = _date("Geïnformeerd op", required=False, help_text="Alleen als de inwoner is geïnformeerd.")
    method = forms.ChoiceField(label="Hoe is de inwoner geïnformeerd?", required=False,
                               choices=TransparencyNotice.Method.choices, widget=forms.RadioSelect)
    unless_reason = forms.ChoiceField(label="Waarom informeer je de inwoner niet vooraf?", required=False,
                                      choices=TransparencyNotice.UnlessReason.choices, widget=forms.RadioSelect)
    risk = forms.CharField(label="Welk veiligheidsrisico of zwaarwegend belang maakt dit nodig?", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    weighing = forms.CharField(label="Hoe heb je de belangen van spreken en zwijgen afgewogen?", required=False,
                               widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    sharing = forms.CharField(label="Wie krijgt welke informatie?", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class MissingInformationForm(forms.Form):
    use_required_attribute = False
    description = forms.CharField(label="Welke informatie ontbreekt?", widget=forms.Textarea(attrs={"rows": 3}),
                                  max_length=2000, help_text="Deze tekst komt in de brief aan de inwoner.",
                                  error_messages={"required": "Beschrijf welke informatie ontbreekt."})
    asked_on = _date("Gevraagd op", missing="Vul in wanneer je de informatie hebt gevraagd.")
    refused = forms.BooleanField(label="De inwoner weigert de informatie te geven", required=False)


class AssignForm(forms.Form):
    use_required_attribute = False
    caseworker = forms.ModelChoiceField(label="Consulent", queryset=User.objects.none(), required=False,
                                        empty_label="Geen consulent")
    team = forms.ModelChoiceField(label="Team", queryset=Team.objects.none(), required=False,
                                  empty_label="Geen team")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(group__in=user.groups.all()) if user else Team.objects.none()
        self.fields["team"].queryset = teams
        self.fields["caseworker"].queryset = User.objects.filter(
            groups__in=[t.group_id for t in teams], is_active=True).distinct().order_by("last_name")
        self.fields["caseworker"].label_from_instance = lambda u: u.get_full_name() or u.username


class CloseCaseForm(forms.Form):
    use_required_attribute = False
    result = forms.ChoiceField(label="Wat is het resultaat?", choices=CaseResult.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Kies het resultaat."})
