"""Django's password rules, explained in plain English.

The same four checks as Django's validators, with hints that say what to do and errors that name
the field and say how to put it right, as the GOV.UK Design System asks. ``password_hint`` is
the one hint shown under every "new password" field.
"""

from django.contrib.auth import password_validation as django_rules


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return "Password must be %(min_length)d characters or more"

    def get_help_text(self) -> str:
        return f"Use {self.min_length} characters or more."


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return "Password must not be like your %(verbose_name)s"

    def get_help_text(self) -> str:
        return "Do not use your name or email address."


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "Password is too easy to guess because it is a common password: choose another"

    def get_help_text(self) -> str:
        return "Do not use a common password, like ‘password123’."


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "Password must include letters or symbols, not only numbers"

    def get_help_text(self) -> str:
        return "Do not use only numbers."


def password_hint() -> str:
    """Every rule's hint, in the order of AUTH_PASSWORD_VALIDATORS, as one paragraph."""
    return " ".join(django_rules.password_validators_help_texts())
