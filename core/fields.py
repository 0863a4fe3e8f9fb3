"""Model fields that keep their value encrypted at rest (see core.crypto)."""

import datetime as dt

from django.core.exceptions import FieldError
from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Text encrypted with AES-GCM; raises DecryptionError on a wrong key, never returns junk.

    Encrypted fields cannot be filtered on (only isnull): a lookup would silently match
    nothing, so it raises instead. Use a keyed-hash column for exact lookups.
    """

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        self._context = f"{cls._meta.app_label}.{cls.__name__}.{name}"

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise FieldError(f"encrypted field {self.name!r} cannot be filtered on")
        return super().get_lookup(lookup_name)

    def to_text(self, value) -> str:
        return str(value)

    def from_text(self, text: str):
        return text

    def get_prep_value(self, value):
        if value is None:
            return None
        return crypto.encrypt(self.to_text(value), context=self._context)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return self.from_text(crypto.decrypt(value, context=self._context))

    def to_python(self, value):
        return value


class EncryptedDateField(EncryptedTextField):
    def to_text(self, value) -> str:
        if isinstance(value, str):
            value = dt.date.fromisoformat(value)
        return value.isoformat()

    def from_text(self, text: str):
        return dt.date.fromisoformat(text)

    def formfield(self, **kwargs):
        from django import forms

        return super(models.TextField, self).formfield(form_class=forms.DateField, **kwargs)
