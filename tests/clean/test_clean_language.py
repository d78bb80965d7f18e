"""Language marking and rejection."""

from __future__ import annotations

from tidings.clean.language import LanguageStep, detect_language
from tidings.records import Article, Reject

ENGLISH = (
    "The government announced on Tuesday that it would send a delegation to the neighbouring "
    "country to negotiate a new agreement on water sharing and border crossings."
)
SPANISH = (
    "El gobierno anunció el martes que enviará una delegación al país vecino para negociar "
    "un nuevo acuerdo sobre el reparto del agua y los pasos fronterizos."
)


def article(text: str) -> Article:
    return Article(doc_id=Article.make_id(text), text=text, origin="t")


def test_detects_english_and_spanish() -> None:
    assert detect_language(ENGLISH).code == "en"
    guess = detect_language(SPANISH)
    assert guess.code == "es" and guess.probability > 0.9


def test_english_is_marked_and_kept() -> None:
    [out] = LanguageStep().run([article(ENGLISH)])
    assert isinstance(out, Article) and out.language == "en"


def test_spanish_is_rejected_with_detected_code() -> None:
    [out] = LanguageStep().run([article(SPANISH)])
    assert isinstance(out, Reject)
    assert out.reason == "not-english" and out.stage == "language"
    assert "'es'" in out.detail and "p=" in out.detail


def test_accepting_other_languages_keeps_them() -> None:
    [out] = LanguageStep(languages=("en", "es")).run([article(SPANISH)])
    assert isinstance(out, Article) and out.language == "es"


def test_unsure_short_text_is_kept_unmarked() -> None:
    [out] = LanguageStep().run([article("Ankara, Baku sign pact")])
    assert isinstance(out, Article)
    assert out.language in (None, "en")


def test_rejects_pass_through() -> None:
    reject = Reject(origin="x", stage="read", reason="binary")
    assert list(LanguageStep().run([reject])) == [reject]
