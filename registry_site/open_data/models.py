"""The change ledger: what every public API record looked like when last seen (RecordState),
every difference since, numbered without gaps (Change), and the counter that numbers them."""

import uuid

from django.db import models


class LedgerCounter(models.Model):
    """One row: the last change number given, and the day the whole ledger was last
    compared with the database (a record may stop being public on a date, with no write)."""

    last_seq = models.BigIntegerField(default=0)
    full_on = models.DateField(null=True, blank=True)  # everything compared
    checked_on = models.DateField(null=True, blank=True)  # the day's date boundaries read

    class Meta:
        verbose_name = "变更序号"

    def __str__(self):
        return f"变更序号 {self.last_seq}"


class Mark(models.Model):
    """A write to the register not yet compared: the institution it concerns, None for a
    record of a small collection (plans, editions, notices), EVERYTHING for one that many
    records show (a region's or an authority's name)."""

    EVERYTHING = -1
    # Not a counter: marks are written by signals, also while a test database is
    # restored from its snapshot, whose own marks come back with their old ids.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.BigIntegerField(null=True)

    def __str__(self):
        return f"待比对：{self.owner}"


class Change(models.Model):
    """One public record created, changed (UPSERT, with the record as the API shows it) or
    gone from public view (DELETE, a tombstone with a reason code)."""

    UPSERT, DELETE = "upsert", "delete"
    seq = models.BigIntegerField("变更序号", primary_key=True)
    collection = models.CharField("数据集", max_length=40)
    record_id = models.BigIntegerField("记录编号")
    action = models.CharField("变更类型", max_length=10,
                              choices=[(UPSERT, "新增或更新"), (DELETE, "撤下")])
    reason = models.CharField("撤下原因", max_length=20, blank=True)
    at = models.DateTimeField("变更时间")
    record = models.JSONField("记录", null=True, blank=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = "公开数据变更"
        verbose_name_plural = "公开数据变更"

    def __str__(self):
        return f"{self.seq} {self.collection}/{self.record_id} {self.action}"


class RecordState(models.Model):
    """A public record as last published: its digest finds changes without re-reading
    the change history, its JSON is what the dumps write."""

    collection = models.CharField(max_length=40)
    record_id = models.BigIntegerField()
    owner = models.BigIntegerField(null=True, db_index=True)  # its institution, if any
    digest = models.CharField(max_length=64)
    record = models.JSONField()
    seq = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["collection", "record_id"],
                                               name="one_state_per_record")]

    def __str__(self):
        return f"{self.collection}/{self.record_id}"


class Dump(models.Model):
    """A full dump of one collection in one format, as of change `seq`."""

    collection = models.CharField(max_length=40)
    fmt = models.CharField(max_length=10)
    seq = models.BigIntegerField()
    path = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    count = models.IntegerField()
    generated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["collection", "fmt"],
                                               name="one_dump_per_format")]

    def __str__(self):
        return f"{self.collection}.{self.fmt} @{self.seq}"
