from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core import access, actions
from gongkai.core.access import Perm
from gongkai.core.models import Membership, Role, Unit

from .factories import UserFactory, county, member, office, township, village

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    root = county()
    town = township(root)
    other_town = township(root)
    return {
        "county": root,
        "township": town,
        "office": office(town),
        "village": village(town),
        "other_township": other_town,
        "other_office": office(other_town),
    }


@pytest.mark.parametrize(
    ("role", "where", "perm", "unit", "allowed"),
    [
        (Role.CLERK, "township", Perm.DRAFT, "township", True),
        (Role.CLERK, "township", Perm.DRAFT, "office", False),
        (Role.CLERK, "township", Perm.REVIEW, "township", False),
        (Role.REVIEWER, "township", Perm.REVIEW, "township", True),
        (Role.REVIEWER, "township", Perm.DRAFT, "township", False),
        (Role.LEADER, "township", Perm.DECIDE, "township", True),
        (Role.LEADER, "township", Perm.DECIDE, "other_township", False),
        (Role.UNIT_ADMIN, "township", Perm.MANAGE_UNIT, "office", True),
        (Role.UNIT_ADMIN, "township", Perm.MANAGE_UNIT, "village", True),
        (Role.UNIT_ADMIN, "township", Perm.MANAGE_UNIT, "county", False),
        (Role.UNIT_ADMIN, "township", Perm.MANAGE_UNIT, "other_office", False),
        (Role.UNIT_ADMIN, "township", Perm.DRAFT, "township", False),
        (Role.SUPERVISOR, "county", Perm.SUPERVISE, "other_office", True),
        (Role.SUPERVISOR, "county", Perm.DRAFT, "township", False),
        (Role.SUPERVISOR, "county", Perm.READ_INTERNAL, "township", False),
        (Role.INTERNAL_STAFF, "township", Perm.READ_INTERNAL, "township", True),
        (Role.INTERNAL_STAFF, "township", Perm.READ_INTERNAL, "office", True),
        (Role.INTERNAL_STAFF, "township", Perm.READ_INTERNAL, "other_township", False),
        (Role.INTERNAL_STAFF, "township", Perm.DRAFT, "township", False),
        (Role.CLERK, "office", Perm.READ_INTERNAL, "office", True),
        (Role.CLERK, "office", Perm.USE_BACKOFFICE, "township", False),
    ],
)
def test_who_may_do_what_where(tree, role, where, perm, unit, allowed):
    user = member(tree[where], role)
    assert access.can(user, perm, tree[unit]) is allowed


def test_several_memberships_add_up(tree):
    user = member(tree["township"], Role.CLERK)
    Membership.objects.create(user=user, unit=tree["office"], role=Role.REVIEWER)
    access.forget(user)
    assert access.can(user, Perm.DRAFT, tree["township"])
    assert access.can(user, Perm.REVIEW, tree["office"])
    assert not access.can(user, Perm.REVIEW, tree["township"])


def test_units_scopes_a_queryset_to_where_the_user_may_act(tree):
    admin = member(tree["township"], Role.UNIT_ADMIN)
    assert set(access.units(admin, Perm.MANAGE_UNIT)) == {
        tree["township"],
        tree["office"],
        tree["village"],
    }
    clerk = member(tree["office"], Role.CLERK)
    assert list(access.units(clerk, Perm.DRAFT)) == [tree["office"]]
    assert not access.units(clerk, Perm.MANAGE_UNIT).exists()


def test_anonymous_and_inactive_users_may_do_nothing(tree):
    from django.contrib.auth.models import AnonymousUser

    assert not access.can(AnonymousUser(), Perm.USE_BACKOFFICE, tree["township"])
    user = member(tree["township"], Role.UNIT_ADMIN, is_active=False)
    assert not access.can(user, Perm.MANAGE_UNIT, tree["township"])
    assert not access.units(user, Perm.MANAGE_UNIT).exists()


