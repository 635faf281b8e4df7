"""Turn a kept draft into the incident the reader returns (the last layer before the rules).

:meth:`IncidentFinisher._finish` settles a draft's fields -- weapons in order, the count
(munitions over strikes), casualties (rule bystander_none), whether it is news, the quote and
highlights mapped back to the printed article, the claimed actor -- and gives it its summary
(:mod:`.summaries`) and confidence (:mod:`.confidence`). Split from :mod:`.reader`, which
builds on it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from gazetteer.extract import precision as rules
from gazetteer.extract.confidence import Evidence
from gazetteer.extract.confidence import score as score_confidence
from gazetteer.extract.precision_figures import bystander_none
from gazetteer.extract.state import _FACILITY_KINDS, _NEWS_DAYS, _UNKNOWN_DATE, _Draft
from gazetteer.extract.statement_passes import StatementPasses
from gazetteer.extract.summaries import summarise
from gazetteer.records import WEAPONS, Incident

__all__ = ["IncidentFinisher"]


class IncidentFinisher(StatementPasses):
    """Settles a kept draft into an :class:`~gazetteer.records.Incident`."""

    def _finish(self, d: _Draft, repeated_site: bool, claimed: str | None) -> Incident:
        """The incident a kept draft reports, as :func:`~.reader.extract` returns it.

        Parameters
        ----------
        d : _Draft
            The draft, after every pass over the article's drafts.
        repeated_site : bool
            Whether another kept draft names the same site (it lowers the confidence).
        claimed : str or None
            The actor a claim in the article gives the draft, if any (used when the draft
            has no actor of its own and is no air strike).

        Returns
        -------
        Incident
            Its weapons in :data:`~gazetteer.records.WEAPONS` order, its count, casualties,
            dates, quote and highlights mapped back to the article as printed, its summary
            and its confidence.
        """
        site = self.gaz.sites[d.site]
        weapons = [w for w in d.weapons if w != "unknown"] or ["unknown"]
        weapons.sort(key=WEAPONS.index)
        count: int | None = None
        counts = dict(d.counts)
        if rules.fires("generic_recount"):
            counts = rules.generic_recount(counts)
        if "airstrike" in weapons and len(counts) > 1:
            # An air or drone strike counts its munitions when stated, else its strikes:
            # the aircraft is the platform, not the projectile.
            munitions = {w: n for w, n in counts.items() if w not in ("airstrike", "drone")}
            counts = (
                munitions or {"airstrike": counts.get("airstrike", 0)}
                if munitions or ("airstrike" in counts)
                else counts
            )
        if counts and not d.vague_count:
            count = sum(counts.values())
        elif d.counts and d.vague_count:
            count = None
        cas = d.casualties  # rule bystander_none: 'none of them hurt' of those present
        cas = bystander_none(cas, weapons) if rules.fires("bystander_none") else cas
        known = d.date is not _UNKNOWN_DATE
        if known:
            new = not d.back and d.date.end >= self.published - timedelta(days=_NEWS_DAYS)
        else:
            new = not d.back
        date_start = d.date.start if known else None
        date_end = d.date.end if known else None
        start, end = self.norm.source_span(*d.sentence)
        raw = self.article.text
        while start < end and raw[start].isspace():
            start += 1
        while end > start and raw[end - 1].isspace():
            end -= 1
        highlights = sorted(
            {
                self.norm.source_span(a, b)
                for a, b in d.highlights
                if d.sentence[0] <= a and b <= d.sentence[1]
            }
        )
        cited = tuple(dict.fromkeys(d.cited or self.article_sources))
        actor = d.actor
        if actor is None and "airstrike" not in weapons:
            actor = claimed
        # The fields the summary is built from are the incident's own.
        shared: dict[str, Any] = {
            "site_name": site.name_en,
            "weapon": tuple(weapons),
            "count": count,
            "killed": cas.killed,
            "injured": cas.injured,
            "casualties": cas.status,
            "actor": actor,
            "target": d.target,
            "date_start": date_start,
            "date_end": date_end,
            "date_precision": d.date.precision,
            "time": d.time,
        }
        confidence, reasons = score_confidence(
            Evidence(
                governed=d.governed,
                geo_precision=d.precision,
                own_date=d.dated_here,
                figure=count is not None or cas.status != "unknown",
                weapon=weapons != ["unknown"],
                fresh=new,
                sentences=d.sentences,
                repeated_site=repeated_site,
                date_precision=d.date.precision,
                facility=site.kind in _FACILITY_KINDS,
            )
        )
        return Incident(
            article=self.article.id,
            site=site.key,
            lat=site.lat,
            lon=site.lon,
            geo_precision=d.precision,
            casualty_note=cas.note,
            new=new,
            outlet=self.article.outlet,
            cited=cited,
            quote=raw[start:end],
            span=(start, end),
            summary_en=summarise(**shared),
            highlights=tuple(highlights),
            confidence=confidence,
            confidence_reasons=reasons,
            **shared,
        )
