"""The one place that answers "may this user do X in this unit", and scopes querysets by it.

A user acts in a unit only through a `Membership` with a role. Administrators and county
supervisors act in their unit and everything below it; internal staff read the internal
disclosures of their unit and the units below it; clerks, reviewers and leaders act only in
the unit they belong to. Views and the API never decide this themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeAlias, TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from .models import Membership, Role, Unit, User

# Whoever is asking: a user, the anonymous visitor of a public page, or nobody (the system).
Asker: TypeAlias = "User | AnonymousUser | None"


class Perm(StrEnum):
    USE_BACKOFFICE = "backoffice:use"
    DRAFT = "publication:draft"
    REVIEW = "publication:review"
    TAKE_DOWN = "publication:take_down"
    DECIDE = "decision:record"
    HANDLE_REQUESTS = "info_request:handle"
    SIGN_OFF_REPLIES = "info_request:sign_off"
    READ_INTERNAL = "internal:read"
    READ_DRAFTS = "publication:read_drafts"
    MANAGE_UNIT = "unit:manage"
    SUPERVISE = "county:supervise"
    EDIT_CALENDAR = "calendar:edit"
    EDIT_CATALOG = "catalog:edit"
    ADOPT_CATALOG = "catalog:adopt"
    WRITE_REPORT = "annual_report:write"
    PUBLISH_REPORT = "annual_report:publish"
    RECORD_CASES = "review_case:record"
    RECORD_POSTINGS = "posting:record"
    RECORD_EVENTS = "obligation_event:record"
    WAIVE = "obligation:waive"
    ANSWER_ORDERS = "oversight_order:answer"
    HANDLE_FEEDBACK = "feedback:handle"
    EVALUATE = "evaluation:fill"
    READ_SCORES = "assessment:read"
    ASSESS = "assessment:manage"
    EDIT_SCHEME = "assessment_scheme:edit"
    ANSWER_RECTIFICATION = "rectification:answer"
    READ_ACCOUNTABILITY = "accountability:read"
    RECORD_ACCOUNTABILITY = "accountability:record"
    RECORD_VILLAGE_MATTERS = "township_record:record"
    DRAFT_MEETINGS = "meeting:draft"
    ANNOUNCE_MEETINGS = "meeting:announce"
    READ_SIGNUPS = "meeting:read_signups"


GRANTS: dict[Perm, frozenset[Role]] = {
    Perm.USE_BACKOFFICE: frozenset(Role),
    Perm.DRAFT: frozenset({Role.CLERK}),
    # A village's disclosures are checked by its supervision committee (村组法 Art. 32).
    Perm.REVIEW: frozenset({Role.REVIEWER, Role.VILLAGE_SUPERVISION}),
    Perm.DECIDE: frozenset({Role.LEADER}),
    # Deleting what was published (personal data by mistake) is for a reviewer or a leader.
    Perm.TAKE_DOWN: frozenset({Role.REVIEWER, Role.LEADER, Role.VILLAGE_SUPERVISION}),
    Perm.HANDLE_REQUESTS: frozenset({Role.CLERK, Role.REVIEWER, Role.LEADER}),
    # Art. 45: a reply is reviewed (审核) before it goes out; an extension is approved by the
    # head of the disclosure office.
    Perm.SIGN_OFF_REPLIES: frozenset({Role.REVIEWER, Role.LEADER}),
    Perm.READ_INTERNAL: frozenset(
        {Role.CLERK, Role.REVIEWER, Role.LEADER, Role.UNIT_ADMIN, Role.INTERNAL_STAFF}
    ),
    Perm.MANAGE_UNIT: frozenset({Role.UNIT_ADMIN, Role.SUPERVISOR}),
    # Drafts, their reviewers' comments and privacy findings are for the people who work on
    # them (computed below from DRAFT, REVIEW and DECIDE), not for every member of the unit.
    Perm.READ_DRAFTS: frozenset(),
    Perm.SUPERVISE: frozenset({Role.SUPERVISOR}),
    Perm.EDIT_CALENDAR: frozenset({Role.SUPERVISOR}),
    Perm.EDIT_CATALOG: frozenset({Role.SUPERVISOR}),
    Perm.ADOPT_CATALOG: frozenset({Role.UNIT_ADMIN, Role.LEADER, Role.SUPERVISOR}),
    Perm.WRITE_REPORT: frozenset({Role.CLERK}),
    Perm.PUBLISH_REPORT: frozenset({Role.REVIEWER}),
    Perm.RECORD_CASES: frozenset({Role.CLERK, Role.REVIEWER, Role.LEADER}),
    Perm.RECORD_POSTINGS: frozenset({Role.CLERK, Role.REVIEWER, Role.LEADER}),
    Perm.RECORD_EVENTS: frozenset({Role.CLERK, Role.REVIEWER, Role.LEADER}),
    Perm.WAIVE: frozenset({Role.LEADER}),
    Perm.ANSWER_ORDERS: frozenset({Role.CLERK, Role.LEADER}),
    Perm.HANDLE_FEEDBACK: frozenset({Role.CLERK, Role.REVIEWER, Role.LEADER}),
    Perm.EVALUATE: frozenset({Role.EVALUATOR}),
    # Assessment: the staff of a unit read its scores (at the county, every unit's drafts);
    # the supervisor computes, publishes and orders rectification; the county administrator
    # or supervisor sets the scheme.
    Perm.READ_SCORES: frozenset(
        {Role.CLERK, Role.REVIEWER, Role.LEADER, Role.UNIT_ADMIN, Role.SUPERVISOR}
    ),
    Perm.ASSESS: frozenset({Role.SUPERVISOR}),
    Perm.EDIT_SCHEME: frozenset({Role.UNIT_ADMIN, Role.SUPERVISOR}),
    Perm.ANSWER_RECTIFICATION: frozenset({Role.CLERK, Role.LEADER}),
    # Accountability (责任追究) concerns people: the county supervisor and the unit's leader only.
    Perm.READ_ACCOUNTABILITY: frozenset({Role.SUPERVISOR, Role.LEADER}),
    Perm.RECORD_ACCOUNTABILITY: frozenset({Role.SUPERVISOR}),
    # The township's own records of what it pays to, or manages for, its villages (村务对应).
    Perm.RECORD_VILLAGE_MATTERS: frozenset({Role.CLERK, Role.LEADER}),
    # Open meetings (会议公开): the clerk drafts the announcement, a reviewer or leader approves,
    # postpones or cancels it; the sign-up list (names, phones) is for those three only.
    Perm.DRAFT_MEETINGS: frozenset({Role.CLERK}),
    Perm.ANNOUNCE_MEETINGS: frozenset({Role.REVIEWER, Role.LEADER}),
    Perm.READ_SIGNUPS: frozenset({Role.CLERK, Role.REVIEWER, Role.LEADER}),
}

GRANTS[Perm.READ_DRAFTS] = GRANTS[Perm.DRAFT] | GRANTS[Perm.REVIEW] | GRANTS[Perm.DECIDE]

# Roles whose reach is the unit and every unit below it.
SUBTREE_ROLES = frozenset({Role.UNIT_ADMIN, Role.SUPERVISOR, Role.INTERNAL_STAFF, Role.EVALUATOR})

_DENIED = {
    Perm.USE_BACKOFFICE: _("You have no role in this unit."),
    Perm.DRAFT: _("Only a clerk of this unit may draft its publications."),
    Perm.REVIEW: _(
        "Only a reviewer of this unit (for a village, its supervision committee) may review its "
        "publications."
    ),
    Perm.DECIDE: _("Only a leader of this unit may record its decisions."),
    Perm.TAKE_DOWN: _("Only a reviewer or leader of this unit may take down its publications."),
    Perm.HANDLE_REQUESTS: _("Only the handlers of this unit may work on its applications."),
    Perm.SIGN_OFF_REPLIES: _(
        "Only a reviewer or leader of this unit may sign off its replies and approve extensions."
    ),
    Perm.READ_INTERNAL: _("Internal disclosures are for the staff of this unit only."),
    Perm.READ_DRAFTS: _("Drafts are for the clerks, reviewers and leaders who work on them."),
    Perm.MANAGE_UNIT: _("You do not administer this unit."),
    Perm.SUPERVISE: _("Only a supervisor of this county may do this."),
    Perm.EDIT_CALENDAR: _("Only a county supervisor may change the working-day calendar."),
    Perm.EDIT_CATALOG: _("Only a county supervisor may edit the disclosure catalog."),
    Perm.ADOPT_CATALOG: _("Only this unit's administrator or leader may choose its catalog items."),
    Perm.WRITE_REPORT: _("Only a clerk of this unit may write its annual report."),
    Perm.PUBLISH_REPORT: _("Only a reviewer of this unit may publish its annual report."),
    Perm.RECORD_CASES: _(
        "Only the clerks, reviewers and leaders of this unit may record its review and "
        "litigation cases."
    ),
    Perm.RECORD_POSTINGS: _(
        "Only the clerks, reviewers and leaders of this unit or of its township may record its "
        "bulletin-board postings."
    ),
    Perm.RECORD_EVENTS: _(
        "Only the clerks, reviewers and leaders of this unit may record the events its "
        "disclosures fall due after."
    ),
    Perm.WAIVE: _("Only a leader of this unit may waive one of its disclosure obligations."),
    Perm.ANSWER_ORDERS: _("Only a clerk or leader of this unit may answer its oversight orders."),
    Perm.HANDLE_FEEDBACK: _(
        "Only the clerks, reviewers and leaders of this unit may handle its ratings and error "
        "reports."
    ),
    Perm.EVALUATE: _("Only an evaluator of this county may fill its evaluation forms."),
    Perm.READ_SCORES: _("Only the staff of this unit may read its assessment scores."),
    Perm.ASSESS: _("Only a supervisor of this county may compute and publish its assessment."),
    Perm.EDIT_SCHEME: _(
        "Only the county's administrator or supervisor may change its assessment scheme."
    ),
    Perm.ANSWER_RECTIFICATION: _(
        "Only a clerk or leader of this unit may answer its rectification orders."
    ),
    Perm.READ_ACCOUNTABILITY: _(
        "Accountability records are for the county supervisor and the unit's leader only."
    ),
    Perm.RECORD_ACCOUNTABILITY: _("Only a supervisor of this county may record accountability."),
    Perm.RECORD_VILLAGE_MATTERS: _(
        "Only a clerk or leader of this township may record what it paid to, or manages for, "
        "its villages."
    ),
    Perm.DRAFT_MEETINGS: _("Only a clerk of this unit may draft its meeting announcements."),
    Perm.ANNOUNCE_MEETINGS: _(
        "Only a reviewer or leader of this unit may announce, postpone or cancel its meetings."
    ),
    Perm.READ_SIGNUPS: _(
        "Only the clerks, reviewers and leaders of this unit may see who signed up for its "
        "meetings."
    ),
}


_DENIED_ANY = _("You may not do this.")


def denial(perm: Perm) -> str:
    """The refusal `require` gives for `perm`."""
    return str(_DENIED[perm])


def _memberships(user: User) -> list[tuple[str, int, str]]:
    """(role, unit id, unit path) of every membership, loaded once per user object."""
    cached = getattr(user, "_gongkai_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user).values_list("role", "unit_id", "unit__path")
        )
        user._gongkai_memberships = cached
    return cached


def forget(user: User) -> None:
    """Drop the cached memberships after they change."""
    user.__dict__.pop("_gongkai_memberships", None)


def _active(user: Asker) -> TypeGuard[User]:
    return bool(user is not None and user.is_authenticated and user.is_active)


def roles_in(user: Asker, unit: Unit) -> set[str]:
    """The roles a user holds in a unit, directly or from above it."""
    if not _active(user):
        return set()
    roles = set()
    for role, unit_id, path in _memberships(user):
        if unit_id == unit.pk or (role in SUBTREE_ROLES and unit.path.startswith(path)):
            roles.add(role)
    return roles


def can(user: Asker, perm: Perm, unit: Unit) -> bool:
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return bool(roles_in(user, unit) & GRANTS[perm])


def require(user: Asker, perm: Perm, unit: Unit) -> None:
    """Raise PermissionDenied, with a message a person can act on, unless `can`."""
    if not can(user, perm, unit):
        raise PermissionDenied(_DENIED[perm])


def require_unless_system(by: User | None, asked: Perm | str, target: Any) -> None:
    """What an action checks of the person it acts for: `require` of a Perm in a unit, or
    `demand` of a question ("app:step") about a record. `by=None` is the system itself (a
    management command, a scheduled job, the demo loader) and is not checked."""
    if by is None:
        return
    if isinstance(asked, Perm):
        require(by, asked, target)
    else:
        demand(by, asked, target)


def units_for(user: Asker, perm: Perm) -> Q:
    """A filter for the units in which the user holds `perm` (apply to Unit querysets)."""
    if not _active(user):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    condition = Q(pk__in=[])
    for role, unit_id, path in _memberships(user):
        if role not in GRANTS[perm]:
            continue
        if role in SUBTREE_ROLES:
            condition |= Q(path__startswith=path)
        else:
            condition |= Q(pk=unit_id)
    return condition


def units(user: Asker, perm: Perm):
    """The units in which the user holds `perm`, in tree order."""
    return Unit.objects.filter(units_for(user, perm)).order_by("path")


def can_within(user: Asker, perm: Perm, unit: Unit) -> bool:
    """Whether the user holds `perm` in this unit or in any unit below it."""
    return units(user, perm).filter(path__startswith=unit.path).exists()


def get_unit_for_staff(user: User, org_code: str, perm: Perm = Perm.USE_BACKOFFICE) -> Unit:
    """The only way a staff view gets a unit: 404 when missing, 403 when not allowed."""
    unit = get_object_or_404(Unit, org_code=org_code.upper())
    require(user, perm, unit)
    return unit


def require_here_or_in_township(user: Asker, perm: Perm, unit: Unit) -> None:
    """For what a village shares with its township (the cross-check of their records): `perm`
    in the village itself, or in the township it belongs to."""
    township = unit.township
    if township is not None and township.pk != unit.pk and can(user, perm, township):
        return
    require(user, perm, unit)


# Questions about one record. Whether a user may take a step on a particular record (approve
# this draft, record a posting for this publication, edit this catalog item) depends on the
# record's state as well as on the roles above. This module cannot know every app's records,
# so each app declares its questions, by name, in its own `access.py` (imported when the app
# is ready), in terms of `can` above; views, actions and template tags ask them only here,
# through `may` and `demand`, and templates get the answers.

Rule = Callable[[Any, Any], bool]
_QUESTIONS: dict[str, tuple[Rule, Any]] = {}


def question(name: str, denied: Any = None) -> Callable[[Rule], Rule]:
    """Declare the rule answering `name` ("app:step"), with the refusal `demand` gives (a
    message, or a function making it from the record)."""

    def declare(rule: Rule) -> Rule:
        known = _QUESTIONS.get(name)
        if known is not None and known[0].__qualname__ != rule.__qualname__:
            raise ImproperlyConfigured(f"The access question {name!r} is declared twice.")
        _QUESTIONS[name] = (rule, denied)
        return rule

    return declare


def _rule(name: str) -> tuple[Rule, Any]:
    try:
        return _QUESTIONS[name]
    except KeyError:
        raise ImproperlyConfigured(f"No access question is declared as {name!r}.") from None


def may(user: Asker, name: str, record: Any) -> bool:
    """The answer to the question `name` about `record` for this user."""
    if not _active(user):
        return False
    return bool(_rule(name)[0](user, record))


def demand(user: Asker, name: str, record: Any) -> None:
    """Raise PermissionDenied, with the question's refusal, unless `may`."""
    if not may(user, name, record):
        denied = _rule(name)[1]
        raise PermissionDenied((denied(record) if callable(denied) else denied) or _DENIED_ANY)


def answers(user: Asker, record: Any, *names: str) -> dict[str, bool]:
    """The answers a template gets: `may_<step>` for each question "app:step"."""
    return {f"may_{name.split(':', 1)[1]}": may(user, name, record) for name in names}
