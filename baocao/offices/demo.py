"""The demo's offices: every commune gets the bodies the catalog does not create
(Công an, Quân sự, the Party committee's bodies); Thạch Khôi and Đại Sơn get office
users, and their reports the default section → office mapping, stored."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from baocao.accounts.models import Membership
from baocao.catalog.models import Unit
from baocao.offices.mapping import OFFICE_NAMES, assign_defaults

PASSWORD = "baocao2025"
# username, full name, commune code, office slug
OFFICE_USERS = [
    ("thachkhoi.kinhte", "Phạm Văn Hùng (Phòng Kinh tế phường Thạch Khôi)", "11002", "kt"),
    ("thachkhoi.vhxh", "Đỗ Thị Lan (Phòng Văn hóa - Xã hội phường Thạch Khôi)", "11002", "vhxh"),
    ("thachkhoi.tthc", "Ngô Minh Tuấn (Trung tâm Phục vụ HCC phường Thạch Khôi)", "11002", "pvhcc"),
    ("daison.kinhte", "Trần Văn Bình (Phòng Kinh tế xã Đại Sơn)", "11086", "kt"),
    ("daison.vhxh", "Nguyễn Thị Hoa (Phòng Văn hóa - Xã hội xã Đại Sơn)", "11086", "vhxh"),
    ("daison.tthc", "Lê Văn Đức (Trung tâm Phục vụ HCC xã Đại Sơn)", "11086", "pvhcc"),
    ("daison.xaydungdang", "Hoàng Thị Thu (Ban Xây dựng Đảng, Đảng ủy xã Đại Sơn)", "11086", "xdd"),
]
COMMUNES = ("11002", "11086")


def ensure_offices() -> int:
    """Every current commune has every office of OFFICE_NAMES (editable in the admin)."""
    communes = list(Unit.objects.filter(kind__in=Unit.COMMUNE_KINDS, valid_to__isnull=True))
    have = set(Unit.objects.filter(kind=Unit.OFFICE).values_list("code", flat=True))
    missing = [
        Unit(code=f"{c.code}.{slug}", name=name, kind=Unit.OFFICE, parent=c)
        for c in communes
        for slug, name in OFFICE_NAMES.items()
        if f"{c.code}.{slug}" not in have
    ]
    Unit.objects.bulk_create(missing, batch_size=2000)
    return len(missing)


def make_office_users() -> dict:
    User = get_user_model()
    users = {}
    hashed = make_password(PASSWORD)  # one slow hash for all: each takes ~0.4 s of CPU
    for username, full_name, commune, slug in OFFICE_USERS:
        first = full_name.partition(" (")[0]
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first}
        )
        if created:
            user.password = hashed
            user.save()
        office = Unit.objects.get(code=f"{commune}.{slug}")
        Membership.objects.get_or_create(user=user, unit=office, role=Membership.CLERK)
        users[username] = user
    return users


def load_offices() -> dict[str, int]:
    from baocao.reports.models import Report

    offices = ensure_offices()
    users = make_office_users()
    sections = 0
    for report in Report.objects.filter(unit__code__in=COMMUNES).select_related("template", "unit"):
        sections += assign_defaults(report)
    return {"offices": offices, "office_users": len(users), "office_sections": sections}
