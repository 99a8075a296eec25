"""SMS backends: chosen by the SMS_BACKEND setting, so a province plugs in its own gateway."""

import json
import logging
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(RuntimeError):
    pass


class ConsoleBackend:
    """Writes messages to the log: the default for the embedded demo."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


class HttpGatewayBackend:
    """POSTs {"to": phone, "text": text} as JSON to SMS_GATEWAY_URL with a bearer token.

    Most Vietnamese SMS brandname gateways take a JSON POST of this shape or a thin adapter
    in front of them; any 2xx answer counts as accepted.
    """

    def send(self, phone: str, text: str) -> None:
        url = settings.SMS_GATEWAY_URL
        if not url.startswith(("https://", "http://")):
            raise SmsError("SMS_GATEWAY_URL must be an http(s) URL")
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            url,
            data=json.dumps({"to": phone, "text": text}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=15) as answer:  # noqa: S310  # nosec B310
                if not 200 <= answer.status < 300:
                    raise SmsError(f"gateway answered {answer.status}")
        except OSError as error:
            raise SmsError(str(error)) from error


def get_backend():
    return import_string(settings.SMS_BACKEND)()
