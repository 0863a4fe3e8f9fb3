from django import forms


class ExclusionForm(forms.Form):
    reason = forms.CharField(label="Reden", max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Bijvoorbeeld: bezwaar loopt nog, juridische bewaarplicht (legal hold). "
                                       "Noem geen namen: de reden komt in de verklaring van vernietiging.",
                             error_messages={"required": "Geef de reden waarom dit dossier niet vernietigd wordt.",
                                             "max_length": "De reden is te lang: gebruik hoogstens 300 tekens."})


class ApprovalForm(forms.Form):
    count = forms.IntegerField(widget=forms.HiddenInput, min_value=0,
                               error_messages={"required": "De lijst is veranderd. Controleer de dossiers opnieuw.",
                                               "invalid": "De lijst is veranderd. Controleer de dossiers opnieuw."})


class ErasureRequestForm(forms.Form):
    bsn = forms.CharField(label="BSN van de inwoner", max_length=20,
                          error_messages={"required": "Vul het BSN van de inwoner in."})
    received_on = forms.DateField(label="Ontvangen op", widget=forms.DateInput(attrs={"type": "date"}),
                                  error_messages={"required": "Vul in wanneer het verzoek binnenkwam.",
                                                  "invalid": "Vul een geldige datum in, bijvoorbeeld 3-6-2026."})
