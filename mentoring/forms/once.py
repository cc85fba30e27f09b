"""Forms that are sent once: the page carries a one-time key, and the record made keeps it.

The key is made when the form is shown and travels in a hidden field. The service stores it on
the record it creates, under a unique constraint (e.g. `SessionLog.submission_key`). The same
form sent again (a double click, the back button, a retry after a slow answer) carries the same
key, so the service finds the record already made and says so, instead of making a second one.
"""

import uuid

from django import forms
from django.core.exceptions import ValidationError


class SubmissionKeyField(forms.UUIDField):
    """The hidden one-time key. A missing or garbled key only means no protection, not an error:
    the person has nothing to correct on the page."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, initial=uuid.uuid4, **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None


class OnceFormMixin(forms.Form):
    """Adds the one-time `submission_key` to a form; render it with `{{ form.submission_key }}`."""

    submission_key = SubmissionKeyField()

    @property
    def submitted_key(self) -> uuid.UUID | None:
        """The key this submission carried (after `is_valid()`), or None."""
        return self.cleaned_data.get("submission_key")
