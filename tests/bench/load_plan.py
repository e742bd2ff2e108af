"""The load test's data side, run inside `baocao shell` against the load database:
`prepare` gives every current commune a clerk of its own and its latest report open
for writing, and writes the plan (who edits which figure and paragraph) as JSON;
`stored` writes back the figures the database holds for the plan's clerks."""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from baocao.accounts.models import Membership
from baocao.catalog.models import Unit
from baocao.demo.load import CITY_CODE, PASSWORD
from baocao.reports.models import Block, Report, Value

CITY_USERS = 10


def _user(username: str, unit: Unit, role: str, hashed: str):
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": username, "password": hashed}
    )
    Membership.objects.get_or_create(user=user, unit=unit, role=role)
    return user


def prepare(path: str) -> None:
    hashed = make_password(PASSWORD)  # one slow hash for every load account
    clerks = []
    with transaction.atomic():
        communes = Unit.objects.filter(kind__in=Unit.COMMUNE_KINDS, valid_to__isnull=True).order_by(
            "code"
        )
        for unit in communes:
            report = unit.reports.order_by("-period", "-pk").first()
            if report is None:
                continue
            # A value the clerk retypes: one shown in a section of the report.
            values = {
                v.indicator.code: v
                for v in Value.objects.filter(report=report).select_related("indicator")
            }
            section = code = None
            for candidate in report.sections.order_by("pk"):
                found = [c for c in candidate.indicators if c in values]
                if found:
                    section, code = candidate, found[0]
                    break
            block = (
                Block.objects.filter(section__report=report, kind=Block.PARAGRAPH)
                .exclude(text="")
                .order_by("section_id", "position", "pk")
                .first()
            )
            if section is None or block is None:
                continue
            Report.objects.filter(pk=report.pk).update(status=Report.DRAFT)
            _user(f"load.{unit.code}", unit, Membership.CLERK, hashed)
            clerks.append(
                {
                    "username": f"load.{unit.code}",
                    "unit": unit.code,
                    "report": report.pk,
                    "section": section.pk,
                    "code": code,
                    "block": block.pk,
                    "block_section": block.section_id,
                    "text": block.text,
                }
            )
        city = Unit.objects.get(code=CITY_CODE)
        readers = [f"load.city{i}" for i in range(1, CITY_USERS + 1)]
        for username in readers:
            _user(username, city, Membership.CITY_STAFF, hashed)
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"password": PASSWORD, "clerks": clerks, "city": readers}, out)
    print(f"load plan: {len(clerks)} clerks, {len(readers)} city users")


def stored(plan_path: str, out_path: str) -> None:
    with open(plan_path, encoding="utf-8") as f:
        plan = json.load(f)
    result = {}
    for clerk in plan["clerks"]:
        value = Value.objects.filter(
            report_id=clerk["report"], indicator__code=clerk["code"]
        ).first()
        result[clerk["username"]] = None if value is None else format(value.value.normalize(), "f")
    with open(out_path, "w", encoding="utf-8") as out:
        json.dump(result, out)
