from django.db import migrations

from core.append_only import on_postgresql, refuse_change_function

# P-2.2.4: the register stays append-only, except for the retention destruction, which sets
# the transaction-local flag doetinchem.destruction before it removes a dossier's rows.
FUNCTION = refuse_change_function("disclosures_refuse_change", "disclosure register is append-only", delete_flag="doetinchem.destruction")
PREVIOUS = refuse_change_function("disclosures_refuse_change", "disclosure register is append-only")


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0002_disclosure_append_only")]
    operations = [on_postgresql(FUNCTION, PREVIOUS)]
