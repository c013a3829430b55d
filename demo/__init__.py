"""Demo and benchmark data: the demo catalogue, accounts and submissions (``manage.py seed_demo``), and bulk-generated cases.

Not a production concern: only ``portal.settings.dev`` and ``portal.settings.test``
install this app (``make run``, the test suite and ``bench/`` use those), so a
production site has neither the code paths nor the ``seed_demo`` command. It sits
above the three apps: it may import portal, moderation and showcase; none of them
imports it.

- ``accounts``: one demo account per role, and the groups;
- ``catalogue``: the demo cases (``content``: the fictional organisations and scenarios;
  ``images``: their pictures, drawn with Pillow) and ``generate_cases`` for benchmarks;
- ``bulk``: many live case pages in a few queries (benchmarks and load tests);
- ``submissions``: three demo submissions of the demo submitter, through the wizard's own services.
"""
