from django import forms

from .models import Decision, LifeDomain, ProvisionKind, Statute


def _date(label, *, required=True, help_text="Bijvoorbeeld 14-03-2026.", missing="Vul de datum in."):
    return forms.DateField(label=label, required=required, help_text=help_text,
                           error_messages={"required": missing,
                                           "invalid": "Vul een echte datum in, bijvoorbeeld 14-03-2026."})


def _text(label, *, required=True, missing="", help_text="", rows=3, max_length=4000):
    return forms.CharField(label=label, required=required, help_text=help_text, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": missing,
                                           "max_length": f"Gebruik hoogstens {max_length} tekens."})


class OpenDomainForm(forms.Form):
    use_required_attribute = False
    domain = forms.ChoiceField(label="Welk leefgebied open je?", choices=LifeDomain.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Kies het leefgebied."})
    reason = _text("Waarom is dit leefgebied nodig voor de hulpvraag?", missing=(
        "Leg uit waarom dit leefgebied nodig is voor de hulpvraag."), help_text=(
        "Open alleen leefgebieden die de hulpvraag nodig heeft. Eén zin is genoeg."), rows=2, max_length=500)
    member_case = forms.ChoiceField(label="Over wie gaat dit deel?", required=False, widget=forms.RadioSelect,
                                    help_text="Een deel over één gezinslid zien alleen collega's die aan het "
                                              "dossier van dat gezinslid werken.")

    def __init__(self, *args, case=None, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_case"].choices = [("", "Het hele huishouden"),
                                              (str(case.pk), f"De inwoner van dossier {case.number}")] + [
            (str(c.pk), f"Gezinslid met dossier {c.number}") for c in members]


class SectionForm(forms.Form):
    use_required_attribute = False
    going_well = _text("Wat gaat goed?", required=False)
    goals = _text("Doelen", required=False)
    actions = _text("Acties", required=False)
    who_does_what = _text("Wie doet wat?", required=False, rows=2)
    optional_fields = ("going_well", "goals", "actions", "who_does_what")


class ForwardForm(forms.Form):
    """Maatwerkverzoek doorsturen: nothing is ticked in advance (UX 2, 3.4)."""

    use_required_attribute = False
    statute = forms.ChoiceField(label="Onder welke wet valt het verzoek?", choices=Statute.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": "Kies de wet: Wmo 2015 of Jeugdwet."})
    question = _text("Welke voorziening is nodig, en waarom?",
                     missing="Schrijf op welke voorziening nodig is en waarom.",
                     help_text="Jij beoordeelt dát er een voorziening nodig is. Het Zorgplein beslist welke.")
    notified_on = _date("Datum van de melding", required=False,
                        help_text="Wmo: verplicht. Het onderzoek moet binnen 6 weken na de melding klaar zijn. "
                                  "Bijvoorbeeld 14-03-2026.")
    applied_on = _date("Datum van de aanvraag", required=False,
                       help_text="Jeugdwet: verplicht. Het besluit volgt binnen 2 weken (Wmo) of 8 weken "
                                 "(Jeugdwet) na de aanvraag. Bijvoorbeeld 14-03-2026.")
    parts = forms.MultipleChoiceField(label="Wat stuur je mee naar het Zorgplein?", widget=forms.CheckboxSelectMultiple,
                                      help_text="Kies alleen wat het Zorgplein nodig heeft om te beslissen.",
                                      error_messages={"required": "Kies wat het Zorgplein moet zien om te beslissen."})
    consents = forms.MultipleChoiceField(label="Wie stemt in met het verzoek?", required=False,
                                         widget=forms.CheckboxSelectMultiple)
    consent_on = _date("Datum van instemming", required=False, missing="Vul in wanneer is ingestemd met het verzoek.")
    optional_fields = ("notified_on", "applied_on")

    def __init__(self, *args, options=(), representatives=(), outcome=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"].choices = [(o["key"], o["label"] + (
            f" ({o['category_label']})" if o.get("category_label") else "")) for o in options]
        choices = [("resident", "De inwoner zelf" if outcome is None or outcome.age >= 16 else "Het kind zelf")]
        choices += [(f"rep:{r.pk}", f"{r.name} ({r.get_kind_display().lower()})") for r in representatives]
        self.fields["consents"].choices = choices
        if outcome is not None:
            self.fields["consents"].help_text = outcome.summary


class ResubmitForm(forms.Form):
    use_required_attribute = False
    answer = _text("Je antwoord aan het Zorgplein", missing="Schrijf je antwoord aan het Zorgplein.")
    parts = forms.MultipleChoiceField(label="Wat stuur je mee naar het Zorgplein?", widget=forms.CheckboxSelectMultiple,
                                      help_text="Het Zorgplein ziet daarna alleen wat je nu kiest.",
                                      error_messages={"required": "Kies wat het Zorgplein moet zien om te beslissen."})

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"].choices = [(o["key"], o["label"]) for o in options]


MORE_INFO = "more_info"


class DecisionForm(forms.Form):
    """Verzoek beoordelen (UX 2): the decision with its reasons; nothing pre-selected."""

    use_required_attribute = False
    outcome = forms.ChoiceField(label="Wat is je besluit?", widget=forms.RadioSelect,
                                choices=[*Decision.Outcome.choices, (MORE_INFO, "Meer informatie nodig")],
                                error_messages={"required": "Kies je besluit."})
    reasons = _text("Motivering", missing="Schrijf de motivering van je besluit.", rows=5,
                    help_text="Bij Meer informatie nodig: schrijf op welke informatie je nodig hebt en waarom. "
                              "De motivering komt in de brief aan de inwoner.")
    provision_kind = forms.ChoiceField(label="Soort voorziening", required=False,
                                       choices=[("", "Kies een voorziening"), *ProvisionKind.choices],
                                       help_text="Alleen bij toekennen.")
    scope = forms.CharField(label="Omvang", required=False, max_length=200,
                            help_text="Alleen bij toekennen. Bijvoorbeeld 3 uur per week.")
    period_start = _date("Ingangsdatum", required=False, help_text="Alleen bij toekennen. Bijvoorbeeld 1-04-2026.")
    period_end = _date("Einddatum", required=False, help_text="Bijvoorbeeld 31-03-2027.")
    provider = forms.CharField(label="Aanbieder", required=False, max_length=200)
    optional_fields = ("scope", "period_end", "provider")

    def clean(self):
        data = super().clean()
        granted = data.get("outcome") in (Decision.Outcome.GRANTED, Decision.Outcome.PARTLY_GRANTED)
        if granted and not data.get("provision_kind"):
            self.add_error("provision_kind", "Kies de soort voorziening.")
        if granted and not data.get("period_start") and "period_start" not in self.errors:
            self.add_error("period_start", "Vul de ingangsdatum in.")
        start, end = data.get("period_start"), data.get("period_end")
        if granted and start and end and end < start:
            self.add_error("period_end", "De einddatum moet op of na de ingangsdatum liggen.")
        return data


class CorrectionForm(DecisionForm):
    """A correction is a new decision: the same questions, without "Meer informatie nodig"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = Decision.Outcome.choices
        self.fields["outcome"].label = "Wat is het gecorrigeerde besluit?"
        self.fields["reasons"].help_text = "Schrijf ook wat er aan het eerdere besluit niet klopte. De motivering " \
                                           "komt in de brief aan de inwoner."
