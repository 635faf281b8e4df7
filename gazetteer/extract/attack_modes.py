"""The non-event modes of a sentence's attack words (a layer of the attack reader).

Which deployment, drill, threat, conditional or claim-label words bear on a sentence's attack
words (:meth:`ModeReader._attack_modes`), and whether an air defence intercepts an armed drone
or missile (:meth:`ModeReader._defence_intercepts`, the one way a "context" sentence with no
strong attack word still reports an attack). Split from :mod:`.attacks`, which builds on it.
"""

from __future__ import annotations

from typing import Any

from gazetteer.extract import precision as rules
from gazetteer.extract import precision_recall as recall
from gazetteer.extract.figures import FigureReader
from gazetteer.extract.precision_text import (
    claim_label,
    conditional_clause,
    in_condition,
    training_facility,
)
from gazetteer.extract.precision_weapons import managed_to, periphrastic_passive
from gazetteer.text.matcher import Match

__all__ = ["ModeReader"]

#: Weapons an air defence intercepts on their way to a target.
_INTERCEPTED = frozenset({"drone", "missile", "rocket"})
#: وصول (arrival): the only non-event word rule before_arrival reads.
_ARRIVAL = "\u0648\u0635\u0648\u0644"
#: How far before an interception noun :func:`periphrastic_passive` looks for تم / جرى.
_PERIPHRASIS_REACH = 40


class ModeReader(FigureReader):
    """Tells which non-event modes bear on a sentence's attack words."""

    def _attack_modes(self, s: int, e: int, weapons: list[Match[Any]]) -> set[str]:
        """The non-event modes (context, irrealis) that bear on a sentence's attack words.

        A deployment, drill or threat word in a clause opened by "while" (فيما، بينما، في
        حين) that holds no attack or weapon word speaks of that clause only (rule
        contrast_clause): "two projectiles fell near the base, while the authorities called
        the sounds at another base a drill" still reports the projectiles. The clause counts
        as alone when it names no weapon (a denied "any attack" in it names none).
        """
        found = self.found.within("non_events", s, e)
        if found and rules.fires("convoy_attacked"):
            t, triggers = self.text, self.found.within("triggers", s, e)
            found = [m for m in found if not rules.convoy_attacked(t, m, triggers)]
        if found and rules.fires("before_arrival"):
            # قبل وصولهما إلى الهدف: the drones never got there, no arrival of troops
            t = self.text
            found = [
                m
                for m in found
                if not (t.startswith(_ARRIVAL, m.phrase_start) and rules.before_arrival(t, m.start))
            ]
        if found and rules.fires("medical_condition"):
            # أصيب جنديان أحدهما في حالة خطرة: a wounded man's state, no "in case of"
            found = [m for m in found if not in_condition(self.text, m.end)]
        if found and rules.fires("training_facility"):  # معسكر تدريب: a camp, no drill
            found = [m for m in found if not training_facility(self.text, m.start, m.phrase)]
        if found:  # rules recalled_attack, stance_clause: a threat word bound to no attack
            t, f = self.text, self.found
            words = lambda: [c.start for c in (*f.within("triggers", s, e), *weapons)]  # noqa: E731
            dated = lambda at: bool(f.within("dates", at, e))  # noqa: E731
            found = [
                m
                for m in found
                if not recall.unbound_threat(t, (s, e), m, words, dated, rules.fires)
            ]
        if any(m.payloads[0] in _RULED_MODES for m in found):
            found = [m for m in found if self._ruled_mode_holds(m, s, e, weapons)]
        if not found or not rules.fires("contrast_clause"):
            return {_mode(m) for m in found}
        cuts = [s, *rules.contrast_cuts(self.text, s, e), e]
        cues = [m.start for m in weapons]
        modes = set()
        for m in found:
            i = max(k for k in range(len(cuts) - 1) if cuts[k] <= m.start)
            # only a clause opened by "while" (i >= 1), never the sentence's main clause
            alone = i >= 1 and not any(cuts[i] <= c < cuts[i + 1] for c in cues)
            if not (alone and cues):
                modes.add(_mode(m))
        return modes

    def _ruled_mode_holds(self, m: Match[Any], s: int, e: int, weapons: list[Match[Any]]) -> bool:
        """Whether a non-event word whose mode a rule decides counts (others always do)."""
        mode = m.payloads[0]
        if mode == "conditional":
            # rule conditional_clause: لو / إذا before every attack word supposes the attack
            if not rules.fires("conditional_clause"):
                return False
            cue = min(c.start for c in [*self.found.within("triggers", s, e), *weapons])
            return conditional_clause(self.text, m.start, m.end, cue)
        if mode == "claim_label":
            # rule claim_label: a fact-check's "الادعاء:" line restates the claim checked
            return rules.fires("claim_label") and claim_label(self.text, s, m.start, m.end)
        return True

    def _defence_intercepts(self, s: int, e: int, weapons: list[Match[Any]]) -> bool:
        """Whether an air defence intercepts an armed drone or missile (rule defence_intercept).

        "منظومة الدفاع الجوي في المطار اعترضت طائرة مسيرة كانت تقترب منه": the system is the
        subject of the interception, not a deployment; the drone was attacking. A reconnaissance
        drone (a word of watching in the sentence) is no attack.
        """
        if not rules.fires("defence_intercept"):
            return False
        quals = self.found.within("qualifiers", s, e)
        # a finite verb of interception (اعترضت، أسقطت), not its purpose (نشر منظومة لاعتراض)
        stops = {q.start for q in quals if "interception" in q.payloads}
        verbs = self.found.within("triggers", s, e)
        intercepts = any(
            m.start in stops
            and (
                m.payloads[0].pos == "verb"
                or self._periphrastic(m.start, s)
                or (rules.fires("managed_to") and managed_to(self.text, s, m.start))
            )
            for m in verbs
        )
        # rule flight_towards: كانت تحلق باتجاه القاعدة approaches the base, watches nothing
        towards = rules.fires("flight_towards")
        watching = any(
            "overflight" in q.payloads and not (towards and rules.flight_towards(self.text, q.end))
            for q in quals
        )
        armed = any(w.payloads[0].weapon in _INTERCEPTED for w in weapons)
        return intercepts and armed and not watching

    def _periphrastic(self, noun: int, s: int) -> bool:
        """Whether an interception noun is the verb of "تم / جرى" before it (rule periphrastic).

        Official statements say "جرى التعامل معهما وإسقاطهما" or "تم اعتراض الطائرة": the
        verbal noun after تم or جرى (in the same clause, coordinated or not) is a finite
        passive verb, as "أُسقطت" would be.
        """
        if not rules.fires("periphrastic_passive"):
            return False
        return periphrastic_passive(self.text, max(s, noun - _PERIPHRASIS_REACH), noun)


#: The non-event modes a rule decides (conditional_clause, claim_label); irrealis when kept.
_RULED_MODES = frozenset({"conditional", "claim_label"})


def _mode(m: Match[Any]) -> str:
    """A non-event word's mode; a word of a ruled mode that its rule kept is irrealis."""
    mode: str = m.payloads[0]
    return "irrealis" if mode in _RULED_MODES else mode
