"""Abandoned uploads (var/uploads/) are removed after a day; fresh ones stay."""

import os
import time

from django.core.management import call_command

from baocao.backup.uploads import remove_abandoned_uploads


def test_uploads_older_than_a_day_are_removed(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    folder = tmp_path / "uploads"
    folder.mkdir()
    old, fresh = folder / "old.docx", folder / "fresh.docx"
    old.write_bytes(b"x")
    fresh.write_bytes(b"y")
    day_ago = time.time() - 25 * 3600
    os.utime(old, (day_ago, day_ago))
    assert remove_abandoned_uploads() == [old]
    assert not old.exists() and fresh.exists()


def test_the_command_says_how_many_it_removed(settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    (tmp_path / "uploads").mkdir()
    call_command("cleanuploads")
    assert "Đã xóa 0 tệp" in capsys.readouterr().out
