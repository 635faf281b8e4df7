"""Named precision rules of the genre: what keeps the reader from inventing incidents.

Each rule: a small function, a docstring, a table of cases (our own words, with guard cases) in
``tests/data/incidents/rules/<name>.json``; :func:`fires` lets a test switch one off
(:func:`disabled`). Aimed elsewhere (region, month, era): :mod:`.precision_elsewhere`.

The rules, by the issue's error classes (the reader applies them where each decision is taken):

1. :func:`period_since` (dates, class 2) -- a date "since" (منذ) dates a background, not the attack;
2. :func:`campaign_trigger` (attack words, class 2) -- "repeated attacks": a campaign, not one;
3. :func:`governed_by_non_event` (places, class 3) -- a place governed by a deployment, an
   overflight or an airspace violation is not attacked;
4. :func:`smoke_source` (places, class 1) -- smoke "from" a place marks the place hit;
5. :func:`region_name_of_site` (places, class 1) -- a city that names its governorate, in an
   article about a site of that governorate, only locates (region precision);
6. ``list_line`` (sentences, class 7) -- a verbless list line tells its own count;
7. :func:`overflight_aircraft` (weapons, classes 3 and 5) -- aircraft flying over, on alert or
   watching are no weapon of the attack, and make no US actor;
8. :func:`indirect_fire` (weapons, class 4) -- indirect fire is rockets or mortars;
9. :func:`closing_statement_date`, :func:`opening_statement_date` (dates, class 8) -- the day
   of an attribution or announcement is the statement's;
10. :func:`base_by_locator` via :func:`base_noun_before` (places, class 9) -- "a coalition base
    near <town>" is the facility the article located by that town;
11. :func:`clock_before_statement` (dates, class 8) -- a dawn statement's afternoon: the day before;
12. :func:`background_clause` (weapons, actors, dates, places; classes 2 and 5) -- after
    بعد/عقب/إثر + a definite attack noun comes another event;
13. :func:`facility_noun_antecedent` via :func:`facility_noun`, :func:`names_facility` (class
    10) -- "the same airport" is the latest place named an airport;
14. :func:`interception_away` (places, class 3) -- a drone downed over a town attacked no town;
15. :func:`denied_attack` (drafts, class 3) -- a controlled detonation or "no attack on the
    base" removes count-less reports of explosions there;
16. :func:`injury_tally`, :func:`killed_tally` (casualties, class 6) -- an official tally of
    the injured, or a toll of the dead that rose to N, updates the attack it names;
17. :func:`aggression_figures` (casualties, class 6) -- figures for "this aggression" go to it;
18. :func:`undated_repeat` (drafts, class 10) -- a bare, undated mention of a site names the
    attack the article reported there before;
19. :func:`us_agent` (actors, class 5) -- the United States is the actor only when it strikes:
    subject of the strike word or qualifying it, never as host or target of the base;
20. :func:`device_on_convoy` (sentences, class 3) -- a device going off under a convoy attacks it;
21. :func:`heading_destination` (places, class 1) -- a convoy's destination is not where it was hit;
22. :func:`definite_strikes` (sentences, class 6) -- "the strikes hit sites in X, killing N":
    the wave told reaches a further place;
23. :func:`figures_by_place` (places, class 7) -- in a list of figures by place, a place "near"
    something with its own bare figure is a target too;
24. :func:`fold_region_report` (drafts, classes 1 and 6) -- a region's report folds into its one;
25. ``base_noun_antecedent`` (drafts, class 10) -- "the base" is the latest place the article
    called a base (:func:`base_noun_before`), when the last incident's place was never one;
26. :func:`contrast_cuts` (class 3, ``contrast_clause``) -- a drill in a "while" clause stays there;
27. :func:`generic_recount` (counts, class 7) -- bare projectiles beside a named count recount it;
28. :func:`aircraft_striker` (weapons, classes 3 and 5) -- aircraft as the subject of a
    strike are the weapon (an air strike), never when they only fly over;
29. ``strike_near_own_base`` (places, class 5) -- a US strike at a US base struck near it;
30. ``own_clause_attack`` (places, class 1) -- a parent named beside its child is a target
    when its own clause reports an attack on a day of its own;
31. :func:`small_hours_next_day` (dates, class 8) -- after midnight an evening's day is next;
32. :func:`undated_lead` (drafts, class 10; in :mod:`.precision_reports`) -- a lead dated
    only by its statement folds into the dated account of the same attack further on;
33. :func:`facility_in_town` (places, class 1) -- the town right after a facility locates it;
34. :func:`stored_weapon` (weapons) -- a weapon after a store word is what the target held;
35. :func:`attack_tally` (sentences, class 2; in :mod:`.precision_campaign`, with
    :func:`campaign_trigger`) -- "the number of attacks rises to N" is a tally;
36. :func:`same_place` (drafts, class 10; rule ``same_place_earlier``) -- an earlier attack
    on "the same base" with a day of its own is a back-reference there (after بعد, say);
37. :func:`convoy_attacked` (sentences, class 3; in :mod:`.precision_clauses`) -- a convoy
    right after an attack word is its target, not a deployment;
38. :func:`opposite_sides` (drafts, class 5) -- reports whose attacker is the other's target
    stay two incidents;
39. :func:`range_period` (sentences, class 2; rule ``range_tally``) -- attacks counted
    "between <month> and <month>" are a running total; 40. ``periphrastic_passive`` (in
    :mod:`.precision_weapons`) -- "تم / جرى + verbal noun" intercepts as a verb would; 41.
    :func:`approached_position` -- a drone heading to a position described "in X" attacked X;
    42. :func:`unknown_locality` (sentences, class 1; in :mod:`.precision_clauses`) -- a
    sentence set in a named place the gazetteer lacks is not about the last incident's site;
    43. :func:`unrelated_incident` (sentences, class 3; there too) -- "with no tie to the
    coalition": the sentence reports none of ours; 44. :func:`singled_out` (rule
    ``tally_singles_out``, in :mod:`.precision_campaign`) -- a tally that goes on to tell one
    attack, dated, in a "when" clause reports that attack; 45. ``base_named_here`` (in the
    reader) -- "the base" of a sentence that named a base before it is that base; 46.
    :func:`local_post` (sentences, scope; in :mod:`.precision_scope`) -- IS cells or gunmen on
    a local force's checkpoint: none of ours; 47. :func:`third_party_strike` (there too) -- a
    Turkish, Israeli or Russian strike is neither an attack on a base nor a US strike; 48.
    :func:`civilian_target` (there too) -- a bomb at a shop or a home, no facility of ours;
    49. ``base_introduced`` (in the reader) -- the first attack's "the base" is the base named
    in the two sentences before it; 50. :func:`undated_clauses` (rule ``dated_background``, in
    :mod:`.precision_clauses`) -- a clause about an earlier attack with its place and own day
    reports it; 51. :func:`distant_site_name` (places, class 1; in :mod:`.precision_places`) --
    a site's name then "in <a town over 100 km away>" (السفارة الأمريكية في عمّان) is another
    site there; 52. :func:`route_end` (rule ``route_ends``, there too) -- the towns that name a
    road (الطريق الدولي دمشق - بغداد، بين الحلة وبغداد) are reference points; 53.
    :func:`locality_named_before` (rule ``locality_direction``, there too) -- a direction
    after a named locality (في منطقة جرف النصر جنوبي بغداد) takes its bearing from the town;
    54. :func:`bearing_from_city` (there too) -- "north of Baghdad" is an area: region precision;
    55. :func:`town_by_last_site` (there too) -- a town by the base just reported attacked, in
    the next sentence with no day of its own, is where that attack was heard; 56.
    :func:`none_beside_figure` (casualties, class 6; in :mod:`.precision_reports`) -- a none
    told of an incident does not lower a figure of it (it speaks of another party); 57.
    :func:`result_tally` (rule ``tally_result_clause``, in :mod:`.precision_campaign`) -- "a
    new attack ..., bringing the number of attacks to N": the main clause reports the attack.
    58. :func:`claimed_incidents` (actors, class 5; rule ``claimed_incident``, in
    :mod:`.precision_reports`) -- a claim or blame sentence gives its actor to the attack it
    tells, not to every incident of the article. 59. :func:`interval_before` (dates and
    back-references, class 8; in :mod:`.precision_dates`) -- "two days after an attack on X":
    X's attack is two days before the day read, and a back-reference. 60.
    :func:`ordinal_earlier` (drafts, class 10; in :mod:`.precision_clauses`) -- "the second
    attack on the airport after the attack of 14 April": an earlier attack there, dated. 61.
    :func:`pluperfect_recall` (drafts, class 10; there too) -- "وكانت قذيفتا هاون قد سقطتا
    ...": a sentence opening in the pluperfect recalls an earlier incident.
    62. :func:`weapon_heading` (places, class 1; in :mod:`.precision_approach`, through
    :func:`headings`) -- a drone or missile heading for a base was aimed at it; 63.
    :func:`flight_towards` (there too) -- a drone flying towards a base approaches it, no
    overflight; 64. :func:`before_arrival` (there too) -- "before it reached" is no arrival;
    65. :func:`third_party_base` (sentences, scope; in :mod:`.precision_scope`) -- an attack
    on a Turkish or Russian base (قاعدة تركية) is none of ours; 66. :func:`unlisted_field`
    (drafts, scope; there too) -- a field named after a town is an energy site, not ours;
    67. :func:`the_strike` (``strike_antecedent``) -- "the strike" is the last strike's; 68.
    :func:`latin_abbreviation` (in :mod:`.precision_text`): U.S. ends no sentence; 69-70.
    :func:`conditional_clause`, :func:`claim_label` (there too): a supposed attack, a claim
    checked; 71. :func:`interception_debris` (:mod:`.precision_targets`): debris hit nothing;
    72-76, 80-82: :mod:`.precision_discourse`; 77-78. :func:`.managed_to` (تمكنت من اعتراض),
    :func:`.weapon_approach` (a barrage towards Israel: :func:`.outside_theatre`).

:func:`construct_definite` widens background_clause to a construct noun (بعد أسبوع من استهداف
القاعدة). Article-wide rules (15-18, 24, 32, 38): :mod:`.precision_reports`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from gazetteer.extract import (
    precision_elsewhere,
    precision_mechanisms,
    precision_referents,
    precision_statements,
)
from gazetteer.extract.precision_antecedents import base_noun_before, facility_noun, names_facility
from gazetteer.extract.precision_approach import before_arrival, flight_towards, weapon_heading
from gazetteer.extract.precision_campaign import (
    attack_tally,
    campaign_trigger,
    range_period,
    result_tally,
    singled_out,
    singled_out_after,
)
from gazetteer.extract.precision_clauses import (
    approached_position,
    construct_definite,
    contrast_cuts,
    convoy_attacked,
    distance_from,
    facility_in_town,
    ordinal_earlier,
    own_attack_clause,
    pluperfect_recall,
    reprisal_killing,
    same_place,
    undated_clauses,
    unknown_locality,
    unrelated_incident,
)
from gazetteer.extract.precision_counts import generic_recount
from gazetteer.extract.precision_dates import (
    afternoon_hour,
    clock_before_statement,
    closing_statement_date,
    interval_before,
    opening_statement_date,
    period_since,
    small_hours_next_day,
)
from gazetteer.extract.precision_discourse import DISCOURSE_RULES
from gazetteer.extract.precision_places import (
    bearing_from_city,
    direction_role,
    distant_site_name,
    drop_distant_site_names,
    locality_in_town,
    locality_named_before,
    region_name_of_site,
    route_end,
    smoke_source,
    town_by_last_site,
)
from gazetteer.extract.precision_reports import (
    aggression_figures,
    claimed_incidents,
    denied_attack,
    fold_region_report,
    injury_tally,
    killed_tally,
    may_tally,
    none_beside_figure,
    opposite_sides,
    undated_lead,
    undated_repeat,
)
from gazetteer.extract.precision_scope import (
    SCOPE_RULES,
    civilian_target,
    local_post,
    third_party_base,
    third_party_strike,
    unlisted_field,
)
from gazetteer.extract.precision_targets import (
    _kind,
    definite_strikes,
    device_on_convoy,
    figures_by_place,
    heading_destination,
    interception_away,
    interception_debris,
    us_agent,
)
from gazetteer.extract.precision_text import latin_abbreviation
from gazetteer.extract.precision_weapons import (
    aircraft_striker,
    overflight_aircraft,
    stored_weapon,
    the_strike,
)
from gazetteer.extract.qualifiers import Qualifiers, load_qualifiers
from gazetteer.text.matcher import Match

__all__ = [
    "RULES",
    "Qualifiers",
    "afternoon_hour",
    "aggression_figures",
    "aircraft_striker",
    "approached_position",
    "attack_tally",
    "background_clause",
    "base_noun_before",
    "bearing_from_city",
    "before_arrival",
    "campaign_trigger",
    "civilian_target",
    "claimed_incidents",
    "clock_before_statement",
    "closing_statement_date",
    "construct_definite",
    "contrast_cuts",
    "convoy_attacked",
    "definite_strikes",
    "denied_attack",
    "device_on_convoy",
    "direction_role",
    "disabled",
    "distance_from",
    "distant_site_name",
    "drop_distant_site_names",
    "facility_in_town",
    "facility_noun",
    "figures_by_place",
    "fires",
    "flight_towards",
    "fold_region_report",
    "generic_recount",
    "governed_by_non_event",
    "heading_destination",
    "headings",
    "indirect_fire",
    "injury_tally",
    "interception_away",
    "interception_debris",
    "interval_before",
    "killed_tally",
    "latin_abbreviation",
    "load_qualifiers",
    "local_post",
    "locality_in_town",
    "locality_named_before",
    "may_tally",
    "names_facility",
    "none_beside_figure",
    "opening_statement_date",
    "opposite_sides",
    "ordinal_earlier",
    "out_of_scope",
    "overflight_aircraft",
    "own_attack_clause",
    "period_since",
    "pluperfect_recall",
    "range_period",
    "region_name_of_site",
    "reprisal_killing",
    "result_tally",
    "route_end",
    "same_place",
    "singled_out",
    "singled_out_after",
    "small_hours_next_day",
    "smoke_source",
    "stored_weapon",
    "the_strike",
    "third_party_base",
    "third_party_strike",
    "town_by_last_site",
    "undated_clauses",
    "undated_lead",
    "undated_repeat",
    "unknown_locality",
    "unlisted_field",
    "unrelated_incident",
    "us_agent",
    "weapon_heading",
]

#: Every rule the reader applies, by name (each has a case table of the same name).
RULES: tuple[str, ...] = (
    "period_since",
    *precision_elsewhere.ELSEWHERE_RULES,
    *precision_mechanisms.MECHANISM_RULES,
    *precision_statements.STATEMENT_RULES,
    *precision_referents.REFERENT_RULES,
    "campaign_trigger",
    "governed_by_non_event",
    "smoke_source",
    "region_name_of_site",
    "list_line",
    "overflight_aircraft",
    "indirect_fire",
    "statement_date",
    "base_by_locator",
    "clock_before_statement",
    "background_clause",
    "facility_noun_antecedent",
    "base_noun_antecedent",
    "distance_from",
    "defence_intercept",
    "interception_away",
    "denied_attack",
    "injury_tally",
    "killed_tally",
    "opposite_sides",
    "range_tally",
    "periphrastic_passive",
    "approached_position",
    "aggression_figures",
    "undated_repeat",
    "us_agent",
    "device_on_convoy",
    "heading_destination",
    "definite_strikes",
    "figures_by_place",
    "fold_region_report",
    "contrast_clause",
    "generic_recount",
    "aircraft_striker",
    "strike_near_own_base",
    "own_clause_attack",
    "small_hours_next_day",
    "undated_lead",
    "facility_in_town",
    "stored_weapon",
    "attack_tally",
    "same_place_earlier",
    "convoy_attacked",
    "unknown_locality",
    "unrelated_incident",
    "tally_singles_out",
    "base_named_here",
    "local_post",
    "third_party_strike",
    "civilian_target",
    "base_introduced",
    "dated_background",
    "distant_site_name",
    "route_ends",
    "locality_direction",
    "bearing_from_city",
    "town_by_last_site",
    "none_beside_figure",
    "tally_result_clause",
    "claimed_incident",
    "interval_before",
    "ordinal_earlier",
    "pluperfect_recall",
    "weapon_heading",
    "flight_towards",
    "before_arrival",
    "third_party_base",
    "unlisted_field",
    "strike_antecedent",
    "latin_abbreviation",
    "conditional_clause",
    "claim_label",
    "interception_debris",
    *DISCOURSE_RULES,
    "managed_to",
    "weapon_approach",
)

_OFF: set[str] = set()
_RULE_SET = frozenset(RULES)  # for fires, asked tens of times per sentence
_M = TypeVar("_M", bound=Match[Any])


def fires(name: str) -> bool:
    """Whether the named rule is on (all are, unless a test switched one off)."""
    if name not in _RULE_SET:
        raise KeyError(f"no precision rule named {name!r}")
    return name not in _OFF


@contextmanager
def disabled(name: str) -> Iterator[None]:
    """Switch one rule off inside a ``with`` block (for the tests that prove each rule)."""
    fires(name)
    _OFF.add(name)
    try:
        yield
    finally:
        _OFF.discard(name)


def out_of_scope(text: str, start: int, end: int) -> bool:
    """Whether a sentence tells violence the atlas does not follow (rules of scope, on)."""
    return any(
        fires(name) and rule(text, start, end)
        for name, rule in (*SCOPE_RULES, *precision_referents.REFERENT_SCOPE)
    )


def headings(
    text: str, qualifiers: list[Match[str]], weapons: Callable[[], list[Any]]
) -> list[int]:
    """The ends of the words of heading that make a place a destination (heading_destination).

    Rule weapon_heading leaves out a word of heading that describes a drone or missile
    (:func:`weapon_heading`); ``weapons`` gives the sentence's weapons, asked only when a word
    of heading is there.
    """
    found = [q for q in qualifiers if "heading" in q.payloads]
    if found and fires("weapon_heading"):
        before = weapons()
        found = [q for q in found if not weapon_heading(text, q.start, before)]
    return [q.end for q in found]


def governed_by_non_event(
    place_start: int,
    sentence_start: int,
    cues: list[tuple[int, bool]],
    strong_after: Callable[[], bool],
) -> bool:
    """Whether the nearest word governing a place is a deployment, overflight or violation.

    ``cues`` are (start, is_attack) for every attack word and non-event word of the sentence.
    "اختراق الطائرات الروسية الأجواء فوق قاعدة التنف" or "نشر منظومة دفاع جوي في معمل كونيكو":
    the last such word before the place is not an attack word, so the place is not attacked,
    unless its own clause goes on with a strong attack word (``strong_after()``, asked last).
    """
    before = [c for c in cues if sentence_start <= c[0] < place_start]
    return bool(before) and not max(before)[1] and not strong_after()


def indirect_fire(
    weapons: list[_M], qualifiers: list[Match[str]], span: tuple[int, int]
) -> list[_M]:
    """Drop small-arms words that an "indirect" qualifier turns into rockets or mortars.

    "هجوم غير مباشر بالأسلحة النارية" is indirect fire (rockets or mortars, ACLED's shelling /
    artillery / missile attack), never gunfire: the small-arms word within the phrase goes.
    """
    marks = [m for m in _kind(qualifiers, "indirect") if span[0] <= m.start < span[1]]
    if not marks:
        return weapons
    return [
        w
        for w in weapons
        if not (
            getattr(w.payloads[0], "weapon", "") == "small_arms"
            and any(abs(w.start - m.end) <= 12 for m in marks)
        )
    ]


_CLAUSE_END = re.compile(r"[,;.!?\n]")


def background_clause(
    text: str, connector: Match[str], definite_trigger_starts: list[int], end: int
) -> tuple[int, int] | None:
    """The span of a clause about another, earlier event, or None.

    "سقطت صواريخ على القاعدة، بعد الغارات الأمريكية التي نفذتها واشنطن الشهر الماضي": after
    بعد، عقب، إثر (after, following) comes a definite attack noun (at most three words on:
    بعد يومين من الغارات), and up to the next comma the clause tells that other event. Its
    weapons, actors and dates are not the incident's; an airstrike never joins a rocket
    attack's weapons by standing next to it. "بعد هجوم مماثل" (after a similar attack,
    indefinite) is not such a clause. A reprisal connector (ردا على، انتقاما ل) followed by a
    killing (مقتل، اغتيال) opens such a clause too: the killing, where and how it was done, is
    the other event ("ضربة ... ردا على مقتل قائد بغارة قرب مطار بغداد" struck no airport).
    """
    if "reprisal" in connector.payloads and reprisal_killing(text, connector.start):
        # ردا على مقتل / اغتيال ...: the clause tells the killing the attack answered
        stop = _CLAUSE_END.search(text, connector.end, end)
        return connector.start, stop.start() if stop else end
    if "background" not in connector.payloads:
        return None
    # بعد الغارات، بعد يومين من الغارات، عقب ساعات على القصف: up to three words between
    if not any(
        connector.end < t
        and len(text[connector.end : t].split()) <= 3
        and not _CLAUSE_END.search(text, connector.end, t)
        for t in definite_trigger_starts
    ):
        return None
    stop = _CLAUSE_END.search(text, connector.end, end)
    return connector.start, stop.start() if stop else end
