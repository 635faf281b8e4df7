"""Rules of recall: earlier attacks an article retells, kept apart from the news they precede.

- :func:`pluperfect_forms` -- "US officials had announced, last Wednesday, that two Americans
  were killed by Katyushas on Taji camp" (وكان مسؤولون أمريكيون، قد أعلنوا، الأربعاء الماضي) or
  "the coalition had announced on Wednesday three soldiers killed" (وكان التحالف ... أعلن
  الأربعاء): the genre's pluperfect also comes with its subject set off by commas, and without
  قد when the verb after the subject is a perfect of saying or of an attack (أعلن، ذكر، سقطت،
  استهدف ...). Like rule pluperfect_recall (the form كان ... قد with no comma), it marks an
  earlier attack when its day lies before yesterday, so the undated lead before it (the news:
  "rockets fell on Taji camp") is not folded into that earlier day.
- :func:`context_account` -- "... had announced last Wednesday two Americans killed on Taji
  camp. The Iraqi army said 15 Katyushas fell on a base near Baghdad": a sentence with no day
  of its own, dated by the earlier attack's account before it at the same site and day (a day
  before yesterday), goes on with that account; merged into it (the reader's ``_keep``), it
  does not make the earlier attack news.
- :func:`ordinal_after` -- "Balad air base was shelled today, this bombardment being the
  second of its kind the base has suffered after a rocket fell near it, last Thursday" (الثاني
  من نوعه ... بعد سقوط صاروخ قربها، يوم الخميس الماضي): the ordinal counts the attacks on the
  site the sentence is about, so the attack after بعد, with a day of its own and no place of its
  own, is the earlier one there, however indefinite its words.
- :func:`ordinal_period` -- "a barrage hit Taji camp on Saturday, in an attack that is the
  second this week" (في هجوم هو الثاني هذا الأسبوع): the running period after an ordinal
  frames the count of attacks, it does not date the attack, so the news is not folded into
  the week's earlier attack told after it.

Patterns are written on normalised text (:func:`gazetteer.text.normalize.normalise`: ta marbuta
as ha, hamza forms unified, diacritics dropped, the Arabic comma as ","). :data:`RETOLD_RULES`
lists the rules for :data:`.precision.RULES`.
"""

from __future__ import annotations

import re

__all__ = [
    "RETOLD_RULES",
    "context_account",
    "counts_itself",
    "ordinal_after",
    "ordinal_period",
    "pluperfect_forms",
]

#: The rules of this module, by name (each with a table in tests/data/incidents/rules).
RETOLD_RULES: tuple[str, ...] = (
    "pluperfect_forms",
    "context_account",
    "ordinal_after",
    "ordinal_period",
)

#: كان / كانت / كانا / كانوا opening a sentence (with و or ف).
_KANA = "\\s*[\u0648\u0641]?\u0643\u0627\u0646(?:\u062a|\u0627|\u0648\u0627)?\\s+"
#: A word of the subject: no clause break inside, a comma may close it (مسوولون امريكيون,).
_SUBJECT_WORD = "(?:[^\\s,;.:!?]+\\s*,?\\s+)"
#: Relative pronouns: a verb after one belongs to a relative clause, not to كان.
_RELATIVE = (
    "(?!(?:\u0627\u0644\u0630\u064a|\u0627\u0644\u062a\u064a|\u0627\u0644\u0630\u064a\u0646)\\s)"
)

#: Perfect verbs of saying and of an attack that follow the subject without قد: a'lana,
#: dhakara, afada, akkada, kashafa, qala, saqata, istahdafa, ta'arrada, qasafa, hajama, shanna
#: (each with the feminine ت, the dual ا / تا, or the plural وا).
_PERFECT_STEMS = (
    "\u0627\u0639\u0644\u0646",  # اعلن
    "\u0630\u0643\u0631",  # ذكر
    "\u0627\u0641\u0627\u062f",  # افاد
    "\u0627\u0643\u062f",  # اكد
    "\u0643\u0634\u0641",  # كشف
    "\u0642\u0627\u0644",  # قال
    "\u0633\u0642\u0637",  # سقط
    "\u0627\u0633\u062a\u0647\u062f\u0641",  # استهدف
    "\u062a\u0639\u0631\u0636",  # تعرض
    "\u0642\u0635\u0641",  # قصف
    "\u0647\u0627\u062c\u0645",  # هاجم
    "\u0634\u0646",  # شن
)

