"""Arabic text: small composable normalisers, the place-name matcher and the lexicons (data).

- :mod:`.normalize`: str -> str functions built from character maps in ``data/charmaps``;
- :mod:`.matcher`: one Aho-Corasick automaton over every alias of every place;
- :mod:`.lexicons`: loading ``data/lexicon/*.csv`` (weapon words, attack verbs, casualty phrases).

To add a weapon word, an attack verb or a casualty phrase, edit ``gazetteer/data/lexicon/``.
"""
