"""Saved catalogue searches with e-mail alerts (issue 17.1).

- ``searches``: the one normal form of a saved search, its validation and its description;
- ``tokens``: the signed one-click unsubscribe link;
- ``digests``: the ``send_search_alerts`` job (one digest per person and period);
- ``views``: the "Get alerts" form, the account page, unsubscribing.
"""