#: The pluperfect with قد after a subject that commas set off: وكان مسوولون امريكيون, قد اعلنوا.
_COMMA_QAD = re.compile(f"{_KANA}(?:{_RELATIVE}{_SUBJECT_WORD}){{1,6}}?,?\\s*\u0642\u062f\\s")
#: The pluperfect without قد: كان, a subject of one to ten words, a perfect of saying or of an
#: attack that does not stand right after a relative pronoun (وكان التحالف الذي تقوده الولايات
#: المتحده اعلن reads; وكانت القاعده التي استهدفت is the subject's relative clause).
_BARE = re.compile(
    f"{_KANA}(?:(?!\u0642\u062f\\s)[^\\s,;.:!?]+\\s+){{1,10}}?"  # no قد (pluperfect_recall's)
    "(?<!\u0627\u0644\u0630\u064a )(?<!\u0627\u0644\u062a\u064a )"
    "(?<!\u0627\u0644\u0630\u064a\u0646 )"
    f"(?:{'|'.join(_PERFECT_STEMS)})(?:\u062a|\u0627|\u062a\u0627|\u0648\u0627)?(?!\\w)"
)


def pluperfect_forms(text: str, start: int) -> bool:
    """Whether a sentence opens in a pluperfect form that rule pluperfect_recall does not read.

    Rule pluperfect_forms: "وكان مسؤولون أمريكيون، قد أعلنوا، الأربعاء الماضي" (the subject set
    off by commas before قد) and "وكانت طائرتان مسيرتان استهدفتا الأحد قاعدة حرير" or "وكان
    الجيش أعلن الأربعاء سقوط صواريخ" (no قد, a perfect of saying or of an attack right after a
    subject of at most ten words) recall what happened before the news. A relative clause
    before the verb ("وكانت القاعدة التي استهدفت ..."), an imperfect ("وكانت الفصائل تستهدف"),
    or a كان that does not open the sentence is no such form. The reader asks it, as it asks
    pluperfect_recall, only of a sentence dated before yesterday.

    Parameters
    ----------
    text : str
        The normalised article text.
    start : int
        Where the sentence starts.

    Returns
    -------
    bool
        True when the sentence opens in one of these pluperfect forms.
    """
    m = _COMMA_QAD.match(text, start)
    if m is not None and "," in m.group():  # with no comma, the form is pluperfect_recall's
        return True
    return _BARE.match(text, start) is not None


def context_account(account_dated: bool, more_dated: bool, same_day: bool, after: bool) -> bool:
    """Whether a report merged into an earlier attack's account leaves that attack earlier.

    Rule context_account: an account told as an earlier attack, with a day of its own before
    yesterday (``account_dated``), takes in a report of the same site that has no day of its
    own (``more_dated`` False), carries the account's day (``same_day``) and is told after the
    account (``after``): the report goes on telling that earlier attack, so the merged incident
    stays a back-reference. A report with a day of its own, or on another day, is news of its
    own and makes the merged one news (the merge's usual way); so does a headline or lead
    before the account, and so does anything merged into an account of today or yesterday
    (what an article calls earlier on the day of the news is mostly the news itself).

    Parameters
    ----------
    account_dated : bool
        Whether the earlier attack's account has a day of its own, before yesterday.
    more_dated : bool
        Whether the report merged into it has a day of its own.
    same_day : bool
        Whether both carry the same day.
    after : bool
        Whether the report stands after the account in the article.

    Returns
    -------
    bool
        True when the merged incident stays a back-reference.
    """
    return account_dated and not more_dated and same_day and after


