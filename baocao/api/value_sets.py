"""dataValueSets (DHIS2-shaped): a month's figures of one report out, and in, as JSON
or CSV. CSV columns: template, period, unit, indicator, value, comment; values are
written so the editor's parser reads them back exactly (decimal comma, no grouping)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from pydantic import ValidationError as PydanticError

from baocao.accounts.access import can_view_unit
from baocao.api.auth import require_write
from baocao.api.etags import report_etag
from baocao.api.imports import STRATEGIES, ValueRow, ValueSet, import_sets
from baocao.api.problems import ApiProblem
from baocao.api.responses import PERIOD_KEY, READ, WRITE
from baocao.api.schemas import DataValueSetIn, DataValueSetOut, ImportSummary
from baocao.catalog.models import Unit
from baocao.catalog.periods import Period
from baocao.reports.models import Report

router = Router(tags=["dataValueSets"])
CSV_TYPE = "text/csv; charset=utf-8"
COLUMNS = ["template", "period", "unit", "indicator", "value", "comment"]


def _json_number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def csv_number(value: Decimal) -> str:
    """'1050761000', '74,69': what the editor's parser reads back to the same value."""
    text = format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))
    return text.replace(".", ",")


def _wants_csv(request, fmt: str | None) -> bool:
    if fmt:
        return fmt == "csv"
    return "text/csv" in request.headers.get("Accept", "")


@router.get(
    "/dataValueSets",
    response={200: DataValueSetOut, **READ},
    summary="A report's figures",
    openapi_extra={
        "responses": {
            200: {
                "headers": {"ETag": {"schema": {"type": "string"}}},
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def get_value_set(
    request,
    response: HttpResponse,
    unit: str = Query(..., max_length=20, description="unit code, e.g. 11002", examples=["11086"]),
    period: str = Query(
        ...,
        max_length=10,
        description="e.g. 2025-11",
        examples=["2025-11"],
        pattern=PERIOD_KEY,
    ),
    template: str = Query("ubnd-monthly", max_length=40),
    format: Literal["json", "csv"] | None = Query(None, description="or Accept: text/csv"),
):
    """The figures of one report; the ETag is what If-Match carries when they are
    posted back."""
    found = Unit.objects.filter(code=unit).first()
    if found is None or not can_view_unit(request.user, found):
        raise ApiProblem(404, "Không tìm thấy đơn vị.", kind="not-found")
    key = Period.parse(period).key
    report = get_object_or_404(
        Report.objects.select_related("unit", "template"),
        unit=found,
        template__code=template,
        period=key,
    )
    values = list(
        report.values.order_by("indicator__position").values_list("indicator__code", "value")
    )
    etag = report_etag(report)
    if _wants_csv(request, format):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for code, value in values:
            writer.writerow([template, key, unit, code, csv_number(value), ""])
        csv_response = HttpResponse(out.getvalue(), content_type=CSV_TYPE)
        csv_response["ETag"] = etag
        return csv_response
    response["ETag"] = etag
    return {
        "template": template,
        "period": key,
        "unit": unit,
        "report": report.pk,
        "status": report.status,
        "dataValues": [
            {"indicator": code, "value": _json_number(value), "comment": ""}
            for code, value in values
        ],
    }


def _sets_from_csv(body: bytes, defaults: dict) -> list[ValueSet]:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApiProblem(422, "Tệp CSV phải mã hóa UTF-8.", kind="bad-csv") from None
    try:
        return _csv_rows(csv.DictReader(io.StringIO(text, newline="")), defaults)
    except csv.Error as exc:
        raise ApiProblem(422, f"Không đọc được tệp CSV: {exc}.", kind="bad-csv") from None


def _csv_rows(reader: csv.DictReader, defaults: dict) -> list[ValueSet]:
    fields = {(f or "").strip().lower() for f in reader.fieldnames or []}
    if not {"indicator", "value"} <= fields:
        raise ApiProblem(
            422, "Tệp CSV cần dòng tiêu đề có các cột indicator và value.", kind="bad-csv"
        )
    sets: dict[tuple, ValueSet] = {}
    for row in reader:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
        key = tuple(row.get(c) or defaults.get(c) or "" for c in ("template", "period", "unit"))
        if not key[1] or not key[2]:
            raise ApiProblem(
                422, "Mỗi dòng CSV cần period và unit (cột hoặc tham số).", kind="bad-csv"
            )
        vs = sets.setdefault(key, ValueSet(*key))
        vs.rows.append(ValueRow(row.get("indicator", ""), row.get("value"), row.get("comment")))
    return list(sets.values())


def _sets_from_json(body: bytes) -> list[ValueSet]:
    try:
        parsed = DataValueSetIn.model_validate(json.loads(body or b"null"))
    except (ValueError, PydanticError) as exc:
        errors = exc.errors(include_url=False) if isinstance(exc, PydanticError) else []
        raise ApiProblem(
            422,
            "Nội dung JSON không đúng dạng dataValueSet (template, period, unit, dataValues).",
            kind="validation",
            errors=json.loads(json.dumps(errors, default=str)),
        ) from None
    vs = ValueSet(parsed.template, parsed.period, parsed.unit)
    vs.rows = [ValueRow(d.indicator, d.value, d.comment) for d in parsed.dataValues]
    return [vs]


@router.post(
    "/dataValueSets",
    response={200: ImportSummary, **WRITE},
    summary="Import figures",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/DataValueSetIn"}},
                "text/csv": {"schema": {"type": "string"}},
            },
        }
    },
)
def post_value_set(
    request,
    dryRun: bool = False,
    importStrategy: Literal[
        "CREATE_AND_UPDATE", "CREATE", "UPDATE", "DELETE"
    ] = "CREATE_AND_UPDATE",
    template: str = Query("ubnd-monthly", max_length=40, description="CSV: when no column"),
    period: str | None = Query(None, max_length=10, description="CSV: when no column"),
    unit: str | None = Query(None, max_length=20, description="CSV: when no column"),
):
    """JSON `{"template", "period", "unit", "dataValues": [{"indicator", "value",
    "comment"}]}` or CSV. Values are read and checked like the editor's; a report's
    values are stored all or none. If-Match: the ETag of the report(s) changed
    (several may be listed, comma separated), or * ; a new report needs none."""
    require_write(request)
    content_type = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type in ("text/csv", "application/csv"):
        sets = _sets_from_csv(request.body, {"template": template, "period": period, "unit": unit})
    else:
        sets = _sets_from_json(request.body)
    return import_sets(
        sets, user=request.user, request=request, strategy=importStrategy, dry_run=dryRun
    )


_ = STRATEGIES
