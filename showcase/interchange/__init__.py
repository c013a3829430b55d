"""Exports of cases in the formats of the public algorithm registers (issue 17, point 3).

Agencies that publish a case here must often publish it again in their own
national register; these exports save them the retyping. Each format is a
declarative table (``Field`` rows, one per field of the register's format):
which public field of ``showcase.public_fields`` fills it, which of the owning
organisation's own confidential answers fills it (only in that organisation's
own export), which fixed value it takes, or why it is left empty or never
exported. docs/INTERCHANGE.md lists every row; a test keeps the two in step.

- ``fields``: the table's vocabulary (``Field``, ``Format``) and the value converters;
- ``uk_atrs``, ``nl_algoritmeregister``, ``us_inventory``, ``eu_annex_viii``: the four tables;
- ``formats``: the registry of formats by key (what ``format=`` accepts);
- ``documents``: records, JSON and CSV documents, streamed responses.

Showcase knows no submission: the owning organisation's answers come in as an
``OwnAnswers`` value built by the portal (``portal.register_exports``), which
also decides who is a member of that organisation.
"""