#: An ordinal from the second on, masculine or feminine (normalised): the Nth attack.
_NTH = (
    "\u0627\u0644\u062b\u0627\u0646\u064a",  # الثاني
    "\u0627\u0644\u062b\u0627\u0644\u062b",  # الثالث
    "\u0627\u0644\u0631\u0627\u0628\u0639",  # الرابع
    "\u0627\u0644\u062e\u0627\u0645\u0633",  # الخامس
)
#: Verbal nouns of an attack that open the earlier one: suqut, istihdaf, qasf, hujum, itlaq,
#: infijar (with or without the article).
_ATTACK_NOUNS = (
    "\u0633\u0642\u0648\u0637",  # سقوط
    "\u0627\u0633\u062a\u0647\u062f\u0627\u0641",  # استهداف
    "\u0642\u0635\u0641",  # قصف
    "\u0647\u062c\u0648\u0645",  # هجوم
    "\u0627\u0637\u0644\u0627\u0642",  # اطلاق
    "\u0627\u0646\u0641\u062c\u0627\u0631",  # انفجار
)
#: The Nth (of its kind ...), then within eight words of no sentence break بعد or عقب (not على
#: بعد "at a distance of"), then up to two words and من (بعد ايام من) and an attack noun.
_ORDINAL_AFTER = re.compile(
    f"(?<!\\w)(?:{'|'.join(_NTH)})\u0647?(?!\\w)[^.;:!?\\n]{{0,80}}?"
    "(?<!\u0639\u0644\u064a )(?<!\\w)(?:\u0628\u0639\u062f|\u0639\u0642\u0628)\\s+"
    "(?:[^\\s.;:!?]+\\s+){0,2}?(?:\u0645\u0646\\s+)?"
    f"(?:\u0627\u0644)?(?:{'|'.join(_ATTACK_NOUNS)})(?!\\w)"
)
#: How far the earlier attack's clause reaches after its noun (its day may follow a comma).
_CLAUSE_REACH = 60


