"""Queries the ORM builds once per process and runs with new values on every request.

On a public page the ORM spends more time building a query (resolving lookups, choosing
columns, writing the SQL) than the database spends running it. A `Prepared` query is the
app's own queryset, built by its own function with stand-in values, compiled once per
database; each call binds the real values into the same SQL and makes the model instances
(with their `select_related` rows) as the queryset would:

    by_number = Prepared(
        lambda index_no: Publication.objects.public().select_related("unit").filter(
            index_no=index_no
        ),
        "\x00index_no\x00",
    )
    found = by_number.first("QS01/2026-00001")

A stand-in must reach the SQL as a parameter of its own, unchanged (an equality or a
foreign key, not `__in` or `__contains`); `Prepared` checks that when it compiles. The
database is the one the router gives the queryset's model for reading, asked on every
call, so a reader who must see the primary still does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators


class Prepared:
    def __init__(self, build: Callable[..., QuerySet], *stand_ins: object) -> None:
        self.build = build
        self.stand_ins = stand_ins
        self._model: type[Model] | None = None  # known once built: not at import time
        self._compiled: dict[str, tuple[Any, ...]] = {}

    @property
    def model(self) -> type[Model]:
        if self._model is None:
            self._model = self.build(*self.stand_ins).model
        return self._model

    def _compile(self, using: str) -> tuple[Any, ...]:
        queryset = self.build(*self.stand_ins)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        params = list(params)
        slots = []
        for stand_in in self.stand_ins:
            if params.count(stand_in) != 1:
                raise ValueError(f"{stand_in!r} is not one parameter of its own: {sql}")
            slots.append(params.index(stand_in))
        klass_info = compiler.klass_info
        start = klass_info["select_fields"][0]
        end = klass_info["select_fields"][-1] + 1
        attnames = [column[0].target.attname for column in compiler.select[start:end]]
        # (The stubs describe a later Django, whose populators take a fetch mode too.)
        populators = get_related_populators(klass_info, compiler.select, using)  # type: ignore[call-arg]
        compiled = (compiler, sql, params, slots, start, end, attnames, populators)
        self._compiled[using] = compiled
        return compiled

    def all(self, *values: object) -> list[Any]:
        """The model instances the queryset built with `values` would give."""
        using = router.db_for_read(self.model)
        compiled = self._compiled.get(using) or self._compile(using)
        compiler, sql, params, slots, start, end, attnames, populators = compiled
        bound = list(params)
        for slot, value in zip(slots, values, strict=True):
            bound[slot] = value
        with connections[using].cursor() as cursor:
            cursor.execute(sql, bound)
            rows = cursor.fetchall()
        found = []
        for row in compiler.results_iter([rows]):
            instance = self.model.from_db(using, attnames, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            found.append(instance)
        return found

    def first(self, *values: object) -> Any | None:
        found = self.all(*values)
        return found[0] if found else None


def stand_ins(count: int) -> Sequence[int]:
    """Integers no key ever takes, to stand in for keys while a query is compiled."""
    return [-2_000_000_000 - n for n in range(count)]
