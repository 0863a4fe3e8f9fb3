from django import forms

from accounts import roles
from accounts.models import User

from . import rules
from .models import Outcome

YES_NO = [("ja", "Ja"), ("nee", "Nee")]


def _yes_no(label, *, required=True):
    return forms.TypedChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect, required=required,
                                  coerce=lambda v: v == "ja", empty_value=None,
                                  error_messages={"required": "Kies ja of nee."})


class StepForm(forms.Form):
    use_required_attribute = False
    note = forms.CharField(label="Wat heb je gedaan en gezien?", widget=forms.Textarea(attrs={"rows": 5}),
                           max_length=5000, error_messages={"required": "Schrijf op wat je hebt gedaan en gezien."})

    def __init__(self, *args, number: int, **kwargs):
        super().__init__(*args, **kwargs)
        if number == 2:
            self.fields["consultee"] = forms.ModelChoiceField(
                label="Wie heb je geraadpleegd?", required=False, empty_label="Iemand buiten de gemeente",
                queryset=User.objects.filter(groups__name__in=[roles.AF, roles.TEAM_LEAD], is_active=True).distinct())
            self.fields["consultee_external"] = forms.CharField(
                label="Geraadpleegd buiten de gemeente", required=False, max_length=200,
                help_text="Bijvoorbeeld: Veilig Thuis, anoniem advies.")
        if number == 4:
            for key, question in rules.QUESTIONS.items():
                self.fields[key] = _yes_no(question, required=key in rules.REQUIRED_QUESTIONS)
        if number == 5:
            self.fields["cares_for_minors"] = _yes_no("Kindcheck: zorgt de inwoner voor minderjarigen?")
            self.fields["outcome"] = forms.ChoiceField(label="Wat is je besluit?", choices=Outcome.choices,
                                                       widget=forms.RadioSelect,
                                                       error_messages={"required": "Kies het besluit."})

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        answers = {k: data.pop(k) for k in list(data) if k in rules.QUESTIONS}
        if answers:
            data["answers"] = answers
        return data
