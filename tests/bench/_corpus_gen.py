"""Deterministic generator of synthetic Arabic news articles for the extraction benchmark.

The articles are assembled from phrase pieces: places from the packaged gazetteer, weapon nouns
with their duals and plurals, number words that agree with the noun's gender, relative and
absolute dates, casualty phrases, cited sources and filler sentences about deployments,
statements and background. They read like the genre closely enough to exercise every stage of
the extractor at realistic sizes (1.5 to 3 KB of UTF-8 each); they are not a gold corpus and
carry no annotation. The same seed always yields the same articles.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from gazetteer.places.loading import Gazetteer, load_gazetteer
from gazetteer.records import Article, Site

__all__ = ["generate", "sample_text"]

#: Publication dates are drawn from this range.
FIRST_DAY = date(2019, 1, 1)
LAST_DAY = date(2026, 6, 30)
#: Size range of one article, in bytes of UTF-8.
MIN_BYTES = 1500
MAX_BYTES = 3000
#: Share of articles that report no incident at all.
QUIET_SHARE = 0.2
#: Site kinds attacked as bases, and kinds that are towns.
_FACILITIES = frozenset({"base", "airbase", "oil_field", "gas_field"})
_TOWNS = frozenset({"town", "city", "village"})


@dataclass(frozen=True)
class _Weapon:
    """A weapon noun in its forms: one, two, several (with and without the article)."""

    one: str
    two: str
    many: str
    many_definite: str
    feminine: bool


_WEAPONS: tuple[_Weapon, ...] = (
    _Weapon(
        # صاروخ
        "\u0635\u0627\u0631\u0648\u062e",
        # صاروخين
        "\u0635\u0627\u0631\u0648\u062e\u064a\u0646",
        # صواريخ
        "\u0635\u0648\u0627\u0631\u064a\u062e",
        # الصواريخ
        "\u0627\u0644\u0635\u0648\u0627\u0631\u064a\u062e",
        False,
    ),
    _Weapon(
        # صاروخ من طراز غراد
        (
            "\u0635\u0627\u0631\u0648\u062e \u0645\u0646 \u0637\u0631\u0627\u0632 \u063a\u0631"
            "\u0627\u062f"
        ),
        # صاروخين من طراز غراد
        (
            "\u0635\u0627\u0631\u0648\u062e\u064a\u0646 \u0645\u0646 \u0637\u0631\u0627\u0632 "
            "\u063a\u0631\u0627\u062f"
        ),
        # صواريخ من طراز غراد
        (
            "\u0635\u0648\u0627\u0631\u064a\u062e \u0645\u0646 \u0637\u0631\u0627\u0632 \u063a"
            "\u0631\u0627\u062f"
        ),
        # صواريخ الغراد
        "\u0635\u0648\u0627\u0631\u064a\u062e \u0627\u0644\u063a\u0631\u0627\u062f",
        False,
    ),
    _Weapon(
        # صاروخ كاتيوشا
        "\u0635\u0627\u0631\u0648\u062e \u0643\u0627\u062a\u064a\u0648\u0634\u0627",
        # صاروخي كاتيوشا
        "\u0635\u0627\u0631\u0648\u062e\u064a \u0643\u0627\u062a\u064a\u0648\u0634\u0627",
        # صواريخ كاتيوشا
        "\u0635\u0648\u0627\u0631\u064a\u062e \u0643\u0627\u062a\u064a\u0648\u0634\u0627",
        # صواريخ الكاتيوشا
        (
            "\u0635\u0648\u0627\u0631\u064a\u062e \u0627\u0644\u0643\u0627\u062a\u064a\u0648\u0634"
            "\u0627"
        ),
        False,
    ),
    _Weapon(
        # قذيفة صاروخية
        "\u0642\u0630\u064a\u0641\u0629 \u0635\u0627\u0631\u0648\u062e\u064a\u0629",
        # قذيفتين صاروخيتين
        (
            "\u0642\u0630\u064a\u0641\u062a\u064a\u0646 \u0635\u0627\u0631\u0648\u062e\u064a\u062a"
            "\u064a\u0646"
        ),
        # قذائف صاروخية
        "\u0642\u0630\u0627\u0626\u0641 \u0635\u0627\u0631\u0648\u062e\u064a\u0629",
        # القذائف الصاروخية
        (
            "\u0627\u0644\u0642\u0630\u0627\u0626\u0641 \u0627\u0644\u0635\u0627\u0631\u0648\u062e"
            "\u064a\u0629"
        ),
        True,
    ),
    _Weapon(
        # قذيفة هاون
        "\u0642\u0630\u064a\u0641\u0629 \u0647\u0627\u0648\u0646",
        # قذيفتي هاون
        "\u0642\u0630\u064a\u0641\u062a\u064a \u0647\u0627\u0648\u0646",
        # قذائف هاون
        "\u0642\u0630\u0627\u0626\u0641 \u0647\u0627\u0648\u0646",
        # قذائف الهاون
        "\u0642\u0630\u0627\u0626\u0641 \u0627\u0644\u0647\u0627\u0648\u0646",
        True,
    ),
    _Weapon(
        # طائرة مسيرة
        "\u0637\u0627\u0626\u0631\u0629 \u0645\u0633\u064a\u0631\u0629",
        # طائرتين مسيرتين
        "\u0637\u0627\u0626\u0631\u062a\u064a\u0646 \u0645\u0633\u064a\u0631\u062a\u064a\u0646",
        # طائرات مسيرة
        "\u0637\u0627\u0626\u0631\u0627\u062a \u0645\u0633\u064a\u0631\u0629",
        # الطائرات المسيرة
        (
            "\u0627\u0644\u0637\u0627\u0626\u0631\u0627\u062a \u0627\u0644\u0645\u0633\u064a\u0631"
            "\u0629"
        ),
        True,
    ),
    _Weapon(
        # مسيرة انتحارية
        "\u0645\u0633\u064a\u0631\u0629 \u0627\u0646\u062a\u062d\u0627\u0631\u064a\u0629",
        # مسيرتين انتحاريتين
        (
            "\u0645\u0633\u064a\u0631\u062a\u064a\u0646 \u0627\u0646\u062a\u062d\u0627\u0631\u064a"
            "\u062a\u064a\u0646"
        ),
        # مسيرات انتحارية
        "\u0645\u0633\u064a\u0631\u0627\u062a \u0627\u0646\u062a\u062d\u0627\u0631\u064a\u0629",
        # المسيرات الانتحارية
        (
            "\u0627\u0644\u0645\u0633\u064a\u0631\u0627\u062a \u0627\u0644\u0627\u0646\u062a\u062d"
            "\u0627\u0631\u064a\u0629"
        ),
        True,
    ),
    _Weapon(
        # طائرة من دون طيار
        "\u0637\u0627\u0626\u0631\u0629 \u0645\u0646 \u062f\u0648\u0646 \u0637\u064a\u0627\u0631",
        # طائرتين من دون طيار
        (
            "\u0637\u0627\u0626\u0631\u062a\u064a\u0646 \u0645\u0646 \u062f\u0648\u0646 \u0637"
            "\u064a\u0627\u0631"
        ),
        # طائرات من دون طيار
        (
            "\u0637\u0627\u0626\u0631\u0627\u062a \u0645\u0646 \u062f\u0648\u0646 \u0637\u064a"
            "\u0627\u0631"
        ),
        # الطائرات من دون طيار
        (
            "\u0627\u0644\u0637\u0627\u0626\u0631\u0627\u062a \u0645\u0646 \u062f\u0648\u0646 "
            "\u0637\u064a\u0627\u0631"
        ),
        True,
    ),
)

#: Number words 3 to 10 for masculine nouns (the feminine-looking form, by Arabic polarity).
_WITH_MASCULINE: tuple[str, ...] = (
    # ثلاثة
    "\u062b\u0644\u0627\u062b\u0629",
    # أربعة
    "\u0623\u0631\u0628\u0639\u0629",
    # خمسة
    "\u062e\u0645\u0633\u0629",
    # ستة
    "\u0633\u062a\u0629",
    # سبعة
    "\u0633\u0628\u0639\u0629",
    # ثمانية
    "\u062b\u0645\u0627\u0646\u064a\u0629",
    # تسعة
    "\u062a\u0633\u0639\u0629",
    # عشرة
    "\u0639\u0634\u0631\u0629",
)
#: Number words 3 to 10 for feminine nouns.
_WITH_FEMININE: tuple[str, ...] = (
    # ثلاث
    "\u062b\u0644\u0627\u062b",
    # أربع
    "\u0623\u0631\u0628\u0639",
    # خمس
    "\u062e\u0645\u0633",
    # ست
    "\u0633\u062a",
    # سبع
    "\u0633\u0628\u0639",
    # ثماني
    "\u062b\u0645\u0627\u0646\u064a",
    # تسع
    "\u062a\u0633\u0639",
    # عشر
    "\u0639\u0634\u0631",
)
# واحد
_ONE_M = "\u0648\u0627\u062d\u062f"
# واحدة
_ONE_F = "\u0648\u0627\u062d\u062f\u0629"
# عدة
_SEVERAL = "\u0639\u062f\u0629"
# عدد من
_A_NUMBER_OF = "\u0639\u062f\u062f \u0645\u0646"

_WEEKDAYS: tuple[str, ...] = (
    # الاثنين
    "\u0627\u0644\u0627\u062b\u0646\u064a\u0646",
    # الثلاثاء
    "\u0627\u0644\u062b\u0644\u0627\u062b\u0627\u0621",
    # الأربعاء
    "\u0627\u0644\u0623\u0631\u0628\u0639\u0627\u0621",
    # الخميس
    "\u0627\u0644\u062e\u0645\u064a\u0633",
    # الجمعة
    "\u0627\u0644\u062c\u0645\u0639\u0629",
    # السبت
    "\u0627\u0644\u0633\u0628\u062a",
    # الأحد
    "\u0627\u0644\u0623\u062d\u062f",
)
_MONTHS_GREGORIAN: tuple[str, ...] = (
    # يناير
    "\u064a\u0646\u0627\u064a\u0631",
    # فبراير
    "\u0641\u0628\u0631\u0627\u064a\u0631",
    # مارس
    "\u0645\u0627\u0631\u0633",
    # أبريل
    "\u0623\u0628\u0631\u064a\u0644",
    # مايو
    "\u0645\u0627\u064a\u0648",
    # يونيو
    "\u064a\u0648\u0646\u064a\u0648",
    # يوليو
    "\u064a\u0648\u0644\u064a\u0648",
    # أغسطس
    "\u0623\u063a\u0633\u0637\u0633",
    # سبتمبر
    "\u0633\u0628\u062a\u0645\u0628\u0631",
    # أكتوبر
    "\u0623\u0643\u062a\u0648\u0628\u0631",
    # نوفمبر
    "\u0646\u0648\u0641\u0645\u0628\u0631",
    # ديسمبر
    "\u062f\u064a\u0633\u0645\u0628\u0631",
)
_MONTHS_SYRIAC: tuple[str, ...] = (
    # كانون الثاني
    "\u0643\u0627\u0646\u0648\u0646 \u0627\u0644\u062b\u0627\u0646\u064a",
    # شباط
    "\u0634\u0628\u0627\u0637",
    # آذار
    "\u0622\u0630\u0627\u0631",
    # نيسان
    "\u0646\u064a\u0633\u0627\u0646",
    # أيار
    "\u0623\u064a\u0627\u0631",
    # حزيران
    "\u062d\u0632\u064a\u0631\u0627\u0646",
    # تموز
    "\u062a\u0645\u0648\u0632",
    # آب
    "\u0622\u0628",
    # أيلول
    "\u0623\u064a\u0644\u0648\u0644",
    # تشرين الأول
    "\u062a\u0634\u0631\u064a\u0646 \u0627\u0644\u0623\u0648\u0644",
    # تشرين الثاني
    "\u062a\u0634\u0631\u064a\u0646 \u0627\u0644\u062b\u0627\u0646\u064a",
    # كانون الأول
    "\u0643\u0627\u0646\u0648\u0646 \u0627\u0644\u0623\u0648\u0644",
)
_TODAY: tuple[str, ...] = (
    # اليوم
    "\u0627\u0644\u064a\u0648\u0645",
    # فجر اليوم
    "\u0641\u062c\u0631 \u0627\u0644\u064a\u0648\u0645",
    # صباح اليوم
    "\u0635\u0628\u0627\u062d \u0627\u0644\u064a\u0648\u0645",
    # ظهر اليوم
    "\u0638\u0647\u0631 \u0627\u0644\u064a\u0648\u0645",
)
_YESTERDAY: tuple[str, ...] = (
    # أمس
    "\u0623\u0645\u0633",
    # مساء أمس
    "\u0645\u0633\u0627\u0621 \u0623\u0645\u0633",
    # ليل أمس
    "\u0644\u064a\u0644 \u0623\u0645\u0633",
    # ظهر أمس
    "\u0638\u0647\u0631 \u0623\u0645\u0633",
)
# الماضي
_PAST = "\u0627\u0644\u0645\u0627\u0636\u064a"
# الأسبوع الماضي
_LAST_WEEK = "\u0627\u0644\u0623\u0633\u0628\u0648\u0639 \u0627\u0644\u0645\u0627\u0636\u064a"
# الشهر الماضي
_LAST_MONTH = "\u0627\u0644\u0634\u0647\u0631 \u0627\u0644\u0645\u0627\u0636\u064a"
# أول أمس
_DAY_BEFORE_YESTERDAY = "\u0623\u0648\u0644 \u0623\u0645\u0633"
# ليل
_NIGHT = "\u0644\u064a\u0644"
# مساء
_EVENING = "\u0645\u0633\u0627\u0621"
# في
_ON = "\u0641\u064a"

_ACTORS: tuple[str, ...] = (
    # المقاومة الإسلامية في العراق
    (
        "\u0627\u0644\u0645\u0642\u0627\u0648\u0645\u0629 \u0627\u0644\u0625\u0633\u0644\u0627"
        "\u0645\u064a\u0629 \u0641\u064a \u0627\u0644\u0639\u0631\u0627\u0642"
    ),
    # مجموعات مسلحة مجهولة
    (
        "\u0645\u062c\u0645\u0648\u0639\u0627\u062a \u0645\u0633\u0644\u062d\u0629 \u0645\u062c"
        "\u0647\u0648\u0644\u0629"
    ),
    # ميليشيات موالية لإيران
    (
        "\u0645\u064a\u0644\u064a\u0634\u064a\u0627\u062a \u0645\u0648\u0627\u0644\u064a\u0629 "
        "\u0644\u0625\u064a\u0631\u0627\u0646"
    ),
)
_SOURCES: tuple[str, ...] = (
    # المرصد السوري لحقوق الإنسان
    (
        "\u0627\u0644\u0645\u0631\u0635\u062f \u0627\u0644\u0633\u0648\u0631\u064a \u0644\u062d"
        "\u0642\u0648\u0642 \u0627\u0644\u0625\u0646\u0633\u0627\u0646"
    ),
    # مصادر محلية
    "\u0645\u0635\u0627\u062f\u0631 \u0645\u062d\u0644\u064a\u0629",
    # شبكة فرات بوست
    "\u0634\u0628\u0643\u0629 \u0641\u0631\u0627\u062a \u0628\u0648\u0633\u062a",
    # شبكة دير الزور 24
    "\u0634\u0628\u0643\u0629 \u062f\u064a\u0631 \u0627\u0644\u0632\u0648\u0631 24",
    # موقع نهر ميديا
    "\u0645\u0648\u0642\u0639 \u0646\u0647\u0631 \u0645\u064a\u062f\u064a\u0627",
    # شبكة عين الفرات
    "\u0634\u0628\u0643\u0629 \u0639\u064a\u0646 \u0627\u0644\u0641\u0631\u0627\u062a",
    # وكالة سانا
    "\u0648\u0643\u0627\u0644\u0629 \u0633\u0627\u0646\u0627",
    # وكالة الأناضول
    "\u0648\u0643\u0627\u0644\u0629 \u0627\u0644\u0623\u0646\u0627\u0636\u0648\u0644",
    # وكالة سبوتنيك
    "\u0648\u0643\u0627\u0644\u0629 \u0633\u0628\u0648\u062a\u0646\u064a\u0643",
    # وكالة رويترز
    "\u0648\u0643\u0627\u0644\u0629 \u0631\u0648\u064a\u062a\u0631\u0632",
)
_DATELINES: tuple[str, ...] = (
    # دير الزور – خاص
    "\u062f\u064a\u0631 \u0627\u0644\u0632\u0648\u0631 \u2013 \u062e\u0627\u0635",
    # الحسكة – سانا
    "\u0627\u0644\u062d\u0633\u0643\u0629 \u2013 \u0633\u0627\u0646\u0627",
    # دمشق (أ ف ب) -
    "\u062f\u0645\u0634\u0642 (\u0623 \u0641 \u0628) -",
    # بيروت – الميادين
    "\u0628\u064a\u0631\u0648\u062a \u2013 \u0627\u0644\u0645\u064a\u0627\u062f\u064a\u0646",
    # أنقرة – الأناضول
    "\u0623\u0646\u0642\u0631\u0629 \u2013 \u0627\u0644\u0623\u0646\u0627\u0636\u0648\u0644",
    # القامشلي – نورث برس
    (
        "\u0627\u0644\u0642\u0627\u0645\u0634\u0644\u064a \u2013 \u0646\u0648\u0631\u062b \u0628"
        "\u0631\u0633"
    ),
)
# القاعدة الأمريكية في
_BASE_OF = (
    "\u0627\u0644\u0642\u0627\u0639\u062f\u0629 \u0627\u0644\u0623\u0645\u0631\u064a\u0643\u064a"
    "\u0629 \u0641\u064a"
)
# قاعدة
_BASE = "\u0642\u0627\u0639\u062f\u0629"
# بلدة
_TOWN = "\u0628\u0644\u062f\u0629"
# قرب
_NEAR = "\u0642\u0631\u0628"

#: Casualty phrases; {k} and {i} are figures.
_NO_CASUALTIES: tuple[str, ...] = (
    # دون وقوع إصابات
    "\u062f\u0648\u0646 \u0648\u0642\u0648\u0639 \u0625\u0635\u0627\u0628\u0627\u062a",
    # ولم تسفر عن خسائر بشرية
    (
        "\u0648\u0644\u0645 \u062a\u0633\u0641\u0631 \u0639\u0646 \u062e\u0633\u0627\u0626\u0631 "
        "\u0628\u0634\u0631\u064a\u0629"
    ),
    # من دون أن يسفر ذلك عن إصابات
    (
        "\u0645\u0646 \u062f\u0648\u0646 \u0623\u0646 \u064a\u0633\u0641\u0631 \u0630\u0644\u0643 "
        "\u0639\u0646 \u0625\u0635\u0627\u0628\u0627\u062a"
    ),
)
_UNKNOWN_CASUALTIES: tuple[str, ...] = (
    # ولم ترد معلومات عن الخسائر
    (
        "\u0648\u0644\u0645 \u062a\u0631\u062f \u0645\u0639\u0644\u0648\u0645\u0627\u062a \u0639"
        "\u0646 \u0627\u0644\u062e\u0633\u0627\u0626\u0631"
    ),
    # دون ورود معلومات عن حجم الأضرار
    (
        "\u062f\u0648\u0646 \u0648\u0631\u0648\u062f \u0645\u0639\u0644\u0648\u0645\u0627\u062a "
        "\u0639\u0646 \u062d\u062c\u0645 \u0627\u0644\u0623\u0636\u0631\u0627\u0631"
    ),
)
# ما أدى إلى مقتل {k} وإصابة {i} آخرين
_KILLED_INJURED = (
    "\u0645\u0627 \u0623\u062f\u0649 \u0625\u0644\u0649 \u0645\u0642\u062a\u0644 {k} \u0648\u0625"
    "\u0635\u0627\u0628\u0629 {i} \u0622\u062e\u0631\u064a\u0646"
)
# وأسفر عن إصابة {i} عناصر بجروح
_INJURED = (
    "\u0648\u0623\u0633\u0641\u0631 \u0639\u0646 \u0625\u0635\u0627\u0628\u0629 {i} \u0639\u0646"
    "\u0627\u0635\u0631 \u0628\u062c\u0631\u0648\u062d"
)

#: Attack sentences: {count} weapons, {when}, {site}, {cas}ualties, {source}, {actor}.
_ATTACKS: tuple[str, ...] = (
    # سقطت {count} {when} على {site}، {cas}، بحسب {source}.
    (
        "\u0633\u0642\u0637\u062a {count} {when} \u0639\u0644\u0649 {site}\u060c {cas}\u060c \u0628"
        "\u062d\u0633\u0628 {source}."
    ),
    # استهدفت {actor} {when} {site} بـ{count}، {cas}.
    (
        "\u0627\u0633\u062a\u0647\u062f\u0641\u062a {actor} {when} {site} \u0628\u0640{count}\u060c"
        " {cas}."
    ),
    # تعرضت {site} {when} لهجوم بـ{count}، {cas}، وفق ما أفاد {source}.
    (
        "\u062a\u0639\u0631\u0636\u062a {site} {when} \u0644\u0647\u062c\u0648\u0645 \u0628\u0640{c"
        "ount}\u060c {cas}\u060c \u0648\u0641\u0642 \u0645\u0627 \u0623\u0641\u0627\u062f {source}."
    ),
    # أعلنت {actor} {when} قصف {site} بـ{count}، {cas}.
    (
        "\u0623\u0639\u0644\u0646\u062a {actor} {when} \u0642\u0635\u0641 {site} \u0628\u0640{count"
        "}\u060c {cas}."
    ),
)
#: A US strike: {when}, {town}, {k} killed, {source}.
_STRIKES: tuple[str, ...] = (
    # شنت طائرات أمريكية {when} غارات جوية على مواقع {near} {town}، ما أدى إلى مقتل {k} عناصر، بحسب
    # {source}.
    (
        "\u0634\u0646\u062a \u0637\u0627\u0626\u0631\u0627\u062a \u0623\u0645\u0631\u064a\u0643"
        "\u064a\u0629 {when} \u063a\u0627\u0631\u0627\u062a \u062c\u0648\u064a\u0629 \u0639\u0644"
        "\u0649 \u0645\u0648\u0627\u0642\u0639 {near} {town}\u060c \u0645\u0627 \u0623\u062f\u0649 "
        "\u0625\u0644\u0649 \u0645\u0642\u062a\u0644 {k} \u0639\u0646\u0627\u0635\u0631\u060c "
        "\u0628\u062d\u0633\u0628 {source}."
    ),
    # نفذ التحالف الدولي {when} ضربات جوية استهدفت مقرا لمجموعات مسلحة {near} {town}، {cas}.
    (
        "\u0646\u0641\u0630 \u0627\u0644\u062a\u062d\u0627\u0644\u0641 \u0627\u0644\u062f\u0648"
        "\u0644\u064a {when} \u0636\u0631\u0628\u0627\u062a \u062c\u0648\u064a\u0629 \u0627\u0633"
        "\u062a\u0647\u062f\u0641\u062a \u0645\u0642\u0631\u0627 \u0644\u0645\u062c\u0645\u0648"
        "\u0639\u0627\u062a \u0645\u0633\u0644\u062d\u0629 {near} {town}\u060c {cas}."
    ),
    # ردت المدفعية الأمريكية {when} بقصف مدفعي على مصادر النيران {near} {town}، {cas}.
    (
        "\u0631\u062f\u062a \u0627\u0644\u0645\u062f\u0641\u0639\u064a\u0629 \u0627\u0644\u0623"
        "\u0645\u0631\u064a\u0643\u064a\u0629 {when} \u0628\u0642\u0635\u0641 \u0645\u062f\u0641"
        "\u0639\u064a \u0639\u0644\u0649 \u0645\u0635\u0627\u062f\u0631 \u0627\u0644\u0646\u064a"
        "\u0631\u0627\u0646 {near} {town}\u060c {cas}."
    ),
)
#: An explosion: {when}, {town}, {cas}.
_BLASTS: tuple[str, ...] = (
    # انفجرت عبوة ناسفة {when} بسيارة عسكرية {near} {town}، {cas}.
    (
        "\u0627\u0646\u0641\u062c\u0631\u062a \u0639\u0628\u0648\u0629 \u0646\u0627\u0633\u0641"
        "\u0629 {when} \u0628\u0633\u064a\u0627\u0631\u0629 \u0639\u0633\u0643\u0631\u064a\u0629 {n"
        "ear} {town}\u060c {cas}."
    ),
    # انفجر لغم أرضي {when} بدورية لقوات سوريا الديمقراطية {near} {town}، {cas}.
    (
        "\u0627\u0646\u0641\u062c\u0631 \u0644\u063a\u0645 \u0623\u0631\u0636\u064a {when} \u0628"
        "\u062f\u0648\u0631\u064a\u0629 \u0644\u0642\u0648\u0627\u062a \u0633\u0648\u0631\u064a"
        "\u0627 \u0627\u0644\u062f\u064a\u0645\u0642\u0631\u0627\u0637\u064a\u0629 {near} {town}"
        "\u060c {cas}."
    ),
    # تعرضت دورية مشتركة لإطلاق نار من أسلحة رشاشة {when} {near} {town}، {cas}.
    (
        "\u062a\u0639\u0631\u0636\u062a \u062f\u0648\u0631\u064a\u0629 \u0645\u0634\u062a\u0631"
        "\u0643\u0629 \u0644\u0625\u0637\u0644\u0627\u0642 \u0646\u0627\u0631 \u0645\u0646 \u0623"
        "\u0633\u0644\u062d\u0629 \u0631\u0634\u0627\u0634\u0629 {when} {near} {town}\u060c {cas}."
    ),
)
#: A back-reference: {site}, {past} date, {count}.
_RECALLS: tuple[str, ...] = (
    # وكانت {site} قد تعرضت {past} لهجوم بـ{count}.
    (
        "\u0648\u0643\u0627\u0646\u062a {site} \u0642\u062f \u062a\u0639\u0631\u0636\u062a {past} "
        "\u0644\u0647\u062c\u0648\u0645 \u0628\u0640{count}."
    ),
    # ويأتي ذلك بعد استهداف {site} {past} بـ{count}.
    (
        "\u0648\u064a\u0623\u062a\u064a \u0630\u0644\u0643 \u0628\u0639\u062f \u0627\u0633\u062a"
        "\u0647\u062f\u0627\u0641 {site} {past} \u0628\u0640{count}."
    ),
)
_HEADLINES: tuple[str, ...] = (
    # هجوم جديد يستهدف {site}
    "\u0647\u062c\u0648\u0645 \u062c\u062f\u064a\u062f \u064a\u0633\u062a\u0647\u062f\u0641 {site}",
    # قصف يطال {site} في شرق سوريا
    (
        "\u0642\u0635\u0641 \u064a\u0637\u0627\u0644 {site} \u0641\u064a \u0634\u0631\u0642 \u0633"
        "\u0648\u0631\u064a\u0627"
    ),
    # تطورات ميدانية في ريف دير الزور والحسكة
    (
        "\u062a\u0637\u0648\u0631\u0627\u062a \u0645\u064a\u062f\u0627\u0646\u064a\u0629 \u0641"
        "\u064a \u0631\u064a\u0641 \u062f\u064a\u0631 \u0627\u0644\u0632\u0648\u0631 \u0648\u0627"
        "\u0644\u062d\u0633\u0643\u0629"
    ),
    # استنفار أمريكي بعد هجوم على {site}
    (
        "\u0627\u0633\u062a\u0646\u0641\u0627\u0631 \u0623\u0645\u0631\u064a\u0643\u064a \u0628"
        "\u0639\u062f \u0647\u062c\u0648\u0645 \u0639\u0644\u0649 {site}"
    ),
)
#: Sentences that report nothing; {n} is a number that is not a count.
_FILLERS: tuple[str, ...] = (
    # ورفعت القوات الأمريكية حالة التأهب في قواعدها المنتشرة في المنطقة، وسيرت دوريات مكثفة على
    # الطرق الرئيسية.
    (
        "\u0648\u0631\u0641\u0639\u062a \u0627\u0644\u0642\u0648\u0627\u062a \u0627\u0644\u0623"
        "\u0645\u0631\u064a\u0643\u064a\u0629 \u062d\u0627\u0644\u0629 \u0627\u0644\u062a\u0623"
        "\u0647\u0628 \u0641\u064a \u0642\u0648\u0627\u0639\u062f\u0647\u0627 \u0627\u0644\u0645"
        "\u0646\u062a\u0634\u0631\u0629 \u0641\u064a \u0627\u0644\u0645\u0646\u0637\u0642\u0629"
        "\u060c \u0648\u0633\u064a\u0631\u062a \u062f\u0648\u0631\u064a\u0627\u062a \u0645\u0643"
        "\u062b\u0641\u0629 \u0639\u0644\u0649 \u0627\u0644\u0637\u0631\u0642 \u0627\u0644\u0631"
        "\u0626\u064a\u0633\u064a\u0629."
    ),
    # وشهدت سماء المنطقة تحليقا مكثفا للطيران المروحي حتى ساعات الصباح الأولى.
    (
        "\u0648\u0634\u0647\u062f\u062a \u0633\u0645\u0627\u0621 \u0627\u0644\u0645\u0646\u0637"
        "\u0642\u0629 \u062a\u062d\u0644\u064a\u0642\u0627 \u0645\u0643\u062b\u0641\u0627 \u0644"
        "\u0644\u0637\u064a\u0631\u0627\u0646 \u0627\u0644\u0645\u0631\u0648\u062d\u064a \u062d"
        "\u062a\u0649 \u0633\u0627\u0639\u0627\u062a \u0627\u0644\u0635\u0628\u0627\u062d \u0627"
        "\u0644\u0623\u0648\u0644\u0649."
    ),
    # ولم تتبن أي جهة الهجوم حتى لحظة إعداد هذا التقرير.
    (
        "\u0648\u0644\u0645 \u062a\u062a\u0628\u0646 \u0623\u064a \u062c\u0647\u0629 \u0627\u0644"
        "\u0647\u062c\u0648\u0645 \u062d\u062a\u0649 \u0644\u062d\u0638\u0629 \u0625\u0639\u062f"
        "\u0627\u062f \u0647\u0630\u0627 \u0627\u0644\u062a\u0642\u0631\u064a\u0631."
    ),
    # وتنشر الولايات المتحدة نحو {n} جندي في سوريا، يتوزعون على قواعد عدة في محافظتي دير الزور
    # والحسكة.
    (
        "\u0648\u062a\u0646\u0634\u0631 \u0627\u0644\u0648\u0644\u0627\u064a\u0627\u062a \u0627"
        "\u0644\u0645\u062a\u062d\u062f\u0629 \u0646\u062d\u0648 {n} \u062c\u0646\u062f\u064a "
        "\u0641\u064a \u0633\u0648\u0631\u064a\u0627\u060c \u064a\u062a\u0648\u0632\u0639\u0648"
        "\u0646 \u0639\u0644\u0649 \u0642\u0648\u0627\u0639\u062f \u0639\u062f\u0629 \u0641\u064a "
        "\u0645\u062d\u0627\u0641\u0638\u062a\u064a \u062f\u064a\u0631 \u0627\u0644\u0632\u0648"
        "\u0631 \u0648\u0627\u0644\u062d\u0633\u0643\u0629."
    ),
    # وقال مسؤول في وزارة الدفاع الأمريكية إن قوات بلاده سترد في الوقت والمكان المناسبين.
    (
        "\u0648\u0642\u0627\u0644 \u0645\u0633\u0624\u0648\u0644 \u0641\u064a \u0648\u0632\u0627"
        "\u0631\u0629 \u0627\u0644\u062f\u0641\u0627\u0639 \u0627\u0644\u0623\u0645\u0631\u064a"
        "\u0643\u064a\u0629 \u0625\u0646 \u0642\u0648\u0627\u062a \u0628\u0644\u0627\u062f\u0647 "
        "\u0633\u062a\u0631\u062f \u0641\u064a \u0627\u0644\u0648\u0642\u062a \u0648\u0627\u0644"
        "\u0645\u0643\u0627\u0646 \u0627\u0644\u0645\u0646\u0627\u0633\u0628\u064a\u0646."
    ),
    # ووصلت تعزيزات عسكرية تضم {n} شاحنة إلى المنطقة قادمة من الأراضي العراقية.
    (
        "\u0648\u0648\u0635\u0644\u062a \u062a\u0639\u0632\u064a\u0632\u0627\u062a \u0639\u0633"
        "\u0643\u0631\u064a\u0629 \u062a\u0636\u0645 {n} \u0634\u0627\u062d\u0646\u0629 \u0625"
        "\u0644\u0649 \u0627\u0644\u0645\u0646\u0637\u0642\u0629 \u0642\u0627\u062f\u0645\u0629 "
        "\u0645\u0646 \u0627\u0644\u0623\u0631\u0627\u0636\u064a \u0627\u0644\u0639\u0631\u0627"
        "\u0642\u064a\u0629."
    ),
    # ويشهد ريف دير الزور الشرقي توترا متصاعدا منذ أشهر بين العشائر العربية وقوات سوريا الديمقراطية.
    (
        "\u0648\u064a\u0634\u0647\u062f \u0631\u064a\u0641 \u062f\u064a\u0631 \u0627\u0644\u0632"
        "\u0648\u0631 \u0627\u0644\u0634\u0631\u0642\u064a \u062a\u0648\u062a\u0631\u0627 \u0645"
        "\u062a\u0635\u0627\u0639\u062f\u0627 \u0645\u0646\u0630 \u0623\u0634\u0647\u0631 \u0628"
        "\u064a\u0646 \u0627\u0644\u0639\u0634\u0627\u0626\u0631 \u0627\u0644\u0639\u0631\u0628"
        "\u064a\u0629 \u0648\u0642\u0648\u0627\u062a \u0633\u0648\u0631\u064a\u0627 \u0627\u0644"
        "\u062f\u064a\u0645\u0642\u0631\u0627\u0637\u064a\u0629."
    ),
    # ودعت الحكومة السورية مجددا إلى انسحاب القوات الأجنبية من أراضيها، معتبرة وجودها غير شرعي.
    (
        "\u0648\u062f\u0639\u062a \u0627\u0644\u062d\u0643\u0648\u0645\u0629 \u0627\u0644\u0633"
        "\u0648\u0631\u064a\u0629 \u0645\u062c\u062f\u062f\u0627 \u0625\u0644\u0649 \u0627\u0646"
        "\u0633\u062d\u0627\u0628 \u0627\u0644\u0642\u0648\u0627\u062a \u0627\u0644\u0623\u062c"
        "\u0646\u0628\u064a\u0629 \u0645\u0646 \u0623\u0631\u0627\u0636\u064a\u0647\u0627\u060c "
        "\u0645\u0639\u062a\u0628\u0631\u0629 \u0648\u062c\u0648\u062f\u0647\u0627 \u063a\u064a"
        "\u0631 \u0634\u0631\u0639\u064a."
    ),
    # وفرضت قوات سوريا الديمقراطية حظر تجوال في عدد من القرى المحيطة وشنت حملة مداهمات واعتقالات.
    (
        "\u0648\u0641\u0631\u0636\u062a \u0642\u0648\u0627\u062a \u0633\u0648\u0631\u064a\u0627 "
        "\u0627\u0644\u062f\u064a\u0645\u0642\u0631\u0627\u0637\u064a\u0629 \u062d\u0638\u0631 "
        "\u062a\u062c\u0648\u0627\u0644 \u0641\u064a \u0639\u062f\u062f \u0645\u0646 \u0627\u0644"
        "\u0642\u0631\u0649 \u0627\u0644\u0645\u062d\u064a\u0637\u0629 \u0648\u0634\u0646\u062a "
        "\u062d\u0645\u0644\u0629 \u0645\u062f\u0627\u0647\u0645\u0627\u062a \u0648\u0627\u0639"
        "\u062a\u0642\u0627\u0644\u0627\u062a."
    ),
    # وتتهم واشنطن فصائل مدعومة من طهران بالوقوف وراء الهجمات المتكررة على قواعدها في سوريا والعراق.
    (
        "\u0648\u062a\u062a\u0647\u0645 \u0648\u0627\u0634\u0646\u0637\u0646 \u0641\u0635\u0627"
        "\u0626\u0644 \u0645\u062f\u0639\u0648\u0645\u0629 \u0645\u0646 \u0637\u0647\u0631\u0627"
        "\u0646 \u0628\u0627\u0644\u0648\u0642\u0648\u0641 \u0648\u0631\u0627\u0621 \u0627\u0644"
        "\u0647\u062c\u0645\u0627\u062a \u0627\u0644\u0645\u062a\u0643\u0631\u0631\u0629 \u0639"
        "\u0644\u0649 \u0642\u0648\u0627\u0639\u062f\u0647\u0627 \u0641\u064a \u0633\u0648\u0631"
        "\u064a\u0627 \u0648\u0627\u0644\u0639\u0631\u0627\u0642."
    ),
    # ويأتي ذلك بعد أيام من اجتماع عقده مسؤولون في التحالف الدولي مع وجهاء العشائر في المنطقة.
    (
        "\u0648\u064a\u0623\u062a\u064a \u0630\u0644\u0643 \u0628\u0639\u062f \u0623\u064a\u0627"
        "\u0645 \u0645\u0646 \u0627\u062c\u062a\u0645\u0627\u0639 \u0639\u0642\u062f\u0647 \u0645"
        "\u0633\u0624\u0648\u0644\u0648\u0646 \u0641\u064a \u0627\u0644\u062a\u062d\u0627\u0644"
        "\u0641 \u0627\u0644\u062f\u0648\u0644\u064a \u0645\u0639 \u0648\u062c\u0647\u0627\u0621 "
        "\u0627\u0644\u0639\u0634\u0627\u0626\u0631 \u0641\u064a \u0627\u0644\u0645\u0646\u0637"
        "\u0642\u0629."
    ),
    # وأشارت المصادر إلى أن سيارات الإسعاف هرعت إلى المكان، وسط استنفار أمني واسع.
    (
        "\u0648\u0623\u0634\u0627\u0631\u062a \u0627\u0644\u0645\u0635\u0627\u062f\u0631 \u0625"
        "\u0644\u0649 \u0623\u0646 \u0633\u064a\u0627\u0631\u0627\u062a \u0627\u0644\u0625\u0633"
        "\u0639\u0627\u0641 \u0647\u0631\u0639\u062a \u0625\u0644\u0649 \u0627\u0644\u0645\u0643"
        "\u0627\u0646\u060c \u0648\u0633\u0637 \u0627\u0633\u062a\u0646\u0641\u0627\u0631 \u0623"
        "\u0645\u0646\u064a \u0648\u0627\u0633\u0639."
    ),
    # ويعد هذا الهجوم الـ{n} على القواعد الأمريكية منذ مطلع العام الجاري.
    (
        "\u0648\u064a\u0639\u062f \u0647\u0630\u0627 \u0627\u0644\u0647\u062c\u0648\u0645 \u0627"
        "\u0644\u0640{n} \u0639\u0644\u0649 \u0627\u0644\u0642\u0648\u0627\u0639\u062f \u0627\u0644"
        "\u0623\u0645\u0631\u064a\u0643\u064a\u0629 \u0645\u0646\u0630 \u0645\u0637\u0644\u0639 "
        "\u0627\u0644\u0639\u0627\u0645 \u0627\u0644\u062c\u0627\u0631\u064a."
    ),
    # وكانت القوات الأمريكية قد نشرت منظومة دفاع جوي جديدة في المنطقة خلال الأشهر الماضية.
    (
        "\u0648\u0643\u0627\u0646\u062a \u0627\u0644\u0642\u0648\u0627\u062a \u0627\u0644\u0623"
        "\u0645\u0631\u064a\u0643\u064a\u0629 \u0642\u062f \u0646\u0634\u0631\u062a \u0645\u0646"
        "\u0638\u0648\u0645\u0629 \u062f\u0641\u0627\u0639 \u062c\u0648\u064a \u062c\u062f\u064a"
        "\u062f\u0629 \u0641\u064a \u0627\u0644\u0645\u0646\u0637\u0642\u0629 \u062e\u0644\u0627"
        "\u0644 \u0627\u0644\u0623\u0634\u0647\u0631 \u0627\u0644\u0645\u0627\u0636\u064a\u0629."
    ),
    # وأجرت قوات التحالف تدريبات بالذخيرة الحية في محيط قواعدها بمشاركة مقاتلين محليين.
    (
        "\u0648\u0623\u062c\u0631\u062a \u0642\u0648\u0627\u062a \u0627\u0644\u062a\u062d\u0627"
        "\u0644\u0641 \u062a\u062f\u0631\u064a\u0628\u0627\u062a \u0628\u0627\u0644\u0630\u062e"
        "\u064a\u0631\u0629 \u0627\u0644\u062d\u064a\u0629 \u0641\u064a \u0645\u062d\u064a\u0637 "
        "\u0642\u0648\u0627\u0639\u062f\u0647\u0627 \u0628\u0645\u0634\u0627\u0631\u0643\u0629 "
        "\u0645\u0642\u0627\u062a\u0644\u064a\u0646 \u0645\u062d\u0644\u064a\u064a\u0646."
    ),
    # ويستند وجود هذه القوات، بحسب واشنطن، إلى مهمة مكافحة تنظيم داعش التي بدأت عام 2014.
    (
        "\u0648\u064a\u0633\u062a\u0646\u062f \u0648\u062c\u0648\u062f \u0647\u0630\u0647 \u0627"
        "\u0644\u0642\u0648\u0627\u062a\u060c \u0628\u062d\u0633\u0628 \u0648\u0627\u0634\u0646"
        "\u0637\u0646\u060c \u0625\u0644\u0649 \u0645\u0647\u0645\u0629 \u0645\u0643\u0627\u0641"
        "\u062d\u0629 \u062a\u0646\u0638\u064a\u0645 \u062f\u0627\u0639\u0634 \u0627\u0644\u062a"
        "\u064a \u0628\u062f\u0623\u062a \u0639\u0627\u0645 2014."
    ),
)


def _names(site: Site) -> tuple[str, ...]:
    """The Arabic names that denote a site on their own (context-only names left out)."""
    return tuple(n for n in (site.name_ar, *site.aliases_ar) if n)


def _count(rng: random.Random, weapon: _Weapon) -> str:
    """A count of one weapon: one, a dual, a number word or digits, or a vague amount."""
    how = rng.randrange(6)
    if how == 0:
        return f"{weapon.one} {_ONE_F if weapon.feminine else _ONE_M}"
    if how == 1:
        return weapon.two
    n = rng.randint(3, 10)
    if how == 2:
        words = _WITH_FEMININE if weapon.feminine else _WITH_MASCULINE
        return f"{words[n - 3]} {weapon.many}"
    if how == 3:
        return f"{n} {weapon.many}"
    if how == 4:
        return f"{_SEVERAL} {weapon.many}"
    return f"{_A_NUMBER_OF} {weapon.many_definite}"


def _day_month(rng: random.Random, day: date) -> str:
    """An explicit date, in either month system or both, with or without the year."""
    greg, syr = _MONTHS_GREGORIAN[day.month - 1], _MONTHS_SYRIAC[day.month - 1]
    month = rng.choice((greg, syr, f"{syr}/{greg}"))
    year = f" {day.year}" if rng.random() < 0.5 else ""
    return f"{_ON} {day.day} {month}{year}"


def _when(rng: random.Random, published: date) -> str:
    """When a freshly reported attack happened, relative to the publication date."""
    how = rng.randrange(5)
    yesterday = published - timedelta(days=1)
    if how == 0:
        return rng.choice(_TODAY)
    if how == 1:
        return rng.choice(_YESTERDAY)
    if how == 2:
        return f"{_NIGHT} {_WEEKDAYS[yesterday.weekday()]}-{_WEEKDAYS[published.weekday()]}"
    if how == 3:
        return f"{_EVENING} {_WEEKDAYS[yesterday.weekday()]}"
    return _day_month(rng, published)


def _past(rng: random.Random, published: date) -> str:
    """When an earlier, recalled attack happened."""
    how = rng.randrange(5)
    if how == 0:
        return f"{_WEEKDAYS[rng.randrange(7)]} {_PAST}"
    if how == 1:
        return _LAST_WEEK
    if how == 2:
        return _LAST_MONTH
    if how == 3:
        return _DAY_BEFORE_YESTERDAY
    return _day_month(rng, published - timedelta(days=rng.randint(3, 60)))


def _site(rng: random.Random, site: Site) -> str:
    """A base named as a target."""
    name = rng.choice(_names(site))
    return rng.choice((f"{_BASE_OF} {name}", f"{_BASE} {name}"))


def _town(rng: random.Random, site: Site) -> str:
    """A town named as a place."""
    name = rng.choice(_names(site))
    return rng.choice((f"{_TOWN} {name}", name))


def _casualties(rng: random.Random) -> str:
    """What the attack cost: nothing, unknown, or figures."""
    how = rng.randrange(4)
    if how == 0:
        return rng.choice(_NO_CASUALTIES)
    if how == 1:
        return rng.choice(_UNKNOWN_CASUALTIES)
    if how == 2:
        return _KILLED_INJURED.format(k=rng.randint(1, 9), i=rng.randint(2, 12))
    return _INJURED.format(i=rng.randint(3, 10))


class _Writer:
    """Assembles one article at a time from the phrase pieces."""

    def __init__(
        self, rng: random.Random, facilities: Sequence[Site], towns: Sequence[Site]
    ) -> None:
        self.rng = rng
        self.facilities = facilities
        self.towns = towns

    def attack(self, published: date, site: Site) -> str:
        """A freshly reported attack on a base."""
        rng = self.rng
        return rng.choice(_ATTACKS).format(
            count=_count(rng, rng.choice(_WEAPONS)),
            when=_when(rng, published),
            site=_site(rng, site),
            cas=_casualties(rng),
            source=rng.choice(_SOURCES),
            actor=rng.choice(_ACTORS),
        )

    def second(self, published: date) -> str:
        """A second item: a US strike, an explosion, or a recalled earlier attack."""
        rng = self.rng
        kind = rng.randrange(3)
        if kind == 0:
            return rng.choice(_STRIKES).format(
                when=_when(rng, published),
                near=_NEAR,
                town=_town(rng, rng.choice(self.towns)),
                k=rng.randint(2, 12),
                cas=_casualties(rng),
                source=rng.choice(_SOURCES),
            )
        if kind == 1:
            return rng.choice(_BLASTS).format(
                when=_when(rng, published),
                near=_NEAR,
                town=_town(rng, rng.choice(self.towns)),
                cas=_casualties(rng),
            )
        return rng.choice(_RECALLS).format(
            site=_site(rng, rng.choice(self.facilities)),
            past=_past(rng, published),
            count=_count(rng, rng.choice(_WEAPONS)),
        )

    def filler(self, deck: list[str]) -> str:
        """The next filler sentence of a shuffled deck (no repeats until the deck runs out)."""
        if not deck:
            deck.extend(self.rng.sample(_FILLERS, len(_FILLERS)))
        return deck.pop().format(n=self.rng.randint(5, 2500))

    def article(self, number: int) -> Article:
        """The next article: headline, dateline, news (unless quiet) and fillers to size."""
        rng = self.rng
        published = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
        site = rng.choice(self.facilities)
        quiet = rng.random() < QUIET_SHARE
        headline = rng.choice(_HEADLINES[2:3] if quiet else _HEADLINES)
        paragraphs = [headline.format(site=_site(rng, site)), rng.choice(_DATELINES)]
        news = [] if quiet else [self.attack(published, site)]
        if not quiet and rng.random() < 0.6:
            news.append(self.second(published))
        target = rng.randint(MIN_BYTES, MAX_BYTES)
        size = sum(len(p.encode("utf-8")) + 2 for p in paragraphs + news)
        body = list(news)
        deck: list[str] = []
        while size < target:
            extra = self.filler(deck)
            grown = size + len(extra.encode("utf-8")) + 2
            if grown > MAX_BYTES and size >= MIN_BYTES:
                break
            body.insert(rng.randint(min(1, len(body)), len(body)), extra)
            size = grown
        return Article(
            id=f"gen-{number:06d}",
            text="\n\n".join(paragraphs + body) + "\n",
            published=published,
            outlet="synthetic",
            note="generated by tests/bench/_corpus_gen.py",
        )


def generate(n: int, seed: int = 0, gazetteer: Gazetteer | None = None) -> list[Article]:
    """Generate ``n`` synthetic articles, the same ones for the same seed.

    Parameters
    ----------
    n : int
        How many articles.
    seed : int
        Seed of the :class:`random.Random` that drives every choice.
    gazetteer : Gazetteer, optional
        Where the place names come from; the packaged gazetteer by default.

    Returns
    -------
    list of Article
        Articles ``gen-000000`` ... with publication dates from 2019 to 2026, each 1.5 to 3 KB
        of UTF-8; about one in five reports no incident.
    """
    if n < 0:
        raise ValueError(f"n must be 0 or more, got {n}")
    places = gazetteer or load_gazetteer()
    sites = sorted(places.sites.values(), key=lambda s: s.key)
    facilities = [s for s in sites if s.kind in _FACILITIES and _names(s)]
    towns = [s for s in sites if s.kind in _TOWNS and _names(s)]
    if not facilities or not towns:
        raise ValueError(f"{places.source}: needs at least one base and one town with Arabic names")
    writer = _Writer(random.Random(seed), facilities, towns)
    return [writer.article(i) for i in range(n)]


def sample_text(articles: Sequence[Article], megabytes: float) -> str:
    """Join article texts until they reach ``megabytes`` of UTF-8 (or run out).

    Parameters
    ----------
    articles : sequence of Article
        The articles, used in order.
    megabytes : float
        Size wanted, in MB (10**6 bytes).

    Returns
    -------
    str
        The texts separated by blank lines.
    """
    wanted = int(megabytes * 1_000_000)
    parts: list[str] = []
    size = 0
    for article in articles:
        if size >= wanted:
            break
        parts.append(article.text)
        size += len(article.text.encode("utf-8")) + 2
    return "\n\n".join(parts)
