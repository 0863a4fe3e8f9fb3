import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.harm import HarmLevel

from .models import Breach

_DT = {"type": "datetime-local"}
_DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]
_DT_ERRORS = {"invalid": "Vul een geldige datum en tijd in, bijvoorbeeld 13-5-2025 14:05."}


class BreachForm(forms.ModelForm):
    discovered_at = forms.DateTimeField(
        label="Ontdekt op", input_formats=_DT_FORMATS, widget=forms.DateTimeInput(attrs=_DT, format=_DT_FORMATS[0]),
        help_text="Het moment waarop de gemeente het lek ontdekte. De termijn van 72 uur loopt vanaf hier.",
        error_messages={"required": "Vul in wanneer het lek is ontdekt.", **_DT_ERRORS})
    description = forms.CharField(
        label="Wat is er gebeurd?", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
        error_messages={"required": "Beschrijf wat er is gebeurd.",
                        "max_length": "De omschrijving is te lang: gebruik hoogstens 4000 tekens."})
    harm_level = forms.ChoiceField(
        label="Ernst van de schade voor inwoners", choices=HarmLevel.choices, widget=forms.RadioSelect,
        error_messages={"required": "Kies de ernst van de schade."})
    compromised_user = forms.ModelChoiceField(
        label="Misbruikt account (optioneel)", required=False,
        queryset=get_user_model().objects.order_by("username"),
        help_text="Met een venster berekent het systeem uit het toegangslogboek welke inwoners geraakt zijn.")
    window_start = forms.DateTimeField(label="Venster vanaf (optioneel)", required=False, input_formats=_DT_FORMATS,
                                       widget=forms.DateTimeInput(attrs=_DT, format=_DT_FORMATS[0]),
                                       error_messages=_DT_ERRORS)
    window_end = forms.DateTimeField(label="Venster tot (optioneel)", required=False, input_formats=_DT_FORMATS,
                                     widget=forms.DateTimeInput(attrs=_DT, format=_DT_FORMATS[0]),
                                     error_messages=_DT_ERRORS)
    submission_key = forms.UUIDField(required=False, initial=uuid.uuid4, widget=forms.HiddenInput)

    class Meta:
        model = Breach
        fields = ["discovered_at", "description", "harm_level", "no_risk_reason",
                  "compromised_user", "window_start", "window_end"]
        widgets = {"no_risk_reason": forms.Textarea(attrs={"rows": 2})}

    def clean_discovered_at(self):
        value = self.cleaned_data["discovered_at"]
        if value > timezone.now():
            raise forms.ValidationError("Het moment van ontdekken kan niet in de toekomst liggen.")
        return value

    def clean(self):
        data = super().clean()
        if data.get("no_risk_reason", "").strip() and data.get("harm_level") not in (None, HarmLevel.LOW):
            self.add_error("no_risk_reason", "Alleen bij lage ernst kan melden achterwege blijven. "
                                             "Maak dit veld leeg of kies ernst laag.")
        user, start, end = data.get("compromised_user"), data.get("window_start"), data.get("window_end")
        if (start or end) and not (start and end):
            self.add_error("window_end" if start else "window_start",
                           "Vul zowel het begin als het einde van het venster in.")
        if (start or end) and not user:
            self.add_error("compromised_user", "Kies het account waar het venster bij hoort.")
        if start and end and end < start:
            self.add_error("window_end", "Het einde van het venster ligt vóór het begin.")
        return data


class ReportedForm(forms.Form):
    reported_at = forms.DateTimeField(
        label="Gemeld bij de Autoriteit Persoonsgegevens op", input_formats=_DT_FORMATS,
        widget=forms.DateTimeInput(attrs=_DT, format=_DT_FORMATS[0]),
        error_messages={"required": "Vul in wanneer het lek is gemeld.", **_DT_ERRORS})

    def clean_reported_at(self):
        value = self.cleaned_data["reported_at"]
        if value > timezone.now():
            raise forms.ValidationError("Het moment van melden kan niet in de toekomst liggen.")
        return value


