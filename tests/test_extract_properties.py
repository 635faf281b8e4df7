"""Properties of the extractor on arbitrary text: it never raises and its output is consistent."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gazetteer.extract.reader import extract
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import Article

GAZ = load_gazetteer()
POINTS = {(s.lat, s.lon) for s in GAZ.sites.values()}

#: Pieces of the genre, so that random text often contains places, weapons, dates and numbers.
PIECES = [
    "\u0627\u0633\u062a\u0647\u062f\u0641\u062a",  # استهدفت
    "\u0635\u0648\u0627\u0631\u064a\u062e",  # صواريخ
    "\u0642\u0630\u064a\u0641\u062a\u064a\u0646",  # قذيفتين
    "\u062d\u0642\u0644 \u0627\u0644\u0639\u0645\u0631",  # حقل العمر
    "\u0627\u0644\u062a\u0646\u0641",  # التنف
    "\u0643\u0648\u0646\u064a\u0643\u0648",  # كونيكو
    "\u0623\u0645\u0633",  # أمس
    "\u0627\u0644\u064a\u0648\u0645",  # اليوم
    "\u0627\u0644\u0633\u0628\u062a \u0627\u0644\u0645\u0627\u0636\u064a",  # السبت الماضي
    "\u0645\u0642\u062a\u0644 3",  # مقتل 3
    # دون وقوع إصابات
    "\u062f\u0648\u0646 \u0648\u0642\u0648\u0639 \u0625\u0635\u0627\u0628\u0627\u062a",
    "\u0661\u0662.\u0661\u0665",  # ١٢.١٥
    "\u00ab", "\u00bb", "\u200f", "\u0640", "\u064b", "\n", ".", "\u060c", " ", "-", "<script>",
]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=60).map(" ".join)
DAY = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.one_of(st.none(), DAY))
def test_extract_is_total_and_consistent(text: str, published: date | None) -> None:
    article = Article(id="p", text=text, published=published)
    for incident in extract(article, GAZ):
        start, end = incident.span
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == incident.quote
        for a, b in incident.highlights:
            assert start <= a <= b <= end
        assert (incident.lat, incident.lon) in POINTS
        assert incident.site in GAZ.sites
        if incident.date_start is not None:
            assert incident.date_end is not None and incident.date_start <= incident.date_end
            if published is not None:
                assert incident.date_end <= published
        for figure in (incident.count, incident.killed, incident.injured):
            assert figure is None or figure >= 0
        assert incident.casualties in ("reported", "none", "unknown")
