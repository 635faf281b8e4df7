"""The rules written by mechanism, not by genre: one list for :data:`.precision.RULES`.

Each names a step of the reader that made false incidents on texts of several authors: a claim
the next turn takes back and a summary told twice (:mod:`.precision_turns`), a paragraph's year
(:mod:`.precision_context`), weapons seized rather than fired (:mod:`.precision_arms`), a blast
of everyday things or causes (:mod:`.precision_accidents`), strays, foreign campaigns and the
host's own forces (:mod:`.precision_strays`: listed here, precision.py being at its 600 lines),
trend sentences, locating adjectives and court verdicts (:mod:`.precision_habits`), the war of
Syria's other parties (:mod:`.precision_parties`), a base named after its noun that the event
only lay near (:mod:`.precision_places`), the target an attempt names
(:mod:`.precision_targets`), a wounded man's condition read as "in case of"
(:mod:`.precision_text`), a count given as a range (:mod:`.precision_counts`), a "since" that
compares (:mod:`.precision_campaign`), IS's war on a country's own forces and attacks named as a
truce's or a court's topic or as a series (:mod:`.precision_iraq`), a base's role and a place
that speaks (:mod:`.precision_roles`), a habit adverb's frame and a launch vehicle
(:mod:`.precision_frames`), an attack on a prison and one Syrian side accusing another
(:mod:`.precision_syria`), where an event lies: a region of a whole country, places listed as
"and in" (:mod:`.precision_regions`), a political bloc's alliance and an unlisted energy site
(:mod:`.precision_iraq2`), a foreign campaign told by its effects and a region's lead dated by
its statement (:mod:`.precision_syria2`), a third state's missiles, the Syrian state's air defences
and a weapon named only after "any" (:mod:`.precision_leftovers`), a weapon crossing a sky, a
place an inquiry names and "hostile" missiles (:mod:`.precision_passage`), and real attacks
dropped for how they were told: "the base itself", a recalled attack, a closing clause's threat
(:mod:`.precision_recall`), a partitive projectile, a drone's payload, an ordinal weapon, a
quoted casualty word, a bystanders' none and a journey read as a drone in an incident's figures
(:mod:`.precision_figures`), and figures owned by another part of the story: a partitive's share,
an attacker's own count, a later attack's none, a series' none, the enemy of a coalition's title,
the day a period "since" began, a subject told before its casualty verb, one party's none, a
hedged rival account's weapons (:mod:`.precision_owners`), and an earlier attack kept apart from
the news it precedes (:mod:`.precision_retold`), and other parties' force: a security raid, a
strike on smugglers, a weapon owned by a Syrian side (:mod:`.precision_others`).
"""

from __future__ import annotations

from gazetteer.extract.precision_accidents import ACCIDENT_RULES
from gazetteer.extract.precision_areas import AREA_RULES
from gazetteer.extract.precision_arms import ARMS_RULES
from gazetteer.extract.precision_breadth import BREADTH_RULES
from gazetteer.extract.precision_campaign import CAMPAIGN_RULES
from gazetteer.extract.precision_context import CONTEXT_RULES
from gazetteer.extract.precision_counts import COUNT_RULES
from gazetteer.extract.precision_figures import FIGURE_RULES
from gazetteer.extract.precision_frames import FRAME_RULES
from gazetteer.extract.precision_habits import HABIT_RULES
from gazetteer.extract.precision_iraq import IRAQ_RULES
from gazetteer.extract.precision_iraq2 import IRAQ2_RULES
from gazetteer.extract.precision_launches import LAUNCH_RULES
from gazetteer.extract.precision_leftovers import LEFTOVER_RULES
from gazetteer.extract.precision_others import OTHERS_RULES
from gazetteer.extract.precision_owners import OWNER_RULES
from gazetteer.extract.precision_parties import PARTY_RULES
from gazetteer.extract.precision_passage import PASSAGE_RULES
from gazetteer.extract.precision_places import NEARNESS_RULES
from gazetteer.extract.precision_recall import RECALL_RULES
from gazetteer.extract.precision_regions import REGION_RULES
from gazetteer.extract.precision_retold import RETOLD_RULES
from gazetteer.extract.precision_roles import ROLE_RULES
from gazetteer.extract.precision_strays import STRAY_RULES
from gazetteer.extract.precision_syria import SYRIA_RULES
from gazetteer.extract.precision_syria2 import SYRIA2_RULES
from gazetteer.extract.precision_targets import ATTEMPT_RULES
from gazetteer.extract.precision_text import TEXT_RULES
from gazetteer.extract.precision_turns import TURN_RULES
from gazetteer.extract.precision_vantage import VANTAGE_RULES

__all__ = ["MECHANISM_RULES"]

#: The rules of the modules, by name (each with a table in tests/data/incidents/rules).
MECHANISM_RULES: tuple[str, ...] = (
    *TURN_RULES,
    *CONTEXT_RULES,
    *ARMS_RULES,
    *ACCIDENT_RULES,
    *STRAY_RULES,
    *HABIT_RULES,
    *PARTY_RULES,
    *IRAQ_RULES,
    *LAUNCH_RULES,
    *ROLE_RULES,
    *NEARNESS_RULES,
    *ATTEMPT_RULES,
    *TEXT_RULES,
    *COUNT_RULES,
    *CAMPAIGN_RULES,
    *FRAME_RULES,
    *SYRIA_RULES,
    *REGION_RULES,
    *IRAQ2_RULES,
    *SYRIA2_RULES,
    *FIGURE_RULES,
    *OWNER_RULES,
    *RECALL_RULES,
    *LEFTOVER_RULES,
    *RETOLD_RULES,
    *PASSAGE_RULES,
    # a campaign summed from statements, a province's name, a homonym located in another
    # province and a field the gazetteer lacks (:mod:`.precision_breadth`)
    *BREADTH_RULES,
    *OTHERS_RULES,
    *VANTAGE_RULES,
    # a city's name after "areas of" or "the desert of" (:mod:`.precision_areas`)
    *AREA_RULES,
)
