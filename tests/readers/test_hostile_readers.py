"""Issue 17: one input never stops a batch. Each hostile input becomes a reject with a reason
code, readers are linear, and an input that yields nothing says why."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tidings.flows.read import read_raw
from tidings.readers import html as html_reader
from tidings.readers.paths import printable_path
from tidings.records import RawDocument, Reject

STORY = ("The council of the river town voted on Monday to rebuild the old footbridge, which "
         "floods swept away in the spring, and asked the province to share the cost.")


def _reasons(*paths: Path) -> list[str]:
    return [i.reason if isinstance(i, Reject) else "doc"
            for i in read_raw([str(p) for p in paths])]


@pytest.mark.parametrize("name, content, reason", [
    ("arrays.jsonl", "[" * 200_000, "too-complex"),
    ("objects.jsonl", '{"a":' * 100_000, "too-complex"),
    ("number.jsonl", '{"text": ' + "9" * 100_000 + "}", "too-complex"),
    ("tag.html", "<html><body><p " + " ".join(f"x{i}=1" for i in range(300_000)) + ">a</p>",
     "too-complex"),
    ("tags.html", "<html><body>" + "<b>x</b>" * 60_000, "too-complex"),
    ("none.sgm", "<!DOCTYPE lewis>\n<TEXT>no records</TEXT>\n", "empty"),
])
def test_hostile_content_is_a_reject_with_a_reason(tmp_path: Path, name: str, content: str,
                                                   reason: str) -> None:
    (tmp_path / name).write_text(content + "\n", encoding="utf-8")
    (tmp_path / "z-story.txt").write_text(STORY, encoding="utf-8")
    started = time.monotonic()
    assert _reasons(tmp_path) == [reason, "doc"]
    assert time.monotonic() - started < 5


def test_unclosed_reuters_records_are_read_in_linear_time(tmp_path: Path) -> None:
    record = '<REUTERS NEWID="{n}"><BODY>Grain prices rose, traders said.</BODY>\n'
    times = []
    for size in (2_000, 20_000):  # about 130 KB and 1.3 MB
        path = tmp_path / f"unclosed-{size}.sgm"
        path.write_text("".join(record.format(n=n) for n in range(size)), encoding="utf-8")
        runs = []
        for _ in range(3):  # the fastest of three: a busy machine slows single runs, not all
            started = time.monotonic()
            items = list(read_raw([str(path)]))
            runs.append(time.monotonic() - started)
        times.append(min(runs))
        assert len(items) == size and all(isinstance(i, RawDocument) for i in items)
    # ten times the records: linear reading takes about ten times as long, quadratic a hundred
    assert times[1] < 30 * times[0] + 0.5


def test_byte_order_marks_are_decoded(tmp_path: Path) -> None:
    for encoding in ("utf-16", "utf-16-be", "utf-32", "utf-32-le"):
        data = STORY.encode(encoding)
        if not encoding.endswith(("16", "32")):  # the -le/-be codecs write no mark
            data = ("\ufeff" + STORY).encode(encoding)
        (tmp_path / f"{encoding}.txt").write_bytes(data)
    items = list(read_raw([str(tmp_path)]))
    assert [i.content for i in items if isinstance(i, RawDocument)] == [STORY] * 4
    (tmp_path / "broken.txt").write_bytes(b"\xff\xfe" + b"\x00\xd8" * 4)
    assert _reasons(tmp_path / "broken.txt") == ["decode-error"]


def test_paths_that_are_not_files_leave_rejects_and_are_never_opened(tmp_path: Path) -> None:
    (tmp_path / "loop-a").symlink_to("loop-b")
    (tmp_path / "loop-b").symlink_to("loop-a")
    (tmp_path / "dangling").symlink_to("nowhere")
    (tmp_path / "zeros").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "pipe")  # opening it would block forever
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    items = list(read_raw([str(tmp_path)]))
    found = {Path(i.origin).name: (i.detail if isinstance(i, Reject) else "doc") for i in items}
    assert found["story.txt"] == "doc"
    assert found["dangling"] == "dangling symbolic link"
    assert "symbolic links" in found["loop-a"] and found["zeros"] == "a character device"
    assert found["pipe"] == "a FIFO (named pipe)"


def test_unlistable_directories_and_unreadable_files_are_rejects(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, who can read anything: the failures are simulated.
    (tmp_path / "locked").mkdir()
    (tmp_path / "secret.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    real_walk, real_stat = os.walk, Path.stat

    def walk(top: str, onerror: object = None, **kw: object) -> object:
        for folder, dirs, names in real_walk(top, onerror=onerror):  # type: ignore[arg-type]
            if Path(folder).name == "locked":
                onerror(PermissionError(13, "Permission denied", folder))  # type: ignore[operator]
                continue
            yield folder, dirs, names

    def stat(self: Path, **kw: object) -> os.stat_result:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "walk", walk)
    monkeypatch.setattr(Path, "stat", stat)
    found = {Path(i.origin).name: (i.reason if isinstance(i, Reject) else "doc")
             for i in read_raw([str(tmp_path)])}
    assert found == {"locked": "unreadable", "secret.txt": "unreadable", "story.txt": "doc"}


def test_non_utf8_names_are_escaped_losslessly(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9\\n.txt")
    assert printable_path(name) == "caf\\xe9\\\\n.txt"
    assert printable_path("plain name.txt") == "plain name.txt"
    (tmp_path / name).write_text(STORY, encoding="utf-8")
    (doc,) = read_raw([str(tmp_path)])
    assert doc.origin.endswith("caf\\xe9\\\\n.txt")
    doc.origin.encode("utf-8")  # storable and printable


def test_lone_surrogates_and_oversized_documents(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"text": "' + STORY + ' \\ud800"}\n', encoding="utf-8")
    (tmp_path / "b.txt").write_text("word " * 250_000, encoding="utf-8")
    doc, big = read_raw([str(tmp_path)])
    assert isinstance(doc, RawDocument) and doc.content.endswith("\ufffd")
    assert isinstance(big, Reject) and big.reason == "too-large"


def test_a_page_over_its_time_budget_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(html: str, url: str | None) -> str | None:
        time.sleep(30)
        return None

    monkeypatch.setattr(html_reader, "_trafilatura", slow)
    monkeypatch.setattr(html_reader, "FORK_TAGS", 0)
    monkeypatch.setattr(html_reader, "PARSE_SECONDS", 1.0)
    started = time.monotonic()
    with pytest.raises(Exception) as caught:
        html_reader.extract_html("<html><body><p>x</p></body></html>", "p", "p")
    assert getattr(caught.value, "reason", None) == "too-complex"
    assert time.monotonic() - started < html_reader.PARSE_SECONDS + 5


def test_an_exception_inside_a_reader_is_a_reject(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from tidings.readers import detect

    def broken(text: str, name: str) -> object:
        raise MemoryError("simulated")

    monkeypatch.setattr(detect, "_dispatch", broken)
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (reject,) = read_raw([str(tmp_path)])
    assert isinstance(reject, Reject) and reject.reason == "unreadable"
    assert "MemoryError" in reject.detail
