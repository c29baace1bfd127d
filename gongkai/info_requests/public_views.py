"""The public application pages are the portal's (`gongkai.portal.applications`).

`source_hash` stays importable from here for the JSON API.
"""

from __future__ import annotations

from gongkai.core.signin import source_hash

__all__ = ["source_hash"]
