from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark (issue 10): `seed_bench` and `bench`. No models, no URLs, no settings."""

    name = "bench"
    default_auto_field = "django.db.models.BigAutoField"
