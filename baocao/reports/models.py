from django.conf import settings
from django.db import models

from baocao.backup.audit import AppendOnlyModel
from baocao.catalog.models import Indicator, ReportTemplate, Unit
from baocao.catalog.periods import Period


class Report(models.Model):
    DRAFT, SUBMITTED, APPROVED, ACCEPTED, RETURNED = (
        "draft",
        "submitted",
        "approved",
        "accepted",
        "returned",
    )
    STATUSES = [
        (DRAFT, "Đang soạn"),
        (SUBMITTED, "Đã trình"),
        (APPROVED, "Lãnh đạo đã duyệt"),
        (ACCEPTED, "Thành phố đã tiếp nhận"),
        (RETURNED, "Bị trả lại"),
    ]
    LOCKED = (APPROVED, ACCEPTED)

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reports")
    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, related_name="reports")
    period = models.CharField(
        "kỳ báo cáo", max_length=10, help_text="2025-11, 2025-Q4, 2025-H1, 2025"
    )
    status = models.CharField("trạng thái", max_length=12, choices=STATUSES, default=DRAFT)
    number = models.CharField("số", max_length=20, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    signer_name = models.CharField("người ký", max_length=100, blank=True)
    source = models.CharField("nguồn", max_length=10, default="entry")  # entry | import | demo
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField("ngày trình", null=True, blank=True)
    approved_at = models.DateTimeField("ngày duyệt", null=True, blank=True)
    # Nơi nhận as the report itself lists it (prose syntax per line, "*(để báo cáo)*");
    # empty means the template's default list.
    recipients = models.JSONField("nơi nhận", default=list, blank=True)
    # The closing sentence as the source wrote it ("Trên đây là …"); empty means the
    # template's. Kept word for word: validation, not the importer, flags a wrong name.
    closing = models.TextField("câu kết", blank=True)
    # Bumped by every outline change (sections added, moved, renamed, removed), so
    # stale outline edits and API writes (ETag/If-Match) can be refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "báo cáo"
        verbose_name_plural = "báo cáo"
        ordering = ["-period", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "template", "period"], name="report_unique_period"
            )
        ]
        indexes = [models.Index(fields=["period", "template"])]

    def __str__(self) -> str:
        return f"{self.template.name} — {self.unit.name} — {self.period_obj.label}"

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def is_locked(self) -> bool:
        return self.status in self.LOCKED


class Section(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    HEADING, RUNIN = "heading", "runin"
    STYLES = [(HEADING, "Tiêu đề riêng dòng"), (RUNIN, "Tiêu đề liền đoạn")]

    position = models.PositiveIntegerField(default=0)
    # The number as the source wrote it; documents compute numbering from the outline.
    number = models.CharField("số mục", max_length=10, blank=True)
    title = models.CharField("tiêu đề", max_length=300, blank=True)
    is_tasks = models.BooleanField("phần nhiệm vụ kỳ tới", default=False)
    indicators = models.JSONField("chỉ tiêu của mục", default=list, blank=True)
    office = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A run-in heading ("2. Công tác thu, chi ngân sách: …") is printed on the line of
    # its first paragraph.
    style = models.CharField("kiểu tiêu đề", max_length=10, choices=STYLES, default=HEADING)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


class Block(models.Model):
    """A paragraph of prose, a list item, a table, or a footnote attached to one
    (see docs/placeholders.md)."""

    PARAGRAPH, FOOTNOTE, ITEM, TABLE = "paragraph", "footnote", "item", "table"
    KINDS = [
        (PARAGRAPH, "Đoạn văn"),
        (FOOTNOTE, "Chú thích"),
        (ITEM, "Ý gạch đầu dòng"),
        (TABLE, "Bảng"),
    ]
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=KINDS, default=PARAGRAPH)
    # A list item's depth: 1 is "-", 2 is "+" (the conventional markers).
    level = models.PositiveSmallIntegerField("cấp", default=0)
    anchor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="footnotes"
    )
    key = models.CharField("khóa chú thích", max_length=20, blank=True)
    text = models.TextField("nội dung", blank=True)
    # A table: {"header_rows": 1, "rows": [[{"text": "...", "colspan": 1, "rowspan": 1}]]},
    # each cell's text in the prose syntax (so a cell can hold a bound figure).
    data = models.JSONField("dữ liệu bảng", default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text[:80]


class Task(models.Model):
    """A next-period task; next month it comes back with a status to set."""

    PLANNED, DONE, IN_PROGRESS, NOT_DONE = "planned", "done", "in_progress", "not_done"
    STATUSES = [
        (PLANNED, "Kế hoạch"),
        (DONE, "Đã hoàn thành"),
        (IN_PROGRESS, "Đang thực hiện"),
        (NOT_DONE, "Chưa thực hiện"),
    ]
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField("nhiệm vụ")
    status = models.CharField("kết quả", max_length=12, choices=STATUSES, default=PLANNED)
    note = models.TextField("ghi chú", blank=True)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text[:80]


class Value(models.Model):
    """A figure of a report. A row with 0 is a reported zero; no row means not reported."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(max_digits=20, decimal_places=4)
    source = models.CharField(max_length=10, default="entry")  # entry | import | demo
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="value_unique")]

    def __str__(self) -> str:
        return f"{self.indicator.code} = {self.value}"


class AuditEntry(AppendOnlyModel):
    """Who changed what in a report, when, from what to what. Append-only: the ORM,
    the admin and the database refuse to change or delete a row (baocao/backup/audit.py)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="audit")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=20)  # value | block | task | status
    target = models.CharField(max_length=120)  # indicator code, block id, "status"
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["report", "target"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.target}: {self.old} → {self.new}"


class Comment(models.Model):
    """A góp ý on a paragraph or a figure, by the leader or the city; the clerk answers
    (a reply is a Comment with a parent) or resolves it. Comments block nothing."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    block = models.ForeignKey(
        Block, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    indicator = models.CharField("chỉ tiêu", max_length=80, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField("góp ý")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField("ngày giải quyết", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "góp ý"
        verbose_name_plural = "góp ý"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]
