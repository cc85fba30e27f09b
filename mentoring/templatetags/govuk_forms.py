"""Template filters that render Django form fields as GOV.UK Design System components."""

from django import forms, template
from django.forms.boundfield import BoundField

register = template.Library()

_INPUT_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
}


@register.filter
def govuk_kind(field: BoundField) -> str:
    """Which GOV.UK component a field renders as."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


@register.filter
def govuk_is_heading(field: BoundField) -> bool:
    """True when the field's label is the page's heading (one question per page)."""
    return field.name == getattr(field.form, "heading_field", None)


@register.filter
def govuk_error_target(field: BoundField) -> str:
    """The id an error summary link jumps to: the first option of a radio or checkbox group,
    or the box a multi-part field (a date) names as wrong."""
    if hasattr(field, "error_target"):
        return field.error_target
    if govuk_kind(field) in ("radios", "checkboxes"):
        options = list(field.subwidgets)
        if options:
            return options[0].id_for_label
    return field.auto_id


@register.filter
def govuk_widget(field: BoundField) -> str:
    """Render a text-like widget with GOV.UK classes and the right aria-describedby."""
    kind = govuk_kind(field)
    css = [_INPUT_CLASSES.get(kind, "govuk-input")]
    width = getattr(field.field, "govuk_width", None)
    if width:
        css.append(f"govuk-input--width-{width}")
    if field.errors:
        css.append(f"{css[0]}--error")
    if kind == "textarea" and field.field.max_length:
        css.append("govuk-js-character-count")
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    if kind == "textarea" and field.field.max_length:
        described.append(f"{field.auto_id}-info")
    attrs = {"class": " ".join(css)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
