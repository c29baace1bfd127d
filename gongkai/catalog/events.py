"""The audit events of this app (see `gongkai.core.events`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.events import declare

declare("catalog:loaded", _("default catalog loaded"), "items_created")
declare("catalog:adopted", _("catalog item adopted"), "item")
declare("catalog:unadopted", _("catalog item no longer adopted"), "item")
declare("catalog_item:created", _("catalog item created"), "key", "own")
declare("catalog_item:updated", _("catalog item updated"), "changes")
declare("catalog_item:retired", _("catalog item retired"))
declare("catalog_item:restored", _("catalog item restored"))
# Written by the data migration that merged the default catalog's duplicate items.
declare(
    "catalog_item:merged",
    _("catalog item merged into another"),
    "key",
    "into",
    "into_key",
    "publications",
    "adoptions",
    "obligations",
    "orders",
)
