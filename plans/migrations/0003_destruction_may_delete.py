from django.db import migrations

from core.append_only import on_postgresql, refuse_change_function

# P-2.2.4: decisions stay immutable, except that the retention destruction (which sets the
# transaction-local flag doetinchem.destruction) removes them with their dossier.
FUNCTION = refuse_change_function("plans_refuse_decision_change", "decisions are immutable; record a correcting decision", delete_flag="doetinchem.destruction")
PREVIOUS = refuse_change_function("plans_refuse_decision_change", "decisions are immutable; record a correcting decision")


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_decision_immutable")]
    operations = [on_postgresql(FUNCTION, PREVIOUS)]