def ordinal_after(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The clause of the earlier attack that "the Nth ... after" names in a sentence, if any.

    Rule ordinal_after: "this bombardment is the second of its kind the base has suffered after
    a rocket fell near it, last Thursday" (الثاني من نوعه ... بعد سقوط صاروخ قربها، يوم الخميس
    الماضي): an ordinal from the second on, then بعد or عقب and an attack noun (سقوط، استهداف،
    قصف، هجوم، اطلاق، انفجار; بعد ايام من ... too) within the sentence, tells the earlier attack
    on the site the sentence is about. The clause runs from بعد to the sentence's end or at most
    sixty characters past the noun (its day may stand after a comma). The caller drafts it only
    when the clause has a day of its own and no place stands from بعد to the sentence's end
    (the sentence's site then is named before the ordinal, the one it counts attacks on). "The
    second drone fell at a distance" (على بعد) and "at two after midnight" (no attack noun) are
    no such form.

    Parameters
    ----------
    text : str
        The normalised article text.
    start, end : int
        The sentence.

    Returns
    -------
    tuple of int or None
        Where the clause starts (at بعد) and ends, or None.
    """
    m = _ORDINAL_AFTER.search(text, start, end)
    if m is None:
        return None
    after = text.rfind("\u0628\u0639\u062f", m.start(), m.end())  # بعد
    if after < 0:
        after = text.rfind("\u0639\u0642\u0628", m.start(), m.end())  # عقب
    return after, min(end, m.end() + _CLAUSE_REACH)


#: Ordinal stems from the second to the tenth (normalised; the feminine adds ه).
_COUNT_STEMS = (
    "\u062b\u0627\u0646\u064a",  # ثاني
    "\u062b\u0627\u0644\u062b",  # ثالث
    "\u0631\u0627\u0628\u0639",  # رابع
    "\u062e\u0627\u0645\u0633",  # خامس
    "\u0633\u0627\u062f\u0633",  # سادس
    "\u0633\u0627\u0628\u0639",  # سابع
    "\u062b\u0627\u0645\u0646",  # ثامن
    "\u062a\u0627\u0633\u0639",  # تاسع
    "\u0639\u0627\u0634\u0631",  # عاشر
)
#: Words that tie another event to the ordinal (بعد، عقب، قبل، منذ): the date after them is
#: that event's or a "since", not a frame of the count.
_TIES = "(?:\u0628\u0639\u062f|\u0639\u0642\u0628|\u0642\u0628\u0644|\u0645\u0646\u0630)"
#: The ordinal (الثاني، للمره الثالثه), up to three words with no clause mark and no tie word
#: (من نوعه، علي القاعده), then خلال or في or nothing: what stands before a count's period.
_FRAME = (
    f"(?<!\\w)\u0644?\u0627\u0644(?:{'|'.join(_COUNT_STEMS)})\u0647?"
    f"(?:\\s+(?!{_TIES}(?!\\w))[^\\s.,;:!?]+){{0,3}}"
    "\\s+(?:(?:\u062e\u0644\u0627\u0644|\u0641\u064a)\\s+)?"
)
#: The frame right before a date (searched in the stretch that ends at the date).
_ORDINAL_FRAME = re.compile(f"{_FRAME}$")
#: A running period (matched from the date's start): هذا / هذه ... (هذا الاسبوع، هذه السنه) or
#: ... الجاري / الحالي.
_RUNNING_WORDS = (
    "(?:\u0647\u0630[\u0627\u0647]\\s+[^\\s.,;:!?]+"
    "|[^\\s.,;:!?]+\\s+(?:\u0627\u0644\u062c\u0627\u0631\u064a|\u0627\u0644\u062d\u0627\u0644\u064a))(?!\\w)"
)
_RUNNING = re.compile(
    "(?:\u0647\u0630[\u0627\u0647]\\s.*|.*\\s(?:\u0627\u0644\u062c\u0627\u0631\u064a"
    "|\u0627\u0644\u062d\u0627\u0644\u064a))$"
)
#: An ordinal and its running period, anywhere in a sentence.
_NTH_IN_PERIOD = re.compile(f"{_FRAME}{_RUNNING_WORDS}")
#: How far before the date the ordinal may stand.
_FRAME_REACH = 60


def ordinal_period(text: str, start: int, end: int, precision: str) -> bool:
    """Whether a date is the running period an ordinal counts attacks in, not an attack's day.

    Rule ordinal_period: "a barrage of rockets hit Taji camp, in an attack that is the second
    this week" (هو الثاني هذا الأسبوع), "the third attack of its kind during the current month"
    (الثالث من نوعه خلال الشهر الجاري): a period running to the day of the news (هذا / هذه
    ...، ... الجاري / الحالي) right after an ordinal from the second on -- up to three words
    between, then خلال or في or nothing -- is the span in which the attacks are counted. It
    does not date the attack of its sentence (whose day is the statement's or the article's),
    and so does not fold the news into the earlier attack of that week. A day (يوم السبت), a
    past period (الأسبوع الماضي), or a date after بعد / عقب / قبل / منذ (the second after the
    attack of last week) is no such frame.

    Parameters
    ----------
    text : str
        The normalised article text.
    start, end : int
        The date mention.
    precision : str
        Its precision (:data:`gazetteer.records.DATE_PRECISION`).

    Returns
    -------
    bool
        True when the date frames the count of an ordinal.
    """
    if precision in ("day", "night") or _RUNNING.match(text, start, end) is None:
        return False
    return _ORDINAL_FRAME.search(text[max(0, start - _FRAME_REACH) : start]) is not None


def counts_itself(text: str, start: int, end: int) -> bool:
    """Whether a sentence calls its attack the Nth in a running period (rule ordinal_period).

    "a barrage hit Taji camp, in an attack that is the second this week": the lead tells an
    attack of its own, after the one (or more) of that week. Dated only by the statement or
    the article, it is not folded into a dated account further on (rule undated_lead), which
    tells the earlier attack of the count.

    Parameters
    ----------
    text : str
        The normalised article text.
    start, end : int
        Where the lead's sentence starts and ends.

    Returns
    -------
    bool
        True when an ordinal from the second on is followed by its running period.
    """
    return _NTH_IN_PERIOD.search(text, start, end) is not None
