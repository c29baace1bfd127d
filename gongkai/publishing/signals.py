"""What other parts of Gongkai may follow in publishing, sent inside the action's transaction.

- `published`: a version was published (`publication`, `version`, `by`, `published_on`).
- `decision_recorded`: a leader recorded a collective decision (`publication`, `decision`).
- `congress_approval_recorded`: the congress approval of a draft (`publication`, `approval`).
"""

from __future__ import annotations

from django.dispatch import Signal

published = Signal()
decision_recorded = Signal()
congress_approval_recorded = Signal()