def test_a_superuser_may_do_everything(tree):
    root = UserFactory(is_superuser=True)
    assert access.can(root, Perm.DRAFT, tree["village"])
    assert access.units(root, Perm.SUPERVISE).count() == Unit.objects.count()


def test_require_gives_a_reason(tree):
    clerk = member(tree["township"], Role.CLERK)
    with pytest.raises(PermissionDenied) as raised:
        access.require(clerk, Perm.MANAGE_UNIT, tree["township"])
    assert str(raised.value)


def test_an_administrator_cannot_give_roles_in_a_unit_they_do_not_manage(tree):
    admin = member(tree["township"], Role.UNIT_ADMIN)
    someone = UserFactory()
    with pytest.raises(PermissionDenied):
        actions.add_membership(by=admin, user=someone, unit=tree["other_township"], role=Role.CLERK)
    assert not Membership.objects.filter(user=someone).exists()
    actions.add_membership(by=admin, user=someone, unit=tree["office"], role=Role.CLERK)
    assert access.can(someone, Perm.DRAFT, tree["office"])


def test_a_supervisor_belongs_to_the_county_only(tree):
    county_admin = member(tree["county"], Role.UNIT_ADMIN)
    someone = UserFactory()
    with pytest.raises(ValidationError):
        actions.add_membership(
            by=county_admin, user=someone, unit=tree["township"], role=Role.SUPERVISOR
        )
    assert not Membership.objects.filter(user=someone).exists()


@pytest.mark.parametrize("perm", list(Perm))
def test_every_refusal_says_who_may(tree, perm):
    outsider = member(tree["other_township"], Role.INTERNAL_STAFF)
    with pytest.raises(PermissionDenied) as refused:
        access.require(outsider, perm, tree["township"])
    assert str(refused.value)


def test_questions_about_a_record_are_asked_by_name_and_refuse_with_a_reason(tree):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import ImproperlyConfigured

    clerk = member(tree["township"], Role.CLERK)
    name = "test:draft_here"
    access.question(name, denied=lambda unit: f"not in {unit.name}")(
        lambda user, unit: access.can(user, Perm.DRAFT, unit)
    )
    try:
        assert access.may(clerk, name, tree["township"])
        assert not access.may(AnonymousUser(), name, tree["township"])
        assert access.answers(clerk, tree["office"], name) == {"may_draft_here": False}
        with pytest.raises(PermissionDenied, match=tree["office"].name):
            access.demand(clerk, name, tree["office"])
        with pytest.raises(ImproperlyConfigured):
            access.may(clerk, "test:never_declared", tree["township"])
    finally:
        access._QUESTIONS.pop(name)


def test_can_within_reaches_the_units_below(tree):
    clerk = member(tree["office"], Role.CLERK)
    assert access.can_within(clerk, Perm.DRAFT, tree["township"])
    assert access.can_within(clerk, Perm.DRAFT, tree["county"])
    assert not access.can_within(clerk, Perm.DRAFT, tree["other_township"])


def test_an_action_for_a_person_is_checked_and_one_for_the_system_is_not(tree):
    clerk = member(tree["township"], Role.CLERK)
    access.require_unless_system(clerk, Perm.DRAFT, tree["township"])
    with pytest.raises(PermissionDenied):
        access.require_unless_system(clerk, Perm.REVIEW, tree["township"])
    # A management command, a scheduled job or the demo loader acts as nobody.
    access.require_unless_system(None, Perm.REVIEW, tree["township"])


def test_an_actions_question_about_a_record_is_asked_of_the_person_only(tree):
    handler = member(tree["township"], Role.CLERK)
    stranger = member(tree["other_township"], Role.CLERK)
    # The township's handlers handle what comes to its offices too.
    access.require_unless_system(handler, "info_request:handle_for_unit", tree["office"])
    with pytest.raises(PermissionDenied):
        access.require_unless_system(stranger, "info_request:handle_for_unit", tree["office"])
    access.require_unless_system(None, "info_request:handle_for_unit", tree["office"])
