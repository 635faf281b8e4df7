"""The reader: from an article's text and the gazetteer to dated, placed, tagged incidents.

The reader is a stack of layers, each a module (read from the bottom up):

- :mod:`.state`: typed state -- cues found once, incident drafts, the reading state;
- :mod:`.finding`: every cue of the article found once (:class:`~.finding.Finder`);
- :mod:`.figures`: the casualty figures and weapon counts of a stretch;
- :mod:`.attack_modes`: the non-event modes (drill, threat, condition) of attack words;
- :mod:`.attacks`: whether a sentence reports an attack, or refers back;
- :mod:`.site_choice`: which site a place mention means (an ambiguous name, a governorate);
- :mod:`.targets`: which places a sentence reports attacked;
- :mod:`.drafting`: weapons, dates, casualties and actors given to each target;
- :mod:`.antecedents`: the place "the base" (a definite facility noun) goes back to;
- :mod:`.denials`, :mod:`.article_passes`: the passes over the whole article's drafts;
- :mod:`.finishing`: a kept draft settled into the incident returned;
- :mod:`.reader`: the sentence rules in their order, and :func:`extract`;
- :mod:`.precision`: the named precision rules of the genre, each with a case table;
- :mod:`.confidence`: the confidence of an incident from its evidence;
- :mod:`.cues`: the typed lexicon cues; :mod:`.spans`: position indexes;
- :mod:`.summaries`: the one-line English summary of an incident;
- :mod:`.grammar`: numbers, dates and clock times, casualties.

A new phenomenon of the genre is one named rule with its table of cases.
"""

from gazetteer.extract.reader import extract

__all__ = ["extract"]
