"""Where one article's extraction time goes, stage by stage, beside the word-splitting floor.

For bench_extract.py's seed-shaped table (``make bench``). Each stage does the work of the ones
before it and its own, over every article, so its rate is what an extractor that stopped there
would reach:

1. normalise the text (with the offsets back to the raw text);
2. and scan it once with the one automaton of every lexicon and place name;
3. and check each raw hit's word boundaries, clitics and endings (every lexicon's matches);
4. and run the clock and date grammars over the text;
5. and everything else the finder does once per article (sentences, places, weapons, the
   campaign and scope passes, the claimed actor): every cue of the article found;
6. and read the sentences: ``extract`` whole (the row of the table above).

The rows are CPU time, best of ``repeat``, each as articles/s and as times the floor, so that
the distance to a target such as "within 10x the floor" can be read per stage. Uses this tree's
internal names: it times today's code only (the baseline rows time another checkout whole).

Two more rows give the ceiling of an evidence gate (issue 13's "run the grammars only around
the evidence"): ``extract`` over the same articles with every sentence blanked out (its
characters made spaces, so no offset moves) except the first two and those holding an attack
or weapon word -- the sentences a gate would keep -- and, in the second row, their two
neighbours before and one after as well. No gate that still reads the kept sentences in full
can beat these rates (the blanked sentences cost no automaton hit, date, place or number);
what they find is not compared with anything.
"""

from __future__ import annotations

import bisect
import dataclasses
import time
from collections.abc import Callable, Sequence
from functools import partial

from gazetteer.extract import precision as rules
from gazetteer.extract.cues import load_cues
from gazetteer.extract.finding import Finder, _lexicons
from gazetteer.extract.grammar.clock import find_times
from gazetteer.extract.grammar.date_words import give_anchor_hits
from gazetteer.extract.grammar.dates import find_dates
from gazetteer.extract.reader import extract
from gazetteer.places.loading import Gazetteer
from gazetteer.records import Article
from gazetteer.text.normalize import normalise_with_offsets


def _extract_all(articles: Sequence[Article], gazetteer: Gazetteer) -> None:
    for a in articles:
        extract(a, gazetteer)


def _best_cpu(repeat: int, fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def gated(article: Article, gazetteer: Gazetteer, before: int = 0, after: int = 0) -> Article:
    """The article with every sentence a gate would skip blanked out (see the module's text).

    Kept: the first two sentences and each one holding an attack word (any the lexicon finds)
    or a weapon word the finder keeps, with ``before`` sentences before and ``after`` after
    it. A blanked sentence's characters become spaces, its line breaks stay: every offset is
    kept.
    """
    f = Finder(article, gazetteer, load_cues())
    starts = f._sentence_starts
    evidence = {
        bisect.bisect_right(starts, m.start) - 1 for m in [*f.all_triggers, *f.found.weapons]
    }
    keep = {0, 1}
    for i in evidence:
        keep.update(range(i - before, i + after + 1))
    raw = list(article.text)
    for i, (s, e) in enumerate(f.sentences):
        if i not in keep:
            a, b = f.norm.source_span(s, e)
            raw[a:b] = [ch if ch == "\n" else " " for ch in raw[a:b]]
    return dataclasses.replace(article, text="".join(raw))


def stage_rows(
    articles: Sequence[Article], gazetteer: Gazetteer, repeat: int, floor_cpu: float
) -> list[tuple[str, str]]:
    """The table rows of the stages above: CPU articles/s and times the floor, per stage.

    Parameters
    ----------
    articles : sequence of Article
        The seed-shaped articles (dated: the date grammar resolves against their day).
    gazetteer : Gazetteer
        The gazetteer ``extract`` uses.
    repeat : int
        Runs per stage; the best is kept.
    floor_cpu : float
        CPU seconds of the word-splitting floor over the same articles, in the same run.

    Returns
    -------
    list of (str, str)
        ``(label, "N articles/s, Mx the floor")`` rows in stage order.
    """
    cues = load_cues()
    lexicons = _lexicons(cues, rules.load_qualifiers().matcher, gazetteer.place_matcher)
    texts = [a.text for a in articles]

    def normalised() -> None:
        for t in texts:
            normalise_with_offsets(t)

    def scanned() -> None:
        for t in texts:
            lexicons.occurrences(normalise_with_offsets(t).text)

    def matched() -> None:
        for t in texts:
            lexicons.find_all_with_raw(normalise_with_offsets(t).text)

    def dated() -> None:
        for a in articles:
            norm = normalise_with_offsets(a.text).text
            _, anchors = lexicons.find_all_with_raw(norm)
            give_anchor_hits(norm, anchors)
            times = find_times(norm)
            if a.published is not None:
                find_dates(norm, a.published, times)

    def found() -> None:
        for a in articles:
            Finder(a, gazetteer, cues)

    Finder(articles[0], gazetteer, cues)  # lexicons loaded, deferred patterns compiled
    stages: list[tuple[str, Callable[[], None]]] = [
        ("stage 1: normalise", normalised),
        ("stage 2: + one automaton pass (every lexicon and place name)", scanned),
        ("stage 3: + word boundaries, clitics and endings of each hit", matched),
        ("stage 4: + clock and date grammars", dated),
        ("stage 5: + the rest of the finder (every cue found)", found),
    ]
    for label, window in (
        ("ceiling of an evidence gate: only the attack or weapon sentences read", (0, 0)),
        ("ceiling of an evidence gate: those sentences, two before and one after", (2, 1)),
    ):
        kept = [gated(a, gazetteer, *window) for a in articles]
        stages.append((label, partial(_extract_all, kept, gazetteer)))
    n = len(articles)
    rows = []
    for label, fn in stages:
        cpu = _best_cpu(repeat, fn)
        rows.append(
            (f"{label}, CPU (articles/s)", f"{n / cpu:,.0f} ({cpu / floor_cpu:.1f}x the floor)")
        )
    return rows
