"""Who a sentence names as the attacker: the subject of an attack verb, the accused of a charge.

The readings of the actor names (lexicon/actors.csv) that give an incident its actor and
target (:meth:`AgentReader._add_actors`, which the drafting reader asks of each sentence):

- :meth:`AgentReader._agent` -- an actor right after an attack verb (verb-subject order,
  استهدفت المقاومة) or right before it is its subject; so is one its fighters name between
  (rule fighters_of: استهدف مجاهدو المقاومة، هاجم مسلحو التنظيم); before it only when it
  is a verb (rule subject_of_verb: not قسد بانفجار);
- :meth:`AgentReader._accused` (rule blame_object) -- after a verb of accusing and its subject,
  the party named is the accused, the attacker of whichever side: اتهمت دمشق التحالف باستهداف
  مواقع للجيش makes the coalition the actor and the army the target;
- :meth:`AgentReader._us_drone` (rule us_drone) -- a US name right after a drone word (طائرة
  مسيرة أمريكية، مسيرة تابعة للتحالف) owns the drone: the strike is the US's, not on it;
- :meth:`AgentReader._strikes` (rule us_agent) -- a US name is the actor only when it strikes:
  the subject of an active attack word or a verb of reply, or the qualifier of the strike word;
  not after a verb of denial (rule denied_striker: نفى متحدث باسم التحالف أن تكون طائرات
  التحالف قد نفذت أي غارة), where it is neither actor nor target.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from gazetteer.extract import precision as rules
from gazetteer.extract import precision_owners as owners
from gazetteer.extract.cues import ActorCue
from gazetteer.extract.nearness import NearnessReader
from gazetteer.extract.precision_strays import striker_not_target
from gazetteer.extract.precision_targets import accused_index, denied_striker, speaker_forces
from gazetteer.extract.rule_words import rule_words
from gazetteer.extract.state import _US_SITE_KINDS, _Draft
from gazetteer.text.matcher import Match

#: "was subjected to" (تعرض، يتعرض، تتعرض): attack words of passive sense.
_EXPOSED = rule_words("passive")
#: The stem of the verbs of accusing (اتهم، اتهمت، تتهم، يتهم), normalised.
_ACCUSE = "\u062a\u0647\u0645"
#: What may stand between a drone word and the name that owns it (normalised): nothing, or
#: "belonging to" (تابعة، التابعة) before the name.
_OWNED_BY = ("", "\u062a\u0627\u0628\u0639\u0647", "\u0627\u0644\u062a\u0627\u0628\u0639\u0647")


@lru_cache(maxsize=1)
def _fighters() -> frozenset[str]:
    """The nouns of a party's fighters (rule_words kind ``fighters``), normalised."""
    return frozenset(rule_words("fighters"))


def fighters_of(gap: str) -> bool:
    """Whether the words between an attack verb and a party name its fighters (rule fighters_of).

    "The mujahideen of the Islamic Resistance targeted" (استهدف مجاهدو المقاومة الإسلامية،
    هاجم مسلحو التنظيم): the party is the verb's subject through its fighters, as when it
    stands right after the verb. Only the nominative plural (-و) says so: the oblique form
    and a broken plural are as often the object (قصف مقاتلي الفصائل، استهدفت عناصر التنظيم).
    ``gap``: the normalised words between, stripped. Any other word (a date, an object)
    keeps the party from the subject's place.
    """
    return gap in _fighters() and rules.fires("fighters_of")


#: A preposition fused to a word's start (normalised): بانفجار "by an explosion", لهجوم.
_PREPOSITIONS = frozenset("\u0628\u0644\u0643")


def subject_before(text: str, trigger: Match[Any]) -> bool:
    """Whether a name right before an attack word may be its subject (rule subject_of_verb).

    Only a verb takes its subject before it (الفصائل تستهدف، المقاومة قصفت): an attack noun
    (انفجار، هجوم) or a word with a preposition fused to it (بانفجار، لهجوم) does not --
    "two SDF fighters were killed by a mine's explosion" (قتل عنصران من قسد بانفجار لغم)
    names the SDF as the victims, not the attackers. A word that is a noun or a verb
    (قصف) keeps its subject when no preposition is fused to it.
    """
    if trigger.payloads[0].pos not in ("verb", "both"):
        return False
    return not any(c in _PREPOSITIONS for c in text[trigger.start : trigger.phrase_start])


