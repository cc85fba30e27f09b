"""A mail provider that is down until a test says it is back (the only thing these tests fake:
it stands for GOV.UK Notify or an SMTP server, outside the service)."""

from django.core.mail.backends.locmem import EmailBackend


class FlakyProviderBackend(EmailBackend):
    down = True
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).down:
            raise ConnectionError("The mail provider is not answering")
        return super().send_messages(messages)
