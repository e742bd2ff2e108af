from django.db import models


class Fact(models.Model):
    """A copy of one reported figure keyed the way analytics reads it: template,
    indicator, month, unit. Database triggers on reports_value (migration 0001) keep
    it equal to Value ⋈ Report on every insert, update and delete, whoever writes
    (services, the demo's bulk insert, the importer), so it is never stale. Its one
    covering index turns "10 indicators × 12 months × every unit" into ten range
    scans instead of a join probing every report (docs/decisions.md)."""

    id = models.BigIntegerField(primary_key=True)  # the Value's id
    report_id = models.BigIntegerField()
    template_id = models.BigIntegerField()
    unit = models.ForeignKey(  # a plain column kept by the triggers; FK only for joins
        "catalog.Unit",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    period = models.CharField(max_length=10)
    indicator_id = models.BigIntegerField()
    value = models.DecimalField(max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = "số liệu tổng hợp"
        verbose_name_plural = "số liệu tổng hợp"
        indexes = [
            models.Index(
                fields=["template_id", "indicator_id", "period", "unit", "value"],
                name="fact_read",
            ),
            models.Index(fields=["report_id"], name="fact_report"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period} {self.indicator_id} = {self.value}"


class Rollup(models.Model):
    """The sum and count of the facts of one template, indicator, month and province
    (0: a unit without one), as the national pivot by province reads them. Kept by
    triggers (migration 0002) on analytics_fact, reports_report and catalog_unit, so
    it always equals the GROUP BY of the fact table, a former commune's figures added
    into its successor's province for the months the successor has no report of its
    own (aggregate.py). 34 provinces × 10 indicators × 12 months is ~4,000 rows to read
    instead of ~400,000 figures at the nation's size (docs/decisions.md)."""

    template_id = models.BigIntegerField()
    indicator_id = models.BigIntegerField()
    period = models.CharField(max_length=10)
    province_id = models.BigIntegerField()  # 0: no province (a unit without a parent)
    total = models.DecimalField(max_digits=24, decimal_places=4)
    n = models.IntegerField()  # figures summed (0: every one was removed since)

    class Meta:
        verbose_name = "tổng theo tỉnh"
        verbose_name_plural = "tổng theo tỉnh"
        constraints = [
            models.UniqueConstraint(
                fields=["template_id", "indicator_id", "period", "province_id"],
                name="rollup_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.province_id} {self.period} {self.indicator_id} = {self.total}"
