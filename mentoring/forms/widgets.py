"""GOV.UK choice widgets with a hint under each option (radios and checkboxes)."""

from django import forms


class _OptionHintsMixin:
    """Adds a hint under each option from `hints`: keyed by a taxonomy entry's slug (falling back
    to the entry's description) for model choices, or by the choice's value for plain choices."""

    def __init__(self, *args, hints: dict[str, str] | None = None, **kwargs):
        self.hints = hints or {}
        super().__init__(*args, **kwargs)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["hint"] = self.hints.get(instance.slug, getattr(instance, "description", ""))
        else:
            option["hint"] = self.hints.get(str(value), "")
        return option


class RadioSelectWithHints(_OptionHintsMixin, forms.RadioSelect):
    pass


class CheckboxSelectMultipleWithHints(_OptionHintsMixin, forms.CheckboxSelectMultiple):
    pass
