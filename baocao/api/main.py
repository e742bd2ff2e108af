"""The API object: /api/v1/, OpenAPI 3.1 at /api/v1/openapi.json, Swagger UI at
/api/v1/docs served from the package's own static files (no CDN; see LocalSwagger)."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.openapi.docs import ABS_TPL_PATH, Swagger
from ninja.renderers import JSONRenderer

from baocao.api import analytics, catalog, problems, reports, value_sets
from baocao.api.auth import AUTH
from baocao.api.problems import PROBLEM
from baocao.api.schemas import DataValueSetIn

DESCRIPTION = """Báo cáo định kỳ cấp xã — API cho hệ thống khác.

Authentication: `Authorization: Bearer <token>` (`baocao token create USER`), acting
with the user's roles and units; or the web session. Errors are RFC 9457 problem
details (`application/problem+json`). Writes need `If-Match` with the report's `ETag`
(412 when stale, 428 when missing). Lists are paged with `limit` and `cursor`.
Each token may make a limited number of calls a minute (429 with `Retry-After`)."""


class LocalSwagger(Swagger):
    """Swagger UI with the package's own assets. ninja picks them only when "ninja" is in
    INSTALLED_APPS, which it is not (commands start faster, settings.py); its non-CDN
    template renders the same, settings.py puts ninja's static and templates in DIRS."""

    template_cdn = str(ABS_TPL_PATH / "swagger.html")


class Utf8JSON(JSONRenderer):
    """Vietnamese as it is ("Tổng số"), not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


class BaocaoAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        # Error answers are problem details, not plain JSON.
        for item in schema["paths"].values():
            for operation in item.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        answer["content"] = {PROBLEM: content["application/json"]}
        for path, item in schema["paths"].items():
            for operation in item.values():
                # Writes name the version they change (ninja would 422 a missing
                # header; the API answers 428, so the header is optional to ninja).
                if 428 in operation.get("responses", {}) and not path.endswith("/reports"):
                    operation.setdefault("parameters", []).append(IF_MATCH)
        _link_reports(schema)
        # dataValueSets takes JSON or CSV, so its body is declared by hand.
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        body = DataValueSetIn.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(body.pop("$defs", {}))
        components["DataValueSetIn"] = body
        return schema


IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "the ETag read last (several, comma separated, for an import that "
    "changes several reports), or * to overwrite knowingly; without it: 428",
}


def _link_reports(schema: dict) -> None:
    """OpenAPI links from a created report to what can be done with it (schemathesis
    follows them in its stateful phase)."""
    ids = {
        (path.removeprefix(PREFIX), method): operation["operationId"]
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    }
    created = schema["paths"].get(PREFIX + "/reports", {}).get("post")
    if not created:
        return
    by_id = {"report_id": "$response.body#/id"}
    created["responses"][201]["links"] = {
        "GetReport": {"operationId": ids[("/reports/{report_id}", "get")], "parameters": by_id},
        "Step": {
            "operationId": ids[("/reports/{report_id}/actions/{action}", "post")],
            "parameters": by_id,
        },
        "Document": {
            "operationId": ids[("/reports/{report_id}/document.{fmt}", "get")],
            "parameters": by_id,
        },
        "Figures": {
            "operationId": ids[("/dataValueSets", "get")],
            "parameters": {
                "unit": "$response.body#/unit/code",
                "period": "$response.body#/period",
                "template": "$response.body#/template",
            },
        },
    }


PREFIX = "/api/v1"

api = BaocaoAPI(
    title="baocao API",
    version="1.0.0",
    description=DESCRIPTION,
    auth=AUTH,
    urls_namespace="api-v1",
    renderer=Utf8JSON(),
    docs=LocalSwagger(),
)
problems.install(api)
api.add_router("/", catalog.router)
api.add_router("/", reports.router)
api.add_router("/", value_sets.router)
api.add_router("/", analytics.router)
