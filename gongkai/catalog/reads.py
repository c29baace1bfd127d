"""Named reads for pages: the catalog as a tree of groups and first-level matters."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import CatalogItem, Group


@dataclass
class Branch:
    name: str
    items: list[CatalogItem] = field(default_factory=list)


@dataclass
class GroupNode:
    group: Group
    branches: list[Branch] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(branch.items) for branch in self.branches)


def merged_into(pk: int) -> CatalogItem | None:
    """The item a merged duplicate became (following a chain of merges), or None."""
    item = CatalogItem.objects.filter(pk=pk, merged_into__isnull=False).first()
    seen = set()
    while item is not None and item.merged_into_id and item.pk not in seen:
        seen.add(item.pk)
        item = CatalogItem.objects.get(pk=item.merged_into_id)
    return item


def tree(items: Iterable[CatalogItem]) -> list[GroupNode]:
    """Group items (already in order) by group, then by first-level matter, keeping order."""
    nodes: dict[str, GroupNode] = {g.value: GroupNode(g) for g in Group}
    for item in items:
        node = nodes[item.group]
        if not node.branches or node.branches[-1].name != item.level1:
            existing = next((b for b in node.branches if b.name == item.level1), None)
            if existing is None:
                existing = Branch(item.level1)
                node.branches.append(existing)
            existing.items.append(item)
        else:
            node.branches[-1].items.append(item)
    return [node for node in nodes.values() if node.branches]
