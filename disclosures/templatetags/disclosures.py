from django import template

from core.dates import days_left_text, today

from .. import selectors

register = template.Library()


@register.inclusion_tag("disclosures/_reminders.html", takes_context=True)
def disclosure_reminders(context):
    """UX 2 'Mijn werk': the reminders that fall due today (P-2.1.4)."""
    user, on = context["user"], today()
    rows = [{"disclosure": d, "when": days_left_text(d.inform_on, on=on)}
            for d in selectors.reminders_due(user, on)]
    return {"reminders": rows}
