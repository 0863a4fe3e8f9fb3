from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag
def form_field(field, optional=False):
    """An NLDS form field: label, description, error, control; errors linked by aria (UX 3.3)."""
    describedby = []
    if field.errors:
        describedby.append(f"{field.auto_id}_error")
    if field.help_text:
        describedby.append(f"{field.auto_id}_helptext")
    attrs = {}
    if describedby:
        attrs["aria-describedby"] = " ".join(describedby)
    if field.errors:
        attrs["aria-invalid"] = "true"
    widget_type = field.widget_type
    css = {"select": "utrecht-select utrecht-select--html-select",
           "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
           "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
           "radioselect": "", "checkboxselectmultiple": ""}.get(
        widget_type, "utrecht-textbox utrecht-textbox--html-input")
    if css:
        attrs["class"] = css + (" utrecht-textbox--invalid" if field.errors else "")
    return render_to_string("includes/field.html", {
        "field": field, "widget": field.as_widget(attrs=attrs), "optional": optional,
        "is_group": widget_type in ("radioselect", "checkboxselectmultiple"),
        "is_checkbox": widget_type == "checkbox",
    })
