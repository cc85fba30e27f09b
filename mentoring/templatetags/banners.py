"""The page's messages as one GOV.UK notification banner (`{% notification_banner messages %}`).

GOV.UK pages show at most one notification banner. Several messages queued for one page (signing
in straight after confirming an email address, say) become one banner, each text once: a green
success banner when every message is a success, otherwise one "Important" banner.
"""

from dataclasses import dataclass

from django import template
from django.contrib.messages import constants

register = template.Library()


@dataclass(frozen=True)
class Banner:
    success: bool
    texts: list[str]


@register.simple_tag
def notification_banner(messages) -> Banner | None:
    texts, levels = [], set()
    for message in messages or ():
        levels.add(message.level)
        text = str(message)
        if text not in texts:
            texts.append(text)
    if not texts:
        return None
    return Banner(success=levels == {constants.SUCCESS}, texts=texts)
