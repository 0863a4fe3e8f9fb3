"""Input shape and field validation for the signal screens (rules stay in services/rules)."""

from django import forms

from accounts.models import Organisation
from cases.rules import is_valid_bsn, normalise_bsn
from core.dates import today

from . import rules
from .models import CaseMeeting, Category, Severity, Signal, SourceKind

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d %m %Y"]


class IntakeForm(forms.Form):
    """A signal registered by hand (professional, network, VIR, file comparison)."""

    use_required_attribute = False
    source_kind = forms.ChoiceField(label="Van wie komt het signaal?", widget=forms.RadioSelect,
                                    choices=[c for c in SourceKind.choices if c[0] != SourceKind.AUTOMATED_FEED],
                                    error_messages={"required": "Kies van wie het signaal komt."})
    category = forms.ChoiceField(label="Soort signaal", choices=[("", "Kies een soort"), *Category.choices],
                                 error_messages={"required": "Kies de soort signaal."})
    partner = forms.ModelChoiceField(label="Ketenpartner", required=False,
                                     queryset=Organisation.objects.exclude(kind=Organisation.Kind.MUNICIPALITY),
                                     empty_label="Geen ketenpartner")
    content = forms.CharField(label="Wat is het signaal?", widget=forms.Textarea(attrs={"rows": 5}),
                              max_length=5000, help_text="Noem alleen wat nodig is om het signaal te beoordelen.",
                              error_messages={"required": "Beschrijf het signaal.",
                                              "max_length": "Beschrijf het signaal in hooguit 5000 tekens."})
    subject_name = forms.CharField(label="Naam van de inwoner", required=False, max_length=200)
    subject_bsn = forms.CharField(label="BSN van de inwoner", required=False, max_length=20,
                                  help_text="9 cijfers; spaties, punten of streepjes mogen.")

    def clean_subject_bsn(self):
        bsn = normalise_bsn(self.cleaned_data["subject_bsn"])
        if bsn and not is_valid_bsn(bsn):
            raise forms.ValidationError("Dit BSN is niet geldig. Controleer de 9 cijfers.")
        return bsn


class AssessmentForm(forms.Form):
    """One question with three answers (UX 'Signaal beoordelen'); nothing pre-selected."""

    EVIDENTLY_WRONG, NO_ACTION, TAKE_UP = "evidently_wrong", "no_action", "take_up"
    use_required_attribute = False
    decision = forms.ChoiceField(
        label="Wat doe je met dit signaal?", widget=forms.RadioSelect,
        choices=[(EVIDENTLY_WRONG, "Kennelijk onjuist: het signaal wordt vernietigd"),
                 (NO_ACTION, "Geen actie: het signaal wordt bewaard tot een datum"),
                 (TAKE_UP, "Oppakken: het signaal koppelen aan een inwoner")],
        error_messages={"required": "Kies wat je met dit signaal doet."})
    severity = forms.ChoiceField(label="Hoe ernstig is het signaal?", widget=forms.RadioSelect,
                                 choices=Severity.choices, required=False,
                                 help_text="Hoe minder ernstig, hoe minder gegevens je vastlegt.")
    retain_until = forms.DateField(label="Bewaren tot", required=False, widget=DATE_INPUT,
                                   input_formats=DATE_FORMATS,
                                   help_text="Bij geen actie, of bij oppakken zonder dossier. "
                                             "Hooguit één jaar vanaf vandaag.",
                                   error_messages={"invalid": "Vul de bewaardatum in als dag-maand-jaar."})
    resident_bsn = forms.CharField(label="BSN van de inwoner", required=False, max_length=20,
                                   help_text="Alleen bij oppakken. De inwoner moet al bekend zijn.")
    case_number = forms.CharField(label="Dossiernummer", required=False, max_length=20,
                                  help_text="Alleen bij oppakken, als er al een dossier is. Bijvoorbeeld D-2026-0012.")

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision in (self.NO_ACTION, self.TAKE_UP) and not data.get("severity"):
            self.add_error("severity", "Kies hoe ernstig het signaal is.")
        without_case = not data.get("case_number", "").strip()
        needs_date = decision == self.NO_ACTION or (decision == self.TAKE_UP and without_case)
        if needs_date and "retain_until" not in self.errors:
            problem = rules.retention_problem(data.get("retain_until"), today=today())
            if problem:
                self.add_error("retain_until", problem)
        if decision == self.TAKE_UP:
            bsn = normalise_bsn(data.get("resident_bsn", ""))
            if not bsn:
                self.add_error("resident_bsn", "Vul het BSN in van de inwoner bij wie dit signaal hoort.")
            elif not is_valid_bsn(bsn):
                self.add_error("resident_bsn", "Dit BSN is niet geldig. Controleer de 9 cijfers.")
            data["resident_bsn"] = bsn
        return data


class QueueFilterForm(forms.Form):
    use_required_attribute = False
    status = forms.ChoiceField(label="Status", required=False, choices=Signal.Status.choices)
    bron = forms.ChoiceField(label="Bron", required=False, choices=[("", "Alle bronnen"), *SourceKind.choices])


class MeetingForm(forms.Form):
    SAVE, CLOSE = "opslaan", "afsluiten"
    use_required_attribute = False
    held_on = forms.DateField(label="Datum van het overleg", widget=DATE_INPUT, input_formats=DATE_FORMATS,
                              error_messages={"required": "Vul de datum van het overleg in.",
                                              "invalid": "Vul de datum van het overleg in als dag-maand-jaar."})
    organisations = forms.ModelMultipleChoiceField(
        label="Welke organisaties doen mee?", queryset=Organisation.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Kies minstens één deelnemende organisatie."})
    presence = forms.ChoiceField(label="Is de inwoner bij het overleg?", widget=forms.RadioSelect, required=False,
                                 choices=CaseMeeting.Presence.choices)
    absence_reason = forms.ChoiceField(label="Waarom is de inwoner er niet bij?", widget=forms.RadioSelect,
                                       required=False, choices=CaseMeeting.AbsenceReason.choices,
                                       help_text="Alleen als de inwoner er niet bij is.")
    absence_explanation = forms.CharField(label="Toelichting", required=False, max_length=1000,
                                          widget=forms.Textarea(attrs={"rows": 3}))
    informed_on = forms.DateField(label="Wanneer is de inwoner verteld dat het overleg over hem of haar gaat?",
                                  required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS,
                                  error_messages={"invalid": "Vul de datum in als dag-maand-jaar."})

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        if value and abs((value - today()).days) > 3660:
            raise forms.ValidationError("Vul een datum van het overleg in binnen tien jaar van vandaag.")
        return value

    def clean_closing(self):
        """The same rule as the service (the service refuses too)."""
        data = self.cleaned_data
        problem = rules.meeting_closure_problem(
            presence=data.get("presence", ""), absence_reason=data.get("absence_reason", ""),
            informed_on=data.get("informed_on"), today=today())
        if problem:
            field = "presence"
            if data.get("presence") == "absent":
                field = "absence_reason" if not data.get("absence_reason") else "informed_on"
            self.add_error(field, problem)
        return not problem

