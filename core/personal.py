"""Which model fields hold personal or special-category data (P-2.2.5, L-LOG).

Every EncryptedTextField / EncryptedDateField is personal by construction. Fields that hold
personal data without being encrypted are named in PERSONAL_FIELDS. Such a field must stay
out of the change history (auditlog exclude_fields), logs, URLs and task arguments;
tests/hardening/test_planted_canaries.py plants a canary in every field listed by
personal_fields() and searches every sink for it.
"""

from django.apps import apps

from .fields import EncryptedTextField

# "app_label.Model.field" of personal fields that are not encrypted.
PERSONAL_FIELDS = frozenset({
    "disclosures.Disclosure.items",  # labels of what was handed over, may name people
    "meldcode.MeldcodeStep.consultee_external",  # who outside the municipality was consulted
})


def personal_fields() -> list[tuple[type, str]]:
    """(model, field name) for every personal field of every installed model."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            key = f"{model._meta.app_label}.{model.__name__}.{field.name}"
            if isinstance(field, EncryptedTextField) or key in PERSONAL_FIELDS:
                found.append((model, field.name))
    return found
