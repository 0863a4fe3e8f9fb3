from django import forms

from processors.models import Purpose

from .models import Case, EmergencyAccess
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
