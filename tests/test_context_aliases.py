"""A context alias names its place when the place that encloses it follows (places/context.py).

القائم is also "standing" or "acting": alone it names nothing, but reports locate a town by its
governorate (القائم غربي الأنبار، القائم بمحافظة الأنبار), and that locating counts as context, as
a site noun before it does. Guards: the ordinary word before another word (القائم بأعمال المحافظ),
a place that does not enclose it, an enclosing place the gazetteer writes otherwise. After a
direction word a governorate may be named by its seat (العمر شرقي دير الزور); the ordinary word's
idioms (من العمر "of age", الوضع القائم "the status quo") never name the place.
"""

from __future__ import annotations

import pytest

from gazetteer.places.context import located_by
from gazetteer.places.loading import Gazetteer, load_gazetteer
from gazetteer.text.normalize import normalise

QAIM = "\u0627\u0644\u0642\u0627\u0626\u0645"  # القائم
ANBAR = "\u0627\u0644\u0623\u0646\u0628\u0627\u0631"  # الأنبار
IRAQ = "\u0627\u0644\u0639\u0631\u0627\u0642"  # العراق
DEIR = "\u062f\u064a\u0631 \u0627\u0644\u0632\u0648\u0631"  # دير الزور
AGE = "\u0627\u0644\u0639\u0645\u0631"  # العمر
IN = "\u0641\u064a"  # في
WEST = "\u063a\u0631\u0628\u064a"  # غربي
IN_GOV = "\u0628\u0645\u062d\u0627\u0641\u0638\u0629"  # بمحافظة
POSTS = "\u0645\u0648\u0627\u0642\u0639"  # مواقع
#: بأعمال المحافظ: "acting governor", القائم the ordinary word
ACTING = "\u0628\u0623\u0639\u0645\u0627\u0644 \u0627\u0644\u0645\u062d\u0627\u0641\u0638"
SAID = "\u0642\u0627\u0644"  # قال
REACHED = "\u0628\u0644\u063a"  # بلغ
SIXTY = "\u0633\u062a\u064a\u0646 \u0639\u0627\u0645\u0627"  # ستين عاما
EAST = "\u0634\u0631\u0642\u064a"  # شرقي
EAST_BARE = "\u0634\u0631\u0642"  # شرق
RURAL = "\u0631\u064a\u0641"  # ريف
BASE = "\u0642\u0627\u0639\u062f\u0629"  # قاعدة
OF = "\u0645\u0646"  # من
YOUTH = "\u0645\u0642\u062a\u0628\u0644"  # مقتبل (the prime of)
TWENTY = "\u0627\u0644\u0639\u0634\u0631\u064a\u0646"  # العشرين
STATUS = "\u0627\u0644\u0648\u0636\u0639"  # الوضع (the situation)
HAJIN = "\u0647\u062c\u064a\u0646"  # هجين
NEAR = "\u0642\u0631\u0628"  # قرب
CLOSE_TO = "\u0628\u0627\u0644\u0642\u0631\u0628 \u0645\u0646"  # بالقرب من
NORTH = "\u0634\u0645\u0627\u0644"  # شمال
STRIKES = "\u063a\u0627\u0631\u0627\u062a"  # غارات
THE_CITY = "\u0627\u0644\u0645\u062f\u064a\u0646\u0629"  # المدينة (the city; al-Madinah)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    """The built-in gazetteer."""
    return load_gazetteer()


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        (f"{POSTS} {IN} {QAIM} {WEST} {ANBAR}", ["al-qaim", "anbar-governorate"]),
        (f"{POSTS} {IN} {QAIM} {IN_GOV} {ANBAR}", ["al-qaim", "anbar-governorate"]),
        (f"{POSTS} {IN} {QAIM} {IN} {ANBAR}", ["al-qaim", "anbar-governorate"]),
        # guards: the word alone, the word before another word, a place not enclosing it
        (f"{POSTS} {IN} {QAIM}", []),
        (f"{SAID} {QAIM} {ACTING} {IN} {ANBAR}", ["anbar-governorate"]),
        (f"{POSTS} {IN} {QAIM} {WEST} {IRAQ}", []),
        (f"{REACHED} {AGE} {IN} {DEIR} {SIXTY}", ["deir-ez-zor"]),
        # a governorate by its seat's name after a direction word
        (f"{BASE} {IN} {AGE} {EAST} {DEIR}", ["al-omar", "deir-ez-zor"]),
        (f"{POSTS} {IN} {AGE} {EAST_BARE} {DEIR}", ["al-omar", "deir-ez-zor"]),
        # guards: the seat's name without a direction is the city, which does not enclose it;
        # the ordinary word's idioms, even before the enclosing place
        (f"{POSTS} {IN} {AGE} {IN} {DEIR}", ["deir-ez-zor"]),
        (f"{IN} {TWENTY} {OF} {AGE} {IN} {RURAL} {DEIR}", ["deir-ez-zor-governorate"]),
        (f"{IN} {YOUTH} {AGE} {EAST} {DEIR}", ["deir-ez-zor"]),
        (f"{STATUS} {QAIM} {IN} {ANBAR}", ["anbar-governorate"]),
        # after a preposition of nearness or a bearing
        (f"{STRIKES} {NEAR} {HAJIN}", ["hajin"]),
        (f"{STRIKES} {CLOSE_TO} {QAIM}", ["al-qaim"]),
        (f"{POSTS} {NORTH} {QAIM}", ["al-qaim"]),
        (f"{STRIKES} \u0648{NEAR} {AGE}", ["al-omar"]),
        # guards: another word between; an imported place's alias (a common noun)
        (f"{NEAR} {POSTS} {HAJIN}", []),
        (f"{STRIKES} {NEAR} {THE_CITY}", []),
    ],
)
def test_a_context_alias_located_by_its_governorate(
    gazetteer: Gazetteer, text: str, keys: list[str]
) -> None:
    assert [p.site_keys[0] for p in gazetteer.find_places(text)] == keys


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (f" {WEST} {ANBAR}", True),
        (f" {IN_GOV} {ANBAR}", True),
        (f" {IN} {ANBAR}", True),
        (f" {ANBAR}\u064a", False),  # a longer word (an adjective)
        (f" {ACTING} {ANBAR}", False),  # other words between
        ("", False),
    ],
)
def test_located_by_reads_only_locating_words(after: str, expected: bool) -> None:
    name = normalise(QAIM)
    assert located_by(name + normalise(after), len(name), (normalise(ANBAR),)) is expected


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (f" {EAST} {DEIR}", True),
        (f" {IN} {EAST_BARE} {DEIR}", True),
        (f" {IN} {DEIR}", False),  # no direction: the seat's name is its city
        (f" {DEIR}", False),
    ],
)
def test_a_governorate_named_by_its_seat_locates_after_a_direction(
    after: str, expected: bool
) -> None:
    name = normalise(AGE)
    text = name + normalise(after)
    gov = normalise("\u0645\u062d\u0627\u0641\u0638\u0629 " + DEIR)
    assert located_by(text, len(name), (gov,), (normalise(DEIR),)) is expected
