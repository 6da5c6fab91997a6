"""A meal by SMS: the feature-phone donor's conversation, and what an SMS kitchen is sent.

`donor` holds the steps and tables, `feed` the typed place and NOTE, `checks` the spot and the
duplicate check by place and time, `commands` what a donor may type at any step, `kitchens` the
meal request an SMS kitchen gets, `texts` the short forms every SMS person reads.
This module imports nothing: `flows.conversation` reads `texts` without pulling in the flows.
"""
