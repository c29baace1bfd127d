"""Messages the public pages and the API share, translated once here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

NO_PUBLICATION = _("No public information has this index number.")
NO_UNIT = _("No unit has this organisation code.")
NO_REPORT = _("No error report has this tracking code.")
TOO_MANY = _(
    "Too many ratings and reports have come from your network in the last hour. "
    "Please try again later."
)
ANSWER_THE_SUM = _("Many ratings come from your network: please answer the small sum below.")
ANSWER_THE_CHALLENGE = _(
    "Many ratings come from your network: send challenge_token with challenge_answer, the "
    "answer to the question."
)
NOT_ANSWERED_YET = _("The application can be rated once it has been answered.")
