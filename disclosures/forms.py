"""Input shape and field validation only; the rules live in services.py (and are repeated as
questions here so that nothing is assumed: UX 3.4, no answer pre-selected)."""

import uuid

from django import forms
from django.contrib.auth import get_user_model

from accounts import roles
from accounts.models import Organisation
from processors.models import DataCategory

from . import items as dossier_items
from .models import STATUTORY_GROUNDS, ClientInformedDecision, LegalGround, Objection

DATE_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d %m %Y", "%d.%m.%Y", "%d/%m/%Y"]
OUTGOING_GROUNDS = [(v, label) for v, label in LegalGround.choices if v != LegalGround.WPG]
STATUTORY_CHOICES = [(v, label) for v, label in LegalGround.choices if v in STATUTORY_GROUNDS]


def date_field(label, *, required=False, help_text="Bijvoorbeeld 14-03-2026.", missing=""):
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS, help_text=help_text,
                           widget=forms.DateInput(format="%d-%m-%Y", attrs={"inputmode": "numeric"}),
                           error_messages={"invalid": "Vul een datum in zoals 14-03-2026.",
                                           "required": missing or "Vul de datum in."})


def text_field(label, *, required=False, help_text="", missing=""):
    return forms.CharField(label=label, required=required, max_length=4000, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": missing or f"Vul in: {label.lower()}."})


class RecipientChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display().lower()})"


class DisclosureForm(forms.Form):
    use_required_attribute = False
    submission_key = forms.UUIDField(required=False, initial=uuid.uuid4, widget=forms.HiddenInput)
    recipient = RecipientChoice(
        label="Aan welke organisatie verstrek je de gegevens?", empty_label="Kies een organisatie",
        queryset=Organisation.objects.exclude(kind=Organisation.Kind.MUNICIPALITY),
        error_messages={"required": "Kies de organisatie die de gegevens ontvangt.",
                        "invalid_choice": "Kies een organisatie uit de lijst."})
    legal_ground = forms.ChoiceField(label="Op welke grond verstrek je deze gegevens?", choices=OUTGOING_GROUNDS,
                                     widget=forms.RadioSelect,
                                     error_messages={"required": "Kies de grondslag voor deze verstrekking."})
    items = forms.MultipleChoiceField(
        label="Welke gegevens verstrek je?", choices=dossier_items.choices, widget=forms.CheckboxSelectMultiple,
        help_text="Kies alleen wat de ontvanger nodig heeft.",
        error_messages={"required": "Kies welke gegevens je verstrekt."})
    categories = forms.MultipleChoiceField(
        label="Welke gegevenscategorieën gaan mee?", required=False, choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="De categorieën van de gekozen gegevens tellen we automatisch mee.")
    client_confronted_on = date_field("Handhaving: wanneer heb je de inwoner eerst geconfronteerd?")
    safety_reason = text_field("Handhaving: waarom kon je de inwoner om veiligheidsredenen niet eerst "
                               "confronteren?")
    necessity = text_field("Gedwongen kader: waarom is deze uitwisseling nodig voor de wettelijke taak?")
    client_informed = forms.ChoiceField(label="Is de inwoner geïnformeerd?", choices=ClientInformedDecision.choices,
                                        widget=forms.RadioSelect,
                                        error_messages={"required": "Geef aan of de inwoner is geïnformeerd."})
    informed_on = date_field("Ja: op welke datum?")
    inform_on = date_field("Nog niet: op welke datum informeer je de inwoner?",
                           help_text="Je krijgt op die dag een herinnering. Bijvoorbeeld 14-03-2026.")
    consultation = forms.ModelChoiceField(
        label="Nee: welke consultatie heb je gedaan?", required=False, queryset=None,
        empty_label="Kies een beantwoorde consultatie",
        error_messages={"invalid_choice": "Kies een consultatie uit de lijst."})
    safety_interest = text_field("Nee: welk veiligheidsrisico of ander zwaarwegend belang maakt dit nodig?")
    weighing = text_field("Nee: hoe heb je het belang van spreken en van zwijgen afgewogen?")
    who_gets_what = text_field("Nee: wie krijgt welke informatie?")

    def __init__(self, *args, consultations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = consultations
        self.fields["consultation"].label_from_instance = (
            lambda c: f"{c.consultee.get_full_name() or c.consultee.username}, {c.answered_at:%d-%m-%Y}")


class StatutoryRequestForm(forms.Form):
    use_required_attribute = False
    requester = RecipientChoice(
        label="Welke instantie vraagt de gegevens, of aan wie meld je?", empty_label="Kies een instantie",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.STATUTORY_BODY),
        error_messages={"required": "Kies de instantie.", "invalid_choice": "Kies een instantie uit de lijst."})
    received_on = date_field("Ontvangen op", required=True, missing="Vul de datum van ontvangst in.")
    question = text_field("Wat wordt er gevraagd?", required=True, missing="Beschrijf wat er wordt gevraagd.",
                          help_text="Schrijf alleen op wat nodig is om het verzoek te beantwoorden.")
    own_initiative = forms.BooleanField(label="Dit is een eigen melding van de gemeente over een ernstige dreiging",
                                        required=False)


