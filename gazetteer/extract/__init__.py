"""The reader: from an article's text and the gazetteer to dated, placed, tagged incidents.

- :mod:`.reader`: the reading state and the rules it applies, sentence by sentence;
- :mod:`.cues`: typed cues found in a sentence (attack words, weapons, places, figures);
- :mod:`.summaries`: the one-line English summary of an incident;
- :mod:`.grammar`: numbers, dates and clock times, casualties.

A new phenomenon of the genre is one named rule with its table of cases.
"""

from gazetteer.extract.reader import extract

__all__ = ["extract"]
