from __future__ import annotations

import factory

from gongkai.core.codes import make_credit_code
from gongkai.core.demo import organisation_body
from gongkai.core.models import Membership, Role, Unit, UnitKind, User

PASSWORD = "correct horse battery"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    kind = UnitKind.COUNTY
    parent = None
    name = factory.Sequence(lambda n: f"测试单位{n}")
    short_name = factory.Sequence(lambda n: f"单位{n}")
    credit_code = factory.Sequence(
        lambda n: make_credit_code("11", "430000", organisation_body(20000000 + n))
    )


def county(**kwargs) -> Unit:
    return UnitFactory(kind=UnitKind.COUNTY, **kwargs)


def township(parent: Unit, **kwargs) -> Unit:
    return UnitFactory(kind=UnitKind.TOWNSHIP, parent=parent, **kwargs)


def office(parent: Unit, **kwargs) -> Unit:
    return UnitFactory(kind=UnitKind.OFFICE, parent=parent, **kwargs)


def village(parent: Unit, **kwargs) -> Unit:
    return UnitFactory(kind=UnitKind.VILLAGE, parent=parent, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs) -> None:
        if create:
            obj.save()


def member(unit: Unit, role: str = Role.CLERK, **kwargs) -> User:
    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, unit=unit, role=role)
    return user