class AnswerRequestForm(forms.Form):
    use_required_attribute = False
    items = forms.MultipleChoiceField(
        label="Welke gegevens verstrek je?", choices=dossier_items.choices, widget=forms.CheckboxSelectMultiple,
        help_text="Kies per onderdeel. Niets is vooraf aangevinkt.",
        error_messages={"required": "Kies welke gegevens je verstrekt."})
    legal_ground = forms.ChoiceField(label="Op welke wettelijke grond verstrek je deze gegevens?",
                                     choices=STATUTORY_CHOICES, widget=forms.RadioSelect,
                                     error_messages={"required": "Kies de wettelijke grondslag."})
    inform_on = date_field("Op welke datum informeer je de inwoner?", required=True,
                           help_text="De datum die je met de instantie hebt afgesproken. Je krijgt die dag een "
                                     "herinnering. Bijvoorbeeld 14-03-2026.",
                           missing="Vul de datum in die je met de instantie hebt afgesproken.")
    necessity = text_field("Gedwongen kader: waarom is deze uitwisseling nodig voor de wettelijke taak?")


class ObjectionForm(forms.Form):
    use_required_attribute = False
    received_on = date_field("Ontvangen op", required=True, missing="Vul de datum van ontvangst in.")
    grounds = text_field("Waartegen maakt de inwoner bezwaar?", required=True,
                         missing="Beschrijf waartegen de inwoner bezwaar maakt.")


class ObjectionDecisionForm(forms.Form):
    use_required_attribute = False
    outcome = forms.ChoiceField(label="Wat is de uitkomst van de afweging?", choices=Objection.Outcome.choices,
                                widget=forms.RadioSelect, error_messages={"required": "Kies de uitkomst."})
    considerations = text_field("Afweging: doel, alternatieven en belangen", required=True,
                                missing="Leg de afweging vast.")
    resident_told_importance = forms.BooleanField(
        label="De inwoner is gewezen op het belang van de hulp", required=False)
    consulted = forms.CharField(label="Welke collega of deskundige heb je geraadpleegd?", required=False,
                                max_length=300, help_text="Eventueel op geanonimiseerde gegevens.")
    resident_informed_on = date_field("Wanneer is de inwoner geïnformeerd over het besluit en zijn rechten?")


class ConsultationRequestForm(forms.Form):
    use_required_attribute = False
    consultee = forms.ModelChoiceField(
        label="Wie raadpleeg je?", queryset=None, empty_label="Kies een collega",
        help_text="De aandachtsfunctionaris of je teamleider. Een andere collega alleen als zij er niet zijn.",
        error_messages={"required": "Kies wie je raadpleegt.", "invalid_choice": "Kies een collega uit de lijst."})
    question = text_field("Wat is je vraag?", required=True, missing="Beschrijf je vraag aan de collega.",
                          help_text="Noem geen gegevens die de collega niet nodig heeft.")
    colleague_reason = text_field("Waarom raadpleeg je niet de aandachtsfunctionaris of de teamleider?",
                                  help_text="Alleen invullen als je een andere collega raadpleegt.")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        users = (get_user_model().objects.filter(is_active=True, groups__name__in=[
            roles.AF, roles.TEAM_LEAD, roles.CASEWORKER]).exclude(pk=actor.pk)
            .exclude(organisation__kind__in=[k for k in Organisation.Kind.values
                                             if k != Organisation.Kind.MUNICIPALITY])
            .distinct().order_by("last_name", "username"))
        field = self.fields["consultee"]
        field.queryset = users
        field.label_from_instance = lambda u: f"{u.get_full_name() or u.username} ({u.role_label})"


class AdviceForm(forms.Form):
    use_required_attribute = False
    advice = text_field("Jouw advies", required=True, missing="Schrijf je advies.")


class InformedForm(forms.Form):
    use_required_attribute = False
    disclosure = forms.IntegerField(widget=forms.HiddenInput)
    informed_on = date_field("Geïnformeerd op", required=True, missing="Vul de datum in.")


class DisclosureReviewForm(forms.Form):
    use_required_attribute = False
    decision = forms.ChoiceField(
        label="Wat is je oordeel over deze verstrekking?", widget=forms.RadioSelect,
        choices=[("accepted", "Akkoord: de verstrekking en de afweging zijn in orde"),
                 ("escalated", "Escaleren: bespreken met de leidinggevende of het college")],
        error_messages={"required": "Kies akkoord of escaleren."})
    comment = forms.CharField(label="Toelichting", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                              error_messages={"required": "Schrijf kort op waarom je tot dit oordeel komt.",
                                              "max_length": "De toelichting is te lang: gebruik hoogstens "
                                                            "2000 tekens."})
