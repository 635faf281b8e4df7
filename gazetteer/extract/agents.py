"""Who a sentence names as the attacker: the subject of an attack verb, the accused of a charge.

Two readings of the actor names (lexicon/actors.csv) that the drafting reader asks when it
gives an incident its actor and target (:meth:`.drafting.DraftReader._add_actors`):

- :meth:`AgentReader._agent` -- an actor right after an attack verb (verb-subject order,
  استهدفت المقاومة) or right before it is its subject;
- :meth:`AgentReader._accused` (rule blame_object) -- after a verb of accusing and its subject,
  the party named is the accused, the attacker of whichever side: اتهمت دمشق التحالف باستهداف
  مواقع للجيش makes the coalition the actor and the army the target;
- :meth:`AgentReader._us_drone` (rule us_drone) -- a US name right after a drone word (طائرة
  مسيرة أمريكية، مسيرة تابعة للتحالف) owns the drone: the strike is the US's, not on it.
"""

from __future__ import annotations

from typing import Any

from gazetteer.extract import precision as rules
from gazetteer.extract.nearness import NearnessReader
from gazetteer.extract.precision_targets import accused_index
from gazetteer.text.matcher import Match

#: The stem of the verbs of accusing (اتهم، اتهمت، تتهم، يتهم), normalised.
_ACCUSE = "\u062a\u0647\u0645"
#: What may stand between a drone word and the name that owns it (normalised): nothing, or
#: "belonging to" (تابعة، التابعة) before the name.
_OWNED_BY = ("", "\u062a\u0627\u0628\u0639\u0647", "\u0627\u0644\u062a\u0627\u0628\u0639\u0647")


class AgentReader(NearnessReader):
    """Reads who a sentence names as the attacker."""

    def _agent(self, actor: Match[Any], s: int, e: int) -> bool:
        """Whether an actor stands as the subject of an attack verb.

        Right after the verb (verb-subject order, استهدفت المقاومة) or right before it.
        """
        t = self.text
        # a campaign's verb has its subject too (سلسلة الهجمات التي تشنها فصائل ...)
        for m in self._all_triggers.within(s, e):
            if m.end <= actor.start and len(t[m.end : actor.start].strip(' "')) == 0:
                return True
            if actor.end <= m.start and len(t[actor.end : m.start].strip(' "')) == 0:
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
