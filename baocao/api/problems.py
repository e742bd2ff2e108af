"""Errors as RFC 9457 problem details (application/problem+json) everywhere under
/api/: the API's own refusals, the framework's (validation, authentication), Django's
(404 of an unknown address, 405, a crash) — never an HTML page or a traceback.
`detail` is for people (Vietnamese); `title` and `type` are for programs (English)."""

from __future__ import annotations

import json
import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from baocao.analytics.aggregate import AnalyticsError
from baocao.catalog.periods import PeriodError
from baocao.documents.errors import DocumentError
from baocao.reports.errors import (
    ConflictError,
    LockedError,
    NotAllowedError,
    ReportError,
    SubmitBlockedError,
)

log = logging.getLogger("baocao.api")
PROBLEM = "application/problem+json"
TYPE_BASE = "https://baocao.local/api/problems/"  # a name, not a page to fetch


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[dict] | None = None
    findings: list[dict] | None = None
    current_etag: str | None = None


class ApiProblem(Exception):
    """Raised anywhere in the API to answer with a problem."""

    def __init__(self, status: int, detail: str, *, kind: str = "", headers=None, **extra):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind
        self.headers = headers or {}
        self.extra = extra


def problem(
    status: int, detail: str, *, kind: str = "", instance: str = "", headers=None, **extra
) -> HttpResponse:
    title = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    body = {
        "type": TYPE_BASE + (kind or title.lower().replace(" ", "-")),
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update({k: v for k, v in extra.items() if v is not None})
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, default=str),
        status=status,
        content_type=PROBLEM,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _report_error(request, exc: ReportError):
    if isinstance(exc, NotAllowedError):
        return problem(403, str(exc), kind="not-allowed", instance=request.path)
    if isinstance(exc, LockedError):
        return problem(409, str(exc), kind="report-locked", instance=request.path)
    if isinstance(exc, ConflictError):
        return problem(409, str(exc), kind="conflict", instance=request.path)
    if isinstance(exc, SubmitBlockedError):
        findings = [f.as_json() for f in exc.findings]
        return problem(
            422, str(exc), kind="findings-block", instance=request.path, findings=findings
        )
    return problem(422, str(exc), kind="refused", instance=request.path)


def install(api) -> None:
    """Every exception the API can meet, answered as a problem."""

    @api.exception_handler(ApiProblem)
    def _api_problem(request, exc: ApiProblem):
        return problem(
            exc.status,
            exc.detail,
            kind=exc.kind,
            instance=request.path,
            headers=exc.headers,
            **exc.extra,
        )

    @api.exception_handler(ValidationError)
    def _validation(request, exc: ValidationError):
        return problem(
            422,
            "Yêu cầu không hợp lệ: kiểm tra các tham số và nội dung gửi lên.",
            kind="validation",
            instance=request.path,
            errors=json.loads(json.dumps(exc.errors, default=str)),
        )

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return problem(
            401,
            "Cần khóa API hợp lệ (Authorization: Bearer …) hoặc đăng nhập; khóa có thể "
            "đã hết hạn hoặc bị thu hồi.",
            kind="unauthenticated",
            instance=request.path,
            headers={"WWW-Authenticate": 'Bearer realm="baocao"'},
        )

    @api.exception_handler(HttpError)
    def _http_error(request, exc: HttpError):
        return problem(exc.status_code, str(exc), instance=request.path)

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return problem(404, "Không tìm thấy.", kind="not-found", instance=request.path)

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        detail = str(exc) or "Bạn không có quyền làm việc này."
        return problem(403, detail, kind="forbidden", instance=request.path)

    api.add_exception_handler(ReportError, _report_error)

    @api.exception_handler(DocumentError)
    def _document(request, exc):
        return problem(422, str(exc), kind="document", instance=request.path)

    @api.exception_handler(AnalyticsError)
    def _analytics(request, exc):
        return problem(422, str(exc), kind="analytics", instance=request.path)

    @api.exception_handler(PeriodError)
    def _period(request, exc):
        return problem(422, str(exc), kind="period", instance=request.path)

    @api.exception_handler(Exception)
    def _crash(request, exc):
        log.exception("API error on %s %s", request.method, request.path)
        return problem(500, "Lỗi hệ thống; đã ghi lại để xử lý.", instance=request.path)


class ProblemMiddleware:
    """Whatever answers under /api/ with an error that is not yet a problem (Django's
    404 for an unknown address, 405, a 500 page) is turned into one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(PROBLEM)
        ):
            status = response.status_code
            detail = {
                404: "Không có địa chỉ này trong API.",
                405: f"Phương thức {request.method} không dùng được ở địa chỉ này.",
            }.get(status, "Yêu cầu không thực hiện được.")
            if status >= 500:
                detail = "Lỗi hệ thống; đã ghi lại để xử lý."
            replaced = problem(status, detail, instance=request.path)
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if header in response:
                    replaced[header] = response[header]
            return replaced
        return response
