"""Report targets that are not plain files: FIFOs and symlinks are written through, not replaced."""

from __future__ import annotations

import os
import stat
import threading

from llmaudit.report import write_report


def test_fifo_target_is_written_through_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    write_report(fifo, "hello\n")
    reader.join(timeout=5)
    assert received == ["hello\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # os.replace would have swapped in a file


def test_symlinked_report_keeps_its_link(tmp_path):
    real = tmp_path / "reports" / "audit.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    write_report(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"
    assert sorted(p.name for p in real.parent.iterdir()) == ["audit.json"]
