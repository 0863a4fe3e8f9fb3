import datetime as dt

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html

from core.dates import days_left_text, today

register = template.Library()


@register.simple_tag
def deadline(value: dt.date | None):
    """<time> with the date plus the time left, and a tag when it is near or past (UX 3.7)."""
    if value is None:
        return "Geen termijn"
    left = (value - today()).days
    text = days_left_text(value)
    tag = ""
    if left < 0:
        tag = format_html(' <span class="tag tag--late">{}</span>', "Te laat")
    elif left <= 7:
        tag = format_html(' <span class="tag tag--waiting">{}</span>', text)
    return format_html(
        '<time datetime="{}">{}</time> <span class="deadline-left">({})</span>{}',
        value.isoformat(),
        date_format(value, "DATE_FORMAT"),
        text,
        tag,
    )
