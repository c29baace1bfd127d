"""The permission matrix: every URL of the site, for every role of every kind of unit, in its
own township and in another one, against a table of who may use it.

The URL list comes from the URL configuration itself, so a new page without a row in `TABLE`
fails `test_every_url_has_a_row`. The expected answer is computed from the table and from the
people's memberships as this test created them, never by asking `gongkai.core.access`.

Besides the status, every page, file and API answer is searched for the tell-tale text of
another unit's draft, internal disclosure and applicant: a reader who may not see them must
never get them, whatever the page.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from gongkai.core.models import AuditEvent, Membership, Role, Unit, UnitKind, User

# -- who may do what -------------------------------------------------------------------------

ANY = "anyone"  # the public, signed in or not
STAFF = "staff"  # anyone signed in (the page shows each person only what is theirs)
NOBODY = "nobody"  # no role of this test's people (superusers only, or a step that is over)

# Roles whose reach is their unit and every unit below it; the others act in their own unit.
SUBTREE = {Role.UNIT_ADMIN, Role.SUPERVISOR, Role.INTERNAL_STAFF, Role.EVALUATOR}

C, R, L, A, S, I, E, V = (  # noqa: E741 (I is the internal staff)
    Role.CLERK,
    Role.REVIEWER,
    Role.LEADER,
    Role.UNIT_ADMIN,
    Role.SUPERVISOR,
    Role.INTERNAL_STAFF,
    Role.EVALUATOR,
    Role.VILLAGE_SUPERVISION,
)
HANDLERS = {C, R, L}
WORKERS = {C, R, L, V}  # who works on drafts
READERS = {C, R, L, A, I}  # who reads internal disclosures
SCORES = {C, R, L, A, S}  # who reads assessment scores
MEMBERS = set(Role)  # any role in the unit (or, for the reaching roles, above it)


@dataclass(frozen=True)
class Rule:
    """Who may use a URL: `roles` in the unit the URL is about (`at`), or ANY / STAFF / NOBODY.

    `at` names the unit: "target" (the object's own unit), "county", or "township" (the
    object's township: the roles count there as well as in the unit itself). `post` marks a URL
    that only changes something: it is posted to (empty), inside a rolled-back savepoint."""

    roles: frozenset[str] | str
    at: str = "target"
    post: bool = False
    # For a page of no one unit: the kinds of unit in which the roles count.
    kinds: frozenset[str] = frozenset(UnitKind)


def rule(roles, at: str = "target", post: bool = False, kinds=frozenset(UnitKind)) -> Rule:
    return Rule(roles if isinstance(roles, str) else frozenset(roles), at, post, frozenset(kinds))


NOT_VILLAGES = {UnitKind.COUNTY, UnitKind.TOWNSHIP, UnitKind.OFFICE}
BOARDS = {UnitKind.TOWNSHIP, UnitKind.OFFICE, UnitKind.VILLAGE}  # who keep a bulletin board


TABLE: dict[str, Rule] = {}  # filled below, next to how each URL's parameters are found


# -- the people ------------------------------------------------------------------------------


@dataclass
class Person:
    label: str
    user: User | None
    memberships: list[tuple[str, Unit]] = field(default_factory=list)


def holds(person: Person, roles, unit: Unit) -> bool:
    for role, where in person.memberships:
        if role not in roles:
            continue
        if where.pk == unit.pk or (role in SUBTREE and unit.path.startswith(where.path)):
            return True
    return False


def expected(person: Person, found: Rule, unit: Unit | None, world) -> bool:
    if found.roles == ANY:
        return True
    if person.user is None:
        return False
    if found.roles == STAFF:
        return True
    if found.roles == NOBODY:
        return False
    if found.at == "county":
        return holds(person, found.roles, world.county)
    if unit is None:  # a page of no one unit: the role anywhere
        return any(
            role in found.roles and where.kind in found.kinds for role, where in person.memberships
        )
    if found.at == "township" and unit.township is not None:
        if holds(person, found.roles, unit.township):
            return True
    return holds(person, found.roles, unit)


# -- the world: the demo county, and from it one object for each kind of URL parameter --------


class World:
    """The demo county (its three townships, each with offices, villages and an account for
    every role), plus the roles the demo has no account for."""

    def __init__(self) -> None:
        from gongkai.assessment.models import AccountabilityRecord, RectificationOrder
        from gongkai.bulletins.models import BatchSheet, Posting
        from gongkai.catalog.models import CatalogItem
        from gongkai.core import actions as core_actions
        from gongkai.core.tests.factories import member
        from gongkai.evaluation.models import ErrorReport, EvaluationRound, Rating
        from gongkai.info_requests.models import Filing, InfoRequest
        from gongkai.meetings import actions as meeting_actions
        from gongkai.meetings.models import Kind, Meeting, Signup
        from gongkai.obligations.models import Obligation, OversightOrder
        from gongkai.publishing.models import Attachment, Publication, PublicationTable
        from gongkai.publishing.tests.files import PNG
        from gongkai.reports.models import AnnualReport, ReviewCase
        from gongkai.villages.models import TownshipRecord, VillageStatement

        call_command("load_demo", stdout=io.StringIO())
        units = {u.short_name: u for u in Unit.objects.all()}
        self.county = Unit.objects.get(kind=UnitKind.COUNTY)
        self.own = units["青山镇"]
        self.other = units["白水乡"]
        self.office = units["青山镇财政所"]
        self.village = Unit.objects.filter(parent=self.own, kind=UnitKind.VILLAGE).order_by("path")[
            0
        ]
        # Roles the demo gives nobody: added so every role of every kind of unit is here.
        for unit, role in [
            (self.county, C),
            (self.county, I),
            (self.office, L),
            (self.office, A),
            (self.office, I),
            (self.village, L),
        ]:
            member(unit, role, username=f"extra_{unit.kind}_{role}")

        self.people = [Person("anonymous", None)]
        beside = Unit.objects.filter(parent=self.other).order_by("path")
        wanted = {self.county.pk, self.own.pk, self.office.pk, self.village.pk, self.other.pk}
        wanted |= {beside.filter(kind=UnitKind.OFFICE)[0].pk}
        wanted |= {beside.filter(kind=UnitKind.VILLAGE)[0].pk}
        for user in User.objects.filter(memberships__isnull=False).distinct().order_by("pk"):
            rows = [(m.role, m.unit) for m in Membership.objects.filter(user=user)]
            # The county, the own township with its first office and village, and the
            # people of another township (to whom the own township's objects are foreign).
            if any(unit.pk in wanted for _, unit in rows):
                self.people.append(Person(user.username, user, rows))

        published = Publication.objects.filter(status="published")
        self.attachment = (
            Attachment.objects.filter(
                version__publication__unit=self.own, version__publication__audience="public"
            )
            .select_related("version__publication")
            .order_by("pk")[0]
        )
        self.public: Any = self.attachment.version.publication
        self.table = (
            PublicationTable.objects.filter(
                version__publication__unit=self.own, version__publication__audience="public"
            )
            .select_related("version__publication")
            .order_by("pk")[0]
        )
        self.internal: Any = published.filter(unit=self.own, audience="internal").order_by("pk")[0]
        self.draft: Any = Publication.objects.filter(unit=self.own, status="draft").order_by("pk")[
            0
        ]
        # A picture in the draft's text, kept as its attachment.
        self.picture = Attachment(
            version=self.draft.draft,
            title="现场照片",
            name="现场照片.png",
            kind="png",
            size=len(PNG),
        )
        self.picture.file.save("现场照片.png", ContentFile(PNG), save=False)
        self.picture.save()
        self.guide = published.filter(unit=self.office, item__service_guide=True).order_by("pk")[0]
        self.replied = InfoRequest.objects.get(unit=self.own, applicant_name="陈小红")
        self.received = InfoRequest.objects.get(unit=self.own, applicant_name="王春花")
        self.filing = Filing.objects.filter(unit=self.own).order_by("pk")[0]
        self.item = CatalogItem.objects.filter(owner__isnull=True).order_by("pk")[0]
        self.report = AnnualReport.objects.get(unit=self.own, year=2025)
        self.case = ReviewCase.objects.filter(unit=self.own).order_by("pk")[0]
        self.rating = Rating.objects.filter(unit=self.own).order_by("pk")[0]
        self.error_report = ErrorReport.objects.filter(unit=self.own).order_by("pk")[0]
        self.round = EvaluationRound.objects.order_by("pk")[0]
        self.rectification = RectificationOrder.objects.filter(unit=self.own).order_by("pk")[0]
        self.accountability = AccountabilityRecord.objects.order_by("pk")[0]
        self.statement = (
            VillageStatement.objects.filter(village__parent=self.own, publication=None)
            .order_by("pk")
            .first()
            or VillageStatement.objects.filter(village__parent=self.own).order_by("pk")[0]
        )
        self.line = self.statement.lines.order_by("pk").first()
        self.obligation = Obligation.objects.filter(unit=self.own).order_by("pk")[0]
        self.order = OversightOrder.objects.order_by("pk")[0]
        self.posting = Posting.objects.filter(unit=self.own).order_by("pk")[0]
        # A batch of sheets asked for by a clerk who is not one of the people above.
        self.batch = BatchSheet.objects.create(
            unit=self.own,
            publications=[],
            size="A4",
            shown_from=dt.date(2026, 11, 26),
            shown_to=dt.date(2026, 12, 25),
            requested_by=member(self.own, C, username="matrix_batch_requester"),
        )
        self.photo = Posting.objects.exclude(photo="").order_by("pk").first() or self.posting
        self.membership = Membership.objects.filter(unit=self.own).order_by("pk")[0]
        now = timezone.now()
        # The demo's meeting still to come (announced, with sign-ups), the one held (its
        # decisions published), and a draft announcement made here.
        self.meeting = Meeting.objects.filter(unit=self.own, starts_at__gt=now).order_by("pk")[0]
        self.past_meeting = Meeting.objects.filter(unit=self.own, starts_at__lte=now).order_by(
            "pk"
        )[0]
        self.draft_meeting = meeting_actions.draft(
            unit=self.own,
            by=Membership.objects.filter(unit=self.own, role=C).order_by("pk")[0].user,
            now=now,
            kind=Kind.BRIEFING,
            title="草稿会议公告说明会",
            starts_at=now + dt.timedelta(days=20),
            place="镇政府会议室",
            how_to_attend="网上报名",
            seats=10,
            signup_days=2,
        )
        # A sign-up of a name found nowhere else: the applicant of a meeting.
        self.signup = Signup.objects.create(
            meeting=self.meeting, name="欧阳报名人", phone="13907319999", token_hash="matrix" * 8
        )
        self.township_record = TownshipRecord.objects.filter(township=self.own).order_by("pk")[0]
        self.calendar_day = core_actions.set_calendar_day(
            by=None, day=dt.date(2026, 10, 8), is_workday=False, name="国庆"
        )
        # What must never reach a reader who may not see it.
        self.secrets = {
            "draft": (str(getattr(self.draft.draft, "title", "")), self.own),
            "internal": (str(getattr(self.internal.current, "title", "")), self.own),
            "applicant": (self.replied.applicant_name, self.own),
            "meeting draft": (self.draft_meeting.title, self.own),
            "sign-up": (self.signup.name, self.own),
        }
        assert all(len(secret) >= 3 for secret, _unit in self.secrets.values())


def index_kwargs(publication) -> dict:
    code, number = publication.index_no.split("/", 1)
    return {"org_code": code, "number": number}


def pub(w: World, publication) -> tuple[dict, Unit]:
    return index_kwargs(publication), publication.unit


def code(w: World, req=None) -> tuple[dict, Unit]:
    req = req or w.replied
    return {"code": req.tracking_code}, req.unit


Fill = Callable[[World], tuple[dict, Unit | None]]
ROWS: list[tuple[str, Rule, Fill]] = []


def row(name: str, found: Rule, fill: Fill = lambda w: ({}, None)) -> None:
    """A URL's rule, and how to fill its parameters. A URL may have more than one row (the
    same page for a public and an internal publication)."""
    ROWS.append((name, found, fill))
    TABLE.setdefault(name, found)


# Public pages: anyone. Their content is checked for secrets like every other answer's.
for name in [
    "health:healthz",
    "set_language",
    "info_requests_public:apply",
    "info_requests_public:track",
    "reports_public:index",
    "search:page",
    "publishing_public:catalog_index",
    "portal:home",
    "portal:my_village",
    "portal:seals",
    "portal:county_column",
    "portal:track_error_report",
    "portal:feed",
    "portal:sitemap",
]:
    row(name, rule(ANY))
for name in ["portal:column", "portal:guide", "portal:rules", "portal:proactive"]:
    row(name, rule(ANY), lambda w: ({"org_code": w.own.org_code}, w.own))
for name in [
    "portal:annual_reports",
    "portal:on_application",
    "portal:unit",
    "portal:unit_feed",
    "publishing_public:unit_catalog",
    "publishing_public:unit_publications",
]:
    row(name, rule(ANY), lambda w: ({"org_code": w.own.org_code}, w.own))
row("portal:item_feed", rule(ANY), lambda w: ({"item": w.item.pk}, None))
row(
    "portal:unit_item_feed",
    rule(ANY),
    lambda w: ({"org_code": w.own.org_code, "item": w.item.pk}, w.own),
)
row("portal:sitemap_section", rule(ANY), lambda w: ({"section": "publications"}, None))
row("portal:error_report", rule(ANY), lambda w: ({"code": w.error_report.tracking_code}, None))
for name in [
    "publishing_public:publication",
    "publishing_public:verify",
    "bulletins:public_sheet",
    "portal:rate_publication",
    "portal:report_error",
]:
    row(name, rule(ANY), lambda w: pub(w, w.public))
# The public pages of an internal publication: for the people who read internal ones.
for name in ["publishing_public:publication", "publishing_public:verify"]:
    row(name, rule(READERS), lambda w: pub(w, w.internal))
row(
    "publishing_public:version",
    rule(ANY),
    lambda w: ({**index_kwargs(w.public), "version": w.public.current.number}, w.own),
)
row(
    "publishing_public:attachment",
    rule(ANY),
    lambda w: (
        {
            **index_kwargs(w.public),
            "version": w.attachment.version.number,
            "part": w.attachment.pk,
        },
        w.own,
    ),
)
row(
    "publishing_public:table",
    rule(ANY),
    lambda w: (
        {
            **index_kwargs(w.table.version.publication),
            "version": w.table.version.number,
            "part": w.table.pk,
            "fmt": "csv",
        },
        w.own,
    ),
)
for name in ["guides:guide", "guides:card"]:
    row(name, rule(ANY), lambda w: pub(w, w.guide))
row(
    "reports_public:report",
    rule(ANY),
    lambda w: ({"org_code": w.own.org_code, "year": w.report.year}, w.own),
)
row(
    "reports_public:download",
    rule(ANY),
    lambda w: ({"org_code": w.own.org_code, "year": w.report.year, "fmt": "pdf"}, w.own),
)
for name in ["meetings_public:index", "meetings_public:my_signups", "topics:index"]:
    row(name, rule(ANY))
row("meetings_public:unit", rule(ANY), lambda w: ({"org_code": w.own.org_code}, w.own))
for which in ["meeting", "past_meeting"]:
    row(
        "meetings_public:meeting",
        rule(ANY),
        lambda w, which=which: (  # type: ignore[misc]
            {"org_code": w.own.org_code, "pk": getattr(w, which).pk},
            w.own,
        ),
    )
# A draft announcement is not on the portal.
row(
    "meetings_public:meeting",
    rule(NOBODY),
    lambda w: ({"org_code": w.own.org_code, "pk": w.draft_meeting.pk}, w.own),
)
row("topics:topic", rule(ANY), lambda w: ({"topic": w.public.current.topic}, None))
# The applicant's pages: without the tracking token in the session, nobody's (404).
for name in ["info_requests_public:status", "portal:rate_reply", "portal:correct_application"]:
    row(name, rule(NOBODY), code)
row(
    "info_requests_public:document",
    rule(NOBODY),
    lambda w: ({"code": w.replied.tracking_code, "pk": 1}, w.own),
)

# Staff pages.
for name in [
    "core:dashboard",
    "obligations:todo",
    "core:password_change",
    "core:two_factor_enrol",
    "core:two_factor_verify",
    "publishing:work",
    "info_requests:queue",
    "info_requests:filings",
    "catalog:browse",
    "reports:index",
    "evaluation:inbox",
    "assessment:rectifications",
    "villages:index",
    "bulletins:index",
    "bulletins:postings",
    "guides:index",
    "obligations:orders",
    "core:calendar",
]:
    row(name, rule(STAFF))
row("core:sign_in", rule(ANY))
row("core:sign_out", rule(ANY, post=True))
row("portal:display", rule(ANY, post=True))
row("obligations:read_notifications", rule(STAFF, post=True))
row("info_requests:register", rule(HANDLERS, kinds=NOT_VILLAGES))
row("info_requests:supervise", rule({S}, at="county"))
# A filing is acknowledged at the superior (the county) by its supervisor.
row("info_requests:acknowledge", rule({S}, post=True), lambda w: ({"pk": w.filing.pk}, w.county))
for name in ["info_requests:detail", "info_requests:letter"]:
    row(name, rule(HANDLERS), code)
row(
    "info_requests:letter_file",
    rule(HANDLERS),
    lambda w: ({"code": w.replied.tracking_code, "kind": "docx"}, w.own),
)
row(
    "info_requests:notice",
    rule(HANDLERS),
    lambda w: ({"code": w.replied.tracking_code, "kind": "receipt", "fmt": "html"}, w.own),
)
# No reply or correction file in the demo: 404 for everyone (handlers included).
row(
    "info_requests:document",
    rule(NOBODY),
    lambda w: ({"code": w.replied.tracking_code, "pk": 1}, w.own),
)
row(
    "info_requests:correction_file",
    rule(NOBODY),
    lambda w: ({"code": w.replied.tracking_code, "pk": 1}, w.own),
)
for name in ["info_requests:assign", "info_requests:proactive", "info_requests:transfer"]:
    row(name, rule(HANDLERS, post=True), lambda w: code(w, w.received))
row(
    "info_requests:step",
    rule(HANDLERS, post=True),
    lambda w: ({"code": w.received.tracking_code, "kind": "extend"}, w.own),
)
row(
    "info_requests:records",
    rule(HANDLERS, post=True),
    lambda w: ({"code": w.received.tracking_code, "how": "ask"}, w.own),
)
row(
    "info_requests:finding",
    rule(HANDLERS, post=True),
    lambda w: ({"code": w.received.tracking_code, "pk": 1, "how": "mask"}, w.own),
)

row("publishing:new", rule({C}), lambda w: ({"org_code": w.own.org_code}, w.own))
for name in ["publishing:detail"]:
    row(name, rule(WORKERS), lambda w: ({"pk": w.draft.pk}, w.own))
row("publishing:edit", rule({C}), lambda w: ({"pk": w.draft.pk}, w.own))
row("publishing:discard", rule({C}, post=True), lambda w: ({"pk": w.draft.pk}, w.own))
# The draft's own people get the step's form or a message (the action decides the role and
# writes nothing when it refuses: checked below); anyone else gets 404.
for name, roles in [
    ("publishing:submit", WORKERS),
    ("publishing:return", WORKERS),
    ("publishing:approve", WORKERS),
    ("publishing:decision", WORKERS),
    ("publishing:congress", WORKERS),
    ("publishing:publish", WORKERS),
]:
    row(name, rule(roles, post=True), lambda w: ({"pk": w.draft.pk}, w.own))
# The withdrawal form (a reason is required) is the unit's; the action checks the role.
row("publishing:withdraw", rule(MEMBERS, post=True), lambda w: ({"pk": w.public.pk}, w.own))
# The take-down form (a reason and a confirmation box) stops at the form for the unit's people.
row("publishing:take_down", rule(MEMBERS, post=True), lambda w: ({"pk": w.public.pk}, w.own))
# The confirm pages (GET) of publishing and withdrawing are the unit's reviewers'.
row("publishing:publish", rule({R, V}), lambda w: ({"pk": w.draft.pk}, w.own))
row("publishing:withdraw", rule({R, V}), lambda w: ({"pk": w.public.pk}, w.own))
# 勘误: the correction form is the unit's clerks'; its confirm page (here: nothing to
# publish, a message) its reviewers'; an empty "material" form stops at the form (400) for
# the unit's people before the action checks the one reviewer.
row("publishing:correct", rule({C}), lambda w: ({"pk": w.public.pk}, w.own))
row("publishing:publish_correction", rule({R, V}), lambda w: ({"pk": w.public.pk}, w.own))
row(
    "publishing:treat_as_amendment",
    rule(MEMBERS, post=True),
    lambda w: ({"pk": w.public.pk}, w.own),
)
# The checks beside the text are for those who draft: the unit's clerks.
row("publishing:check", rule({C}, post=True), lambda w: ({"org_code": w.own.org_code}, w.own))
for name in ["publishing:mask", "publishing:override"]:
    row(name, rule(WORKERS, post=True), lambda w: ({"pk": w.draft.pk, "finding": 1}, w.own))
row(
    "publishing:attachment",
    rule(MEMBERS),
    lambda w: ({"pk": w.public.pk, "part": w.attachment.pk}, w.own),
)
# Pictures go into a draft's text by its clerks (an empty upload is answered in words, 400);
# while a draft, a picture is seen by those who see the draft, and by no reader.
row("publishing:add_picture", rule({C}, post=True), lambda w: ({"pk": w.draft.pk}, w.own))
row("publishing_public:picture", rule(WORKERS), lambda w: ({"part": w.picture.pk}, w.own))
# The draft has no file or table to remove: 404 for everyone.
for name in ["publishing:remove_attachment", "publishing:remove_table"]:
    row(name, rule(NOBODY, post=True), lambda w: ({"pk": w.draft.pk, "part": 1}, w.own))

row("catalog:item_new", rule({S}, at="county"))
row("catalog:item_edit", rule({S}, at="county"), lambda w: ({"pk": w.item.pk}, w.county))
row(
    "catalog:item_active",
    rule({S}, at="county", post=True),
    lambda w: ({"pk": w.item.pk}, w.county),
)
row("catalog:unit_plan", rule(MEMBERS), lambda w: ({"org_code": w.own.org_code}, w.own))
row("catalog:own_item_new", rule({A, L, S}), lambda w: ({"org_code": w.own.org_code}, w.own))
row(
    "catalog:adopt_suggested",
    rule({A, L, S}, post=True),
    lambda w: ({"org_code": w.own.org_code}, w.own),
)

row("reports:overview", rule({S}, at="county"), lambda w: ({"year": 2025}, w.county))
row("reports:open", rule({C}, post=True), lambda w: ({"org_code": w.own.org_code}, w.own))
row("reports:cases", rule(MEMBERS), lambda w: ({"org_code": w.own.org_code}, w.own))
row(
    "reports:case_edit",
    rule(HANDLERS),
    lambda w: ({"org_code": w.own.org_code, "pk": w.case.pk}, w.own),
)
row("reports:detail", rule(MEMBERS), lambda w: ({"org_code": w.own.org_code, "year": 2026}, w.own))
for name in ["reports:values", "reports:text"]:
    row(name, rule({C}), lambda w: ({"org_code": w.own.org_code, "year": 2026}, w.own))
for name, roles in [("reports:refresh", {C}), ("reports:restore", {C}), ("reports:publish", {R})]:
    row(
        name,
        rule(roles, post=True),
        lambda w: ({"org_code": w.own.org_code, "year": 2026}, w.own),
    )
row(
    "reports:export",
    rule(MEMBERS),
    lambda w: ({"org_code": w.own.org_code, "year": 2026, "fmt": "docx"}, w.own),
)

row("evaluation:moderate", rule(HANDLERS), lambda w: ({"pk": w.rating.pk}, w.own))
row("evaluation:answer", rule(HANDLERS), lambda w: ({"pk": w.error_report.pk}, w.own))
row("evaluation:rounds", rule(STAFF))
row(
    "evaluation:close_round",
    rule({S}, at="county", post=True),
    lambda w: ({"pk": w.round.pk}, w.county),
)
row("evaluation:round_forms", rule({E}, at="county"), lambda w: ({"pk": w.round.pk}, w.county))
row(
    "evaluation:evaluate",
    rule({E}, at="county"),
    lambda w: ({"pk": w.round.pk, "org_code": w.own.org_code}, w.county),
)
row(
    "evaluation:export",
    rule(HANDLERS | {S}),
    lambda w: ({"org_code": w.own.org_code, "year": 2026}, w.own),
)

row("assessment:compute", rule({S}, at="county", post=True))
# Nothing computed and unpublished in the demo: 404 for everyone.
row("assessment:publish", rule(NOBODY, post=True))
row("assessment:recompute", rule(NOBODY, post=True))
row("assessment:scheme", rule(SCORES))
row("assessment:index", rule(SCORES, kinds=NOT_VILLAGES))
row("assessment:export", rule(SCORES, at="county"), lambda w: ({"year": 2025}, w.county))
for name in ["assessment:unit", "assessment:scorecard"]:
    row(
        name,
        rule(SCORES),
        lambda w: ({"org_code": w.own.org_code, "year": 2025}, w.own),
    )
row("assessment:incidents", rule(SCORES), lambda w: ({"org_code": w.own.org_code}, w.own))
row("assessment:issue", rule({S}), lambda w: ({"org_code": w.own.org_code}, w.own))
row(
    "assessment:rectification",
    rule(MEMBERS),
    lambda w: ({"pk": w.rectification.pk}, w.own),
)
row(
    "assessment:accountability",
    rule({S, L}),
    lambda w: ({"org_code": w.accountability.unit.org_code}, w.accountability.unit),
)

row("villages:template", rule(STAFF), lambda w: ({"fmt": "xlsx"}, None))
# A village's statement is for the village and its township; the empty line form stops
# at the form (400) before the action checks the clerk's role.
row(
    "villages:statement",
    rule(MEMBERS, at="township"),
    lambda w: ({"pk": w.statement.pk}, w.statement.village),
)
for name in ["villages:add_line", "villages:import"]:
    row(
        name,
        rule(MEMBERS, at="township", post=True),
        lambda w: ({"pk": w.statement.pk}, w.statement.village),
    )
row(
    "villages:submit",
    rule({C}, post=True),
    lambda w: ({"pk": w.statement.pk}, w.statement.village),
)
row(
    "villages:remove_line",
    rule({C}, post=True),
    lambda w: ({"pk": w.statement.pk, "line": getattr(w.line, "pk", 1)}, w.statement.village),
)
row(
    "villages:amend",
    rule(MEMBERS, at="township", post=True),
    lambda w: ({"pk": w.statement.pk}, w.statement.village),
)
# The township's records of its villages' matters: its people; an empty form stops at the
# form (400, or a message) before the action checks the clerk's or leader's role.
# The blank import templates are linked only from the staff pages that import them.
row("villages:records_template", rule(STAFF), lambda w: ({"fmt": "xlsx"}, None))
row("villages:records", rule(MEMBERS), lambda w: ({"org_code": w.own.org_code}, w.own))
row(
    "villages:import_records",
    rule(MEMBERS, post=True),
    lambda w: ({"org_code": w.own.org_code}, w.own),
)
for name in ["villages:correct_record", "villages:remove_record"]:
    row(
        name,
        rule(MEMBERS, post=True),
        lambda w: ({"org_code": w.own.org_code, "pk": w.township_record.pk}, w.own),
    )
row(
    "villages:reconciliation",
    rule(MEMBERS),
    lambda w: ({"org_code": w.own.org_code}, w.own),
)
row(
    "villages:new_statement",
    rule({C}),
    lambda w: ({"org_code": w.village.org_code}, w.village),
)

# Open meetings (会议公开): drafted by the clerk, announced (postponed, cancelled) by a reviewer
# or leader; the sign-ups are read by all three. The meeting's pages are theirs.
row("meetings:index", rule(STAFF))
row("meetings:new", rule({C}, kinds=NOT_VILLAGES))
for name in ["meetings:meeting", "meetings:signups_xlsx", "meetings:signups_print"]:
    row(name, rule(HANDLERS), lambda w: ({"pk": w.meeting.pk}, w.own))
row("meetings:meeting", rule(HANDLERS), lambda w: ({"pk": w.draft_meeting.pk}, w.own))
row("meetings:edit", rule({C}), lambda w: ({"pk": w.draft_meeting.pk}, w.own))
row("meetings:announce", rule({R, L}, post=True), lambda w: ({"pk": w.draft_meeting.pk}, w.own))
# An empty form stops at the form (400) for the meeting's people, before the action's check.
for name in ["meetings:postpone", "meetings:cancel"]:
    row(name, rule(HANDLERS, post=True), lambda w: ({"pk": w.meeting.pk}, w.own))
row("meetings:decisions", rule(HANDLERS, post=True), lambda w: ({"pk": w.past_meeting.pk}, w.own))

row("obligations:heat_map_xlsx", rule({A, S}))
row("obligations:unit", rule(MEMBERS), lambda w: ({"org_code": w.own.org_code}, w.own))
row("obligations:waive", rule({L}), lambda w: ({"pk": w.obligation.pk}, w.own))
row("obligations:record_event", rule(HANDLERS), lambda w: ({"org_code": w.own.org_code}, w.own))
row("obligations:stale", rule(MEMBERS), lambda w: ({"org_code": w.own.org_code}, w.own))
row(
    "obligations:issue_order",
    rule({S}),
    lambda w: ({"org_code": w.own.org_code, "query": f"item={w.obligation.item_id}"}, w.own),
)
row("obligations:answer_order", rule({C, L}), lambda w: ({"pk": w.order.pk}, w.order.unit))

row("core:unit", rule(MEMBERS), lambda w: ({"org_code": w.own.org_code}, w.own))
for name in ["core:unit_edit", "core:unit_add_child"]:
    row(name, rule({A, S}), lambda w: ({"org_code": w.own.org_code}, w.own))
row(
    "core:membership_add",
    rule({A, S}, post=True),
    lambda w: ({"org_code": w.own.org_code}, w.own),
)
row(
    "core:membership_remove",
    rule({A, S}, post=True),
    lambda w: ({"org_code": w.own.org_code, "pk": w.membership.pk}, w.own),
)
# An empty announcement stops at the form (a message, no change) for anyone.
row("core:calendar_announce", rule(STAFF, post=True))
row(
    "core:calendar_remove",
    rule({S}, at="county", post=True),
    lambda w: ({"pk": w.calendar_day.pk}, w.county),
)

# Without the sheet's options: the options form (400) to whoever may read the publication.
row("bulletins:sheet", rule(READERS), lambda w: ({"pk": w.internal.pk}, w.own))
row("bulletins:batch", rule(STAFF))
# A batch of sheets printed by the worker is only its requester's (none of these people).
for name in ["bulletins:batch_sheet", "bulletins:batch_sheet_pdf"]:
    row(name, rule(NOBODY), lambda w: ({"pk": w.batch.pk}, w.own))
row("bulletins:record", rule(HANDLERS, kinds=BOARDS))
row("bulletins:posting", rule(MEMBERS), lambda w: ({"pk": w.posting.pk}, w.posting.unit))
row(
    "bulletins:take_down",
    rule(MEMBERS, post=True),
    lambda w: ({"pk": w.posting.pk}, w.posting.unit),
)
# A village's posting is its township's too.
row(
    "bulletins:photo",
    rule(MEMBERS, at="township"),
    lambda w: ({"pk": w.photo.pk}, w.photo.unit),
)
for name in ["guides:staff_guide", "guides:staff_card"]:
    row(name, rule(MEMBERS), lambda w: ({"pk": w.guide.pk}, w.office))

# The Django admin: for superusers only; none of the people here is one.
row("admin", rule(NOBODY))

# The JSON API: public reads for anyone, staff endpoints with a key (posted to, empty).
for name in [
    "api:openapi-json",
    "api:openapi-view",
    "api:units",
    "api:catalog",
    "api:figures",
    "api:publications",
    "api:search",
    "api:obligation_list",
    "api:obligation_summary",
    "api:assessment",
    "api:schema",
    "api:meetings",
]:
    row(name, rule(ANY))
for name in ["api:publication", "api:verify"]:
    row(name, rule(ANY), lambda w: ({"index_no": w.public.index_no}, w.own))
# The API's public reads serve public publications only, whoever asks.
row("api:publication", rule(NOBODY), lambda w: ({"index_no": w.internal.index_no}, w.own))
for name in ["api:rate", "api:report_error"]:
    row(name, rule(ANY, post=True), lambda w: ({"index_no": w.public.index_no}, w.own))
row("api:info_request_submit", rule(ANY, post=True))
row("api:api-root", rule(NOBODY))  # a JSON 404
row(
    "api:info_request_status",
    rule(NOBODY),  # needs the applicant's token
    lambda w: ({"tracking_code": w.replied.tracking_code}, w.own),
)
row(
    "api:annual_report",
    rule(ANY),
    lambda w: ({"org_code": w.own.org_code, "year": w.report.year}, w.own),
)
row(
    "api:village_finance",
    rule(ANY),
    lambda w: ({"org_code": w.village.org_code}, w.village),
)
for name in [
    "api:staff_create",
    "api:info_request_register",
    "api:obligation_event",
    "api:staff_township_record",
]:
    row(name, rule(STAFF, post=True))  # any key gets past; the empty body is refused (422)
row("api:staff_reconciliation", rule(STAFF))
for name in ["api:staff_attach", "api:staff_record_decision", "api:staff_record_congress_approval"]:
    row(name, rule(STAFF, post=True), lambda w: ({"id": w.draft.pk}, w.own))
for name, roles in [
    ("api:staff_submit", {C}),
    ("api:staff_approve", {R, V}),
    ("api:staff_return", {R, V}),
    ("api:staff_publish", {R, V}),
]:
    row(name, rule(roles, post=True), lambda w: ({"id": w.draft.pk}, w.own))
row("api:staff_withdraw", rule({R}, post=True), lambda w: ({"id": w.public.pk}, w.own))
row("api:staff_take_down", rule({R, L}, post=True), lambda w: ({"id": w.public.pk}, w.own))
row(
    "api:staff_mask_finding",
    rule({C, R}, post=True),  # a reviewer masks as well as keeps
    lambda w: ({"id": w.draft.pk, "finding": 1}, w.own),
)
row(
    "api:staff_keep_finding",
    rule({R}, post=True),
    lambda w: ({"id": w.draft.pk, "finding": 1}, w.own),
)
row(
    "api:info_request_event",
    rule(STAFF, post=True),  # the empty body is refused (422) before the application is looked up
    lambda w: ({"tracking_code": w.received.tracking_code}, w.own),
)

# Any other path under the API: a JSON 404 for everyone.
row("route:^api/v1/", rule(NOBODY), lambda w: ({"path": "/api/v1/nowhere"}, None))


# -- the URL configuration -----------------------------------------------------------------


def url_names() -> set[str]:
    """Every named URL of the site (the Django admin counts as one), and each unnamed one by
    its route."""
    names: set[str] = set()

    def walk(patterns, space: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = space
                if pattern.namespace:
                    inner = f"{space}:{pattern.namespace}" if space else pattern.namespace
                if inner == "admin":
                    names.add("admin")
                    continue
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                if pattern.name:
                    names.add(f"{space}:{pattern.name}" if space else pattern.name)
                else:
                    names.add(f"route:{pattern.pattern}")

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_has_a_row():
    """A new URL needs a row in the table: who may use it, and with what object."""
    names = url_names()
    assert sorted(names - TABLE.keys()) == [], "add these URLs to TABLE"
    assert sorted(TABLE.keys() - names) == [], "these rows name URLs that are gone"


# -- the matrix ------------------------------------------------------------------------------


def path_of(name: str, kwargs: dict) -> str:
    if "query" in kwargs:
        query = kwargs.pop("query")
        return f"{path_of(name, kwargs)}?{query}"
    if "path" in kwargs:
        return kwargs["path"]
    if name == "admin":
        return reverse("admin:index")
    return reverse(name, kwargs=kwargs)


def refused(response, sign_in: str) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    if response.status_code == 302:
        target = response.headers.get("Location", "")
        return target.startswith(sign_in) or target.startswith(reverse("admin:login"))
    return False


TEXT = re.compile(r"text/|json|xml")


def may_see(person: Person, kind: str, unit: Unit) -> bool:
    roles = {
        "draft": WORKERS,
        "internal": READERS,
        "applicant": HANDLERS,
        "meeting draft": HANDLERS,  # meeting:draft, meeting:announce
        "sign-up": HANDLERS,  # meeting:read_signups
    }[kind]
    return holds(person, roles, unit)


def test_permission_matrix(db, monkeypatch):
    from gongkai.core import pdf, tokens

    # The permission is decided before anything is printed; printing is tested elsewhere.
    printed = pdf.from_html("<p>公开</p>")
    monkeypatch.setattr(pdf, "from_html", lambda html: printed)
    world = World()
    sign_in = reverse("core:sign_in")
    clients: dict[str, Client] = {}
    keys: dict[str, dict] = {}
    for person in world.people:
        client = Client()
        if person.user is not None:
            client.force_login(person.user)
            keys[person.label] = {"HTTP_AUTHORIZATION": f"Token {tokens.issue(person.user)[1]}"}
        clients[person.label] = client
    api_client = Client()

    leaks: list[str] = []
    wrong: list[str] = []
    # A public page is asked for by a stranger and by a reader of each township, not by all.
    few = [p for p in world.people if p.label in ("anonymous", "qingshan_staff", "baishui_clerk")]
    for name, found, fill in ROWS:
        try:
            kwargs, unit = fill(world)
            path = path_of(name, kwargs)
        except Exception as error:  # a row whose object or parameters are wrong
            wrong.append(f"{name}: {error!r}")
            continue
        for person in few if found.roles == ANY else world.people:
            api = name.startswith("api:") or name.startswith("route:^api")
            client = api_client if api else clients[person.label]
            extra = keys.get(person.label, {}) if api else {}
            before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
            try:
                with transaction.atomic():
                    if found.post:
                        response = client.post(path, **extra)
                    else:
                        response = client.get(path, **extra)
                    changed = list(
                        AuditEvent.objects.filter(pk__gt=before).values_list("action", flat=True)
                    )
                    transaction.set_rollback(True)
            except Exception as error:
                wrong.append(f"{name} {path} {person.label}: {error!r}")
                continue
            if name == "core:sign_out" and person.user is not None:
                client.force_login(person.user)  # signed out: sign in again for what follows
            allowed = not refused(response, sign_in)
            if allowed != expected(person, found, unit, world):
                wrong.append(
                    f"{name} {path} {person.label}: {response.status_code} "
                    f"({'allowed' if allowed else 'refused'})"
                )
            # A refused staff member's attempt is itself audited (":refused"); nothing else.
            changed = [action for action in changed if not action.endswith(":refused")]
            if not allowed and changed:
                leaks.append(f"{name} {path} {person.label}: refused but recorded {changed}")
            if response.streaming or not TEXT.search(response.get("Content-Type", "")):
                continue
            text = response.content.decode("utf-8", "replace")
            for kind, (secret, where) in world.secrets.items():
                if secret in text and not may_see(person, kind, where):
                    leaks.append(f"{name} {path} {person.label}: shows the {kind} {secret!r}")
    assert not leaks, "\n".join(leaks)
    assert not wrong, "\n".join(wrong)