class AgentReader(NearnessReader):
    """Reads who a sentence names as the attacker."""

    def _agent(self, actor: Match[Any], s: int, e: int) -> bool:
        """Whether an actor stands as the subject of an attack verb.

        Right after the verb (verb-subject order, استهدفت المقاومة), after it with its fighters
        named between (:func:`fighters_of`), or right before it -- when the attack word is a
        verb that may have a subject before it (:func:`subject_before`).
        """
        t = self.text
        # a campaign's verb has its subject too (سلسلة الهجمات التي تشنها فصائل ...)
        for m in self._all_triggers.within(s, e):
            if m.end <= actor.start and (
                len(gap := t[m.end : actor.start].strip(' "')) == 0
                or (len(gap) < 12 and fighters_of(gap))
            ):
                return True
            if (
                actor.end <= m.start
                and len(t[actor.end : m.start].strip(' "')) == 0
                and not (rules.fires("subject_of_verb") and not subject_before(t, m))
            ):
                return True
        return False

    def _accused(self, mentions: list[Match[Any]], s: int, e: int) -> Any:
        """The party an accusation names as the attacker (rule blame_object), or None.

        "Damascus accused the coalition of targeting army posts near al-Bukamal" (اتهمت دمشق
        التحالف باستهداف ...): after a verb of accusing (اتهم، تتهم) and its subject, the party
        named is the accused -- the attacker, of whichever side -- not the accuser; the other
        side named is the target. ``mentions``: the sentence's actor names.
        """
        if not rules.fires("blame_object"):
            return None
        for c in self.found.within("claims", s, e):
            if c.payloads[0] != "blame" or _ACCUSE not in c.phrase:
                continue
            after = [m for m in mentions if m.start >= c.end]
            i = accused_index(self.text, c.end, [(m.start, m.end) for m in after])
            if i is not None:
                return after[i].payloads[0]
        return None

    def _us_drone(self, mentions: list[Match[Any]], s: int, e: int) -> bool:
        """Whether a US name owns a drone of the sentence (rule us_drone).

        "a US drone targeted a car in al-Mayadin" (طائرة مسيرة أمريكية، مسيرة تابعة للتحالف):
        the name right after the drone word, or after "belonging to", is the drone's side,
        so the strike is the US's and not an attack on US forces. A US name elsewhere in the
        sentence (a drone attack on a US base) owns no drone. ``mentions``: the actor names.
        """
        if not rules.fires("us_drone"):
            return False
        drones = [w for w in self.found.within("weapons", s, e) if w.payloads[0].weapon == "drone"]
        return any(
            w.end <= m.start <= w.end + 12 and self.text[w.end : m.start].strip() in _OWNED_BY
            for m in mentions
            if m.payloads[0].side == "us"
            for w in drones
        )

    def _strikes(self, actor: Match[ActorCue], s: int, e: int) -> bool:
        """Whether a US name is the one that strikes (rule us_agent).

        The subject of an active attack word or a verb of reply (شنت القوات الأمريكية، قصفت
        مقاتلات التحالف، ردت القوات), the qualifier of the strike word (غارات أمريكية), or the
        speaker of its own strike (قال البنتاغون إن مقاتلات ألقت); not a base's host or target.
        """
        t = self.text
        if self._replies(actor, s):  # وردت القوات الأمريكية بقصف: the force that replies
            return True
        # (each test below is pure: asked only when the answer still hangs on it)
        kinds = {w.payloads[0].weapon for w in self.found.within("weapons", s, e)}
        own_strike = "airstrike" in kinds and not kinds & {"rocket", "mortar", "drone"}
        if own_strike and not any(
            t[m.phrase_start : m.phrase_end].startswith(_EXPOSED)
            for m in self._all_triggers.within(s, e)
        ):  # no passive attack word in the sentence
            lo = max(s, actor.start - 20)
            said = [lo + m.end for m in self.cues.statements.find(t[lo : actor.start])]
            if any(not t[x : actor.start].strip(' "') for x in said):
                # "قال البنتاغون إن مقاتلات ألقت ...": the United States reporting its own strike
                return True
        active = [
            m
            for m in self._all_triggers.within(max(s, actor.start - 40), min(e, actor.end + 40))
            if m.payloads[0].kind in ("attack", "strike")
            and not t[m.phrase_start : m.phrase_end].startswith(_EXPOSED)
        ]
        weapons = [
            w
            for w in self.found.within("weapons", max(s, actor.start - 40), actor.start)
            if w.payloads[0].weapon in ("airstrike", "artillery", "drone")
        ]
        return rules.us_agent(
            t,
            actor.start,
            actor.end,
            [(m.start, m.end) for m in active],
            [(w.start, w.end) for w in weapons],
            [
                (q.start, q.end)
                for q in self.found.within("qualifiers", max(s, actor.start - 20), actor.start)
                if "aircraft" in q.payloads
            ],
        ) or self._speaker_forces(actor, e)

    def _speaker_forces(self, actor: Match[ActorCue], e: int) -> bool:
        """Whether the US name speaks of its own forces striking (rule speaker_forces).

        "CENTCOM announced in a statement today that its forces carried out a precise strike"
        (أعلنت القيادة المركزية الأمريكية في بيان أن قواتها نفذت ضربة): after the name, that
        (أن، إن) and its forces or aircraft (قواتها، طائراتها: rule_words kind own_forces) as
        the subject of an active attack word -- or of a verb of carrying out (نفذت، شنت:
        kind carry_out) before one -- make the name the striker. "that its forces came under
        attack" (تعرضت) is passive, "that its forces repelled an attack" (صدت) no attack word:
        neither does.
        """
        if not rules.fires("speaker_forces"):
            return False
        t = self.text
        for start, stop in speaker_forces(t, actor.end, e):
            m = self._all_triggers.first_at_or_after(start)  # the first attack word after it
            if (
                m is not None
                and m.start < stop
                and m.payloads[0].kind in ("attack", "strike")
                and not t[m.phrase_start : m.phrase_end].startswith(_EXPOSED)
            ):
                return True
        return False

    def _add_actors(self, d: _Draft, s: int, e: int) -> None:
        background = self._background(s, e)
        titled = rules.fires("coalition_title")  # التحالف الدولي لمحاربة داعش: no actor
        mentions = [
            m
            for m in self.found.within("actors", s, e)
            if not any(a <= m.start < b for a, b in background)
            and not (
                titled
                and m.payloads[0].side != "us"
                and owners.coalition_title(self.text, m.start)
            )
        ]
        actors = [m.payloads[0] for m in mentions]
        us = [label for label, side in actors if side == "us"]
        others = [label for label, side in actors if side != "us"]
        denied_us = bool(us) and any(  # a denial governs a US name (rule denied_striker)
            m.payloads[0].side == "us" and denied_striker(self.text, s, m.start, rules.fires)
            for m in mentions
        )
        if rules.fires("us_agent"):
            if d.us_striker is None and not denied_us:  # the first US name that strikes, if any
                striker = next(
                    (m for m in mentions if m.payloads[0].side == "us" and self._strikes(m, s, e)),
                    None,
                )
                d.us_striker = None if striker is None else striker.payloads[0].label
        elif us and d.us_striker is None:
            d.us_striker = us[0]
        accused = self._accused(mentions, s, e)  # اتهمت دمشق التحالف باستهداف ...
        if accused is not None and d.actor is None:
            d.actor = accused.label
            d.target = d.target or next((o.label for o in actors if o.side != accused.side), None)
            return
        drone = "drone" in d.weapons and self._us_drone(mentions, s, e)  # طائرة مسيرة أمريكية
        strike = "airstrike" in d.weapons or "artillery" in d.weapons or drone
        if strike and (d.us_striker is not None or drone) and d.actor is None:
            d.actor = us[0] if us else d.us_striker
            d.target = d.target or next((o for o in others if o != "Unknown"), None)
            return
        claimed = bool(self.found.within("claims", s, e))
        asked = others and not claimed  # (the subjects of an attack verb: when they may count)
        agents = {m.payloads[0].label for m in mentions if asked and self._agent(m, s, e)}
        named = [o for o in others if claimed or o == "Unknown" or o in agents]
        if d.actor is None and named:
            d.actor = named[0]
        site = self.gaz.sites[d.site]
        if denied_us:
            return  # "denied that coalition aircraft struck": neither striker nor target
        if d.target is None and (us or site.kind in _US_SITE_KINDS) and d.actor not in us:
            by_us = rules.fires("striker_not_target") and striker_not_target(
                self.text, s, e, site.kind
            )
            d.target = None if by_us else us[0] if us else "US forces"