class AccessLogFilterForm(forms.Form):
    """The FG's access-log report: a period and at least one filter (UX 'FG'). Sent by POST so
    that a BSN never appears in a URL; the resolved filter lives in the session."""

    KIND_CHOICES = [("", "Alles"), ("refused", "Alleen weigeringen"), ("emergency", "Alleen buiten toewijzing"),
                    ("export", "Alleen exports")]
    start = forms.DateField(label="Van", widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"required": "Vul de begindatum van de periode in.",
                                            "invalid": "Vul een geldige datum in, bijvoorbeeld 3-6-2026."})
    end = forms.DateField(label="Tot en met", widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages={"required": "Vul de einddatum van de periode in.",
                                          "invalid": "Vul een geldige datum in, bijvoorbeeld 3-6-2026."})
    user = forms.ModelChoiceField(label="Medewerker", required=False,
                                  queryset=get_user_model().objects.order_by("username"),
                                  error_messages={"invalid_choice": "Kies een medewerker uit de lijst."})
    case_number = forms.CharField(label="Dossiernummer", required=False, max_length=20)
    bsn = forms.CharField(label="BSN van de inwoner", required=False, max_length=20,
                          widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))
    kind = forms.ChoiceField(label="Soort", required=False, choices=KIND_CHOICES)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "De einddatum ligt vóór de begindatum.")
        if not (data.get("user") or data.get("case_number", "").strip() or data.get("bsn", "").strip()
                or data.get("kind")):
            raise forms.ValidationError("Kies naast de periode ten minste één filter: medewerker, dossiernummer, "
                                        "BSN of soort.")
        return data


class RightsRequestForm(forms.Form):
    kind = forms.ChoiceField(label="Soort verzoek", widget=forms.RadioSelect,
                             choices=[("inzage", "Inzage (AVG art. 15)"),
                                      ("rectificatie", "Rectificatie (AVG art. 16)")],
                             error_messages={"required": "Kies de soort verzoek."})
    bsn = forms.CharField(label="BSN van de inwoner", max_length=20,
                          widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
                          error_messages={"required": "Vul het BSN van de inwoner in."})
    received_on = forms.DateField(label="Ontvangen op", widget=forms.DateInput(attrs={"type": "date"}),
                                  error_messages={"required": "Vul in wanneer het verzoek binnenkwam.",
                                                  "invalid": "Vul een geldige datum in, bijvoorbeeld 3-6-2026."})

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("De datum van ontvangst kan niet in de toekomst liggen.")
        return value


class PeriodForm(forms.Form):
    start = forms.DateField(label="Van", widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"required": "Vul de begindatum in.",
                                            "invalid": "Vul een geldige datum in, bijvoorbeeld 3-6-2026."})
    end = forms.DateField(label="Tot en met", widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages={"required": "Vul de einddatum in.",
                                          "invalid": "Vul een geldige datum in, bijvoorbeeld 3-6-2026."})

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "De einddatum ligt vóór de begindatum.")
        return data


class RectificationOutcomeForm(forms.Form):
    """L-16: the outcome of a rectification request; the rules live in desk.services."""

    outcome = forms.ChoiceField(
        label="Uitkomst", widget=forms.RadioSelect,
        choices=[("gecorrigeerd", "Gecorrigeerd: de gegevens zijn aangepast zoals gevraagd"),
                 ("deels", "Gedeeltelijk gecorrigeerd"),
                 ("afgewezen", "Afgewezen")],
        error_messages={"required": "Kies de uitkomst van het verzoek."})
    answered_on = forms.DateField(
        label="Antwoord aan de inwoner verstuurd op", widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Vul in wanneer de inwoner antwoord kreeg.",
                        "invalid": "Vul een geldige datum in, bijvoorbeeld 3-6-2026."})
    note = forms.CharField(
        label="Reden (verplicht bij gedeeltelijk of afgewezen)", required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Schrijf geen gegevens over in dit veld; noem wat niet is aangepast en waarom.",
        error_messages={"max_length": "De reden is te lang: gebruik hoogstens 4000 tekens."})


class RectificationExtendForm(forms.Form):
    reason = forms.CharField(
        label="Waarom is meer tijd nodig?", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="De termijn wordt twee maanden langer (AVG art. 12 lid 3). Laat de inwoner dit binnen "
                  "de eerste maand weten, met deze reden.",
        error_messages={"required": "Schrijf op waarom meer tijd nodig is.",
                        "max_length": "De reden is te lang: gebruik hoogstens 2000 tekens."})
