from django import forms
from django.contrib.auth import authenticate


class LoginForm(forms.Form):
    use_required_attribute = False
    username = forms.CharField(label="Gebruikersnaam", max_length=150,
                               error_messages={"required": "Vul je gebruikersnaam in."})
    password = forms.CharField(label="Wachtwoord", strip=False, widget=forms.PasswordInput,
                               max_length=200, error_messages={"required": "Vul je wachtwoord in."})

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", autofocus=True)
        self.fields["password"].widget.attrs.update(autocomplete="current-password")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        # django-axes counts this attempt and refuses a locked-out user name.
        user = authenticate(self.request, username=data["username"], password=data["password"])
        if user is None or not user.is_active:
            raise forms.ValidationError(
                "De combinatie van gebruikersnaam en wachtwoord klopt niet.", code="invalid"
            )
        self.user = user
        return data


class TokenForm(forms.Form):
    use_required_attribute = False
    token = forms.CharField(
        label="Code", max_length=16,
        help_text="De 6 cijfers uit je authenticator-app, of een back-upcode.",
        error_messages={"required": "Vul de code in."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].widget.attrs.update(autocomplete="one-time-code", inputmode="text")

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split())


class AcknowledgeForm(forms.Form):
    use_required_attribute = False
    agree = forms.BooleanField(
        label="Ik heb de verklaring gelezen en houd me aan mijn geheimhoudingsplicht.",
        error_messages={"required": "Bevestig dat je de verklaring hebt gelezen."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
