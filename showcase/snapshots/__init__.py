"""Dated snapshots of the public catalogue (issue 17.2): written weekly, listed and served under ``/data/``.

- ``store``: where the files live, their names, the checksums, atomic writes, listing and pruning;
- ``writer``: one snapshot (CSV and JSON, the export's columns) of the cases anybody may see;
- ``views``: the ``/data/`` page, ``/data/latest.csv|json`` and the dated files.

The directory is the only record: a snapshot is complete, listed and served once its
``.sha256`` file exists, and that file is written last.
"""
