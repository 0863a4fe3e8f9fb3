from django.db import migrations, models

from core.append_only import on_postgresql, refuse_change_function

# L-LOG: the access log stays append-only; only the retention job, which sets the
# transaction-local flag doetinchem.log_retention, may delete (one leading range, with a
# checkpoint written in the same transaction).
FUNCTION = refuse_change_function("audit_refuse_change", "access log is append-only",
                                  delete_flag="doetinchem.log_retention")
PREVIOUS = refuse_change_function("audit_refuse_change", "access log is append-only")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_access_log_append_only")]
    operations = [
        migrations.CreateModel(
            name="ChainCheckpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("up_to_seq", models.BigIntegerField(unique=True)),
                ("last_hash", models.CharField(max_length=64)),
                ("removed", models.BigIntegerField()),
                ("older_than", models.DateTimeField()),
                ("mac", models.CharField(max_length=64)),
            ],
            options={"ordering": ["-up_to_seq"], "get_latest_by": "up_to_seq"},
        ),
        on_postgresql(FUNCTION, PREVIOUS),
    ]
