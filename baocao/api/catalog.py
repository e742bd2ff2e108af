"""Catalog (read): units, indicators, templates, periods."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Query, Router
from pydantic import Field

from baocao.api.paging import MAX_LIMIT, page
from baocao.api.responses import PERIOD_KEY, READ
from baocao.api.schemas import (
    IndicatorOut,
    IndicatorPage,
    PeriodOut,
    TemplateOut,
    UnitOut,
    UnitPage,
)
from baocao.catalog.models import Indicator, ReportTemplate, Unit
from baocao.catalog.periods import Period, month_range

router = Router(tags=["catalog"])
Limit = Query(100, ge=1, le=MAX_LIMIT)


def unit_out(unit: Unit) -> dict:
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "parent": unit.parent.code if unit.parent_id else None,
        "formed_from": unit.formed_from,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "successor": unit.successor.code if unit.successor_id else None,
        "current": unit.valid_to is None,
    }


def indicator_out(ind: Indicator) -> dict:
    return {
        "code": ind.code,
        "name": ind.name,
        "unit": ind.unit,
        "kind": ind.kind,
        "group": ind.group,
        "parts": list(ind.parts or []),
        "partial": ind.partial,
        "of": list(ind.of or []),
    }


@router.get("/units", response={200: UnitPage, **READ}, summary="Units (communes, former units)")
def units(
    request,
    province: str | None = Query(None, max_length=20, description="code of the province/city"),
    kind: str | None = Query(None, max_length=10, description="xa, phuong, dac_khu, city, office"),
    parent: str | None = Query(None, max_length=20, description="code of the parent unit"),
    current: bool | None = Query(None, description="only current (true) or former (false) units"),
    limit: int = Limit,
    cursor: str | None = Query(None, max_length=100, pattern=r"^[A-Za-z0-9_-]+$"),
):
    """Official units (QĐ 19/2025), with former units (valid_to) and their successor."""
    qs = Unit.objects.select_related("parent", "successor")
    if province:
        qs = qs.filter(parent__code=province)
    if parent:
        qs = qs.filter(parent__code=parent)
    if kind:
        qs = qs.filter(kind=kind)
    if current is not None:
        qs = qs.filter(valid_to__isnull=current)
    rows, next_cursor = page(qs, limit, cursor)
    return {"items": [unit_out(u) for u in rows], "next_cursor": next_cursor}


@router.get("/units/{code}", response={200: UnitOut, **READ}, summary="One unit")
def unit(request, code: str):
    return unit_out(
        get_object_or_404(Unit.objects.select_related("parent", "successor"), code=code)
    )


@router.get("/indicators", response={200: IndicatorPage, **READ}, summary="Indicators")
def indicators(
    request,
    group: str | None = Query(None, max_length=40),
    limit: int = Limit,
    cursor: str | None = Query(None, max_length=100, pattern=r"^[A-Za-z0-9_-]+$"),
):
    """Chỉ tiêu: code, name, unit, kind (flow, stock, rate), breakdown parts, rate definition."""
    qs = Indicator.objects.all()
    if group:
        qs = qs.filter(group=group)
    rows, next_cursor = page(qs, limit, cursor)
    return {"items": [indicator_out(i) for i in rows], "next_cursor": next_cursor}


@router.get("/templates", response={200: list[TemplateOut], **READ}, summary="Report templates")
def templates(request):
    return [
        {
            "code": t.code,
            "name": t.name,
            "issuer": t.issuer,
            "frequency": t.frequency,
            "period_mode": t.period_mode,
            "deadline_days": t.deadline_days,
            "title": t.title,
            "mandatory": list(t.mandatory or []),
        }
        for t in ReportTemplate.objects.defer("outline")
    ]


@router.get("/periods", response={200: list[PeriodOut], **READ}, summary="Periods and deadlines")
def periods(
    request,
    template: str = Query("ubnd-monthly", max_length=40),
    first: str = Query(
        ...,
        alias="from",
        max_length=10,
        examples=["2025-01"],
        pattern=PERIOD_KEY,
    ),
    last: str = Query(
        ...,
        alias="to",
        max_length=10,
        examples=["2025-12"],
        pattern=PERIOD_KEY,
    ),
):
    """Each period's data window (ND 09/2019: 15th to 14th, or calendar) and deadline."""
    tmpl = get_object_or_404(ReportTemplate.objects.defer("outline"), code=template)
    span = month_range(Period.parse(first), Period.parse(last))[:240]
    return [
        {
            "key": p.key,
            "label": p.label,
            "start": p.window(tmpl.period_mode)[0],
            "end": p.window(tmpl.period_mode)[1],
            "deadline": p.deadline(tmpl.period_mode, tmpl.deadline_days),
        }
        for p in span
    ]


_ = (IndicatorOut, Field)  # schemas referenced by name in OpenAPI
