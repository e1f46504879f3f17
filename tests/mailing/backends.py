"""An e-mail backend whose server never answers: for the outbox's retries."""

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("serveur SMTP injoignable")
