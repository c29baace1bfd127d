"""Every state change of the core app: one function each, audited, in one transaction.

`by=None` means the system itself (a management command such as `load_demo`); views and the
API always pass the signed-in user, whose permissions are checked here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import access, audit, workdays
from .access import Perm
from .models import CalendarDay, CalendarYear, Membership, Unit, UnitKind, User

CONTACT_FIELDS = (
    "name",
    "short_name",
    "address",
    "postcode",
    "office_hours",
    "phone",
    "fax",
    "email",
    "website",
    "supervision_phone",
    "disclosure_office",
    "position",
)

# A county's website identifiers (the portal's footer); only a county has them.
FOOTER_FIELDS = (
    "site_sponsor",
    "site_code",
    "icp_number",
    "police_number",
    "police_link",
    "party_mark_link",
)


@transaction.atomic
def create_unit(
    *, by: User | None, kind: str, parent: Unit | None, credit_code: str, **fields: Any
) -> Unit:
    if parent is None:
        if by is not None and not by.is_superuser:
            raise PermissionDenied(_("Only a system administrator may create a county."))
    else:
        access.require_unless_system(by, Perm.MANAGE_UNIT, parent)
    unit = Unit(kind=kind, parent=parent, credit_code=credit_code, **fields)
    unit.full_clean(exclude=["org_code", "path"])
    unit.save()
    audit.record(
        "unit:created",
        actor=by,
        unit=unit,
        target=unit,
        kind=kind,
        credit_code=unit.credit_code,
        parent=parent.org_code if parent else None,
        started_on=unit.started_on.isoformat() if unit.started_on else None,
    )
    return unit


@transaction.atomic
def update_unit(unit: Unit, *, by: User | None, **changes: Any) -> Unit:
    access.require_unless_system(by, Perm.MANAGE_UNIT, unit)
    editable = CONTACT_FIELDS + (FOOTER_FIELDS if unit.kind == UnitKind.COUNTY else ())
    unknown = set(changes) - set(editable)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    # Compare with the stored row: a ModelForm has already set the new values on `unit`.
    before = Unit.objects.filter(pk=unit.pk).values(*changes).get()
    for field, value in changes.items():
        setattr(unit, field, value)
    unit.full_clean(exclude=["org_code", "path"])
    changed = {
        field: [before[field], value] for field, value in changes.items() if before[field] != value
    }
    if changed:
        unit.save(update_fields=list(changed))
        audit.record("unit:updated", actor=by, unit=unit, target=unit, changes=changed)
    return unit


@transaction.atomic
def add_membership(*, by: User | None, user: User, unit: Unit, role: str) -> Membership:
    access.require_unless_system(by, Perm.MANAGE_UNIT, unit)
    membership = Membership(user=user, unit=unit, role=role)
    membership.full_clean()
    membership.save()
    access.forget(user)
    audit.record(
        "membership:added", actor=by, unit=unit, target=membership, user=user.username, role=role
    )
    return membership


@transaction.atomic
def remove_membership(membership: Membership, *, by: User | None) -> None:
    access.require_unless_system(by, Perm.MANAGE_UNIT, membership.unit)
    audit.record(
        "membership:removed",
        actor=by,
        unit=membership.unit,
        target=membership,
        user=membership.user.username,
        role=membership.role,
    )
    membership.delete()
    access.forget(membership.user)


@transaction.atomic
def create_user(
    *,
    by: User | None,
    unit: Unit | None,
    username: str,
    full_name: str,
    password: str | None,
    email: str = "",
    phone: str = "",
) -> User:
    """Create a staff account; an administrator may do so for a unit they manage. With
    `password` None the account has no usable password until one is set."""
    if unit is not None:
        access.require_unless_system(by, Perm.MANAGE_UNIT, unit)
    elif by is not None and not by.is_superuser:
        raise PermissionDenied(_("Only a system administrator may create accounts outside a unit."))
    user = User(username=username, full_name=full_name, email=email, phone=phone)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record("user:created", actor=by, unit=unit, target=user, username=username)
    return user


def _county_for_calendar(by: User | None) -> Unit | None:
    if by is None or by.is_superuser:
        return None
    for unit in access.units(by, Perm.EDIT_CALENDAR).filter(kind=UnitKind.COUNTY)[:1]:
        return unit
    raise PermissionDenied(_("Only a county supervisor may change the working-day calendar."))


@transaction.atomic
def set_calendar_day(
    *, by: User | None, day: dt.date, is_workday: bool, name: str = ""
) -> CalendarDay:
    county = _county_for_calendar(by)
    entry, created = CalendarDay.objects.update_or_create(
        day=day, defaults={"is_workday": is_workday, "name": name}
    )
    audit.record(
        "calendar:day_set",
        actor=by,
        unit=county,
        target=entry,
        day=day.isoformat(),
        is_workday=is_workday,
        name=name,
        created=created,
    )
    transaction.on_commit(
        lambda: workdays.calendar_changed.send(sender=CalendarDay, years={day.year})
    )
    return entry


@transaction.atomic
def remove_calendar_day(entry: CalendarDay, *, by: User | None) -> None:
    county = _county_for_calendar(by)
    year = entry.day.year
    audit.record(
        "calendar:day_removed", actor=by, unit=county, target=entry, day=entry.day.isoformat()
    )
    entry.delete()
    transaction.on_commit(lambda: workdays.calendar_changed.send(sender=CalendarDay, years={year}))


@transaction.atomic
def announce_year(*, by: User | None, year: int, source: str) -> CalendarYear:
    """Record that a year's official schedule has been entered in full: no longer provisional."""
    county = _county_for_calendar(by)
    if not source.strip():
        raise ValidationError({"source": _("Name the notice the schedule comes from.")})
    entry, _created = CalendarYear.objects.update_or_create(year=year, defaults={"source": source})
    audit.record(
        "calendar:year_announced", actor=by, unit=county, target=entry, year=year, source=source
    )
    transaction.on_commit(lambda: workdays.calendar_changed.send(sender=CalendarYear, years={year}))
    return entry


def record_sign_in(user: User, *, ip: str | None) -> None:
    audit.record("user:signed_in", actor=user, target=user, ip=ip)


def record_sign_out(user: User, *, ip: str | None) -> None:
    audit.record("user:signed_out", actor=user, target=user, ip=ip)
