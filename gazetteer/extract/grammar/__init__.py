"""The grammars the reader uses.

Numbers (:mod:`.numbers`), dates and clock times (:mod:`.dates`) and casualty figures
(:mod:`.casualties`). A new date form is a rule in :mod:`.dates` and a row of
``tests/data/dates/cases.csv``.
"""
