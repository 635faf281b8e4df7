"""The grammars the reader uses.

- numbers: :mod:`.number_words` (the lexicon), :mod:`.digit_forms` (tokens, digit readings),
  :mod:`.figures` (the parser), :mod:`.duals`; :mod:`.numbers` finds them in a text and keeps
  the public names;
- dates: :mod:`.date_words` (the lexicons and the anchors), :mod:`.date_rules` (the table of
  named rules), :mod:`.dates` (find and resolve);
- clock times: :mod:`.clock`, the one clock-time grammar (the number grammar's ``time``
  mentions are its times);
- casualty figures: :mod:`.casualties`.

A new date form is a rule in :mod:`.date_rules` (with its anchors) and a row of
``tests/data/dates/cases.csv``.
"""
