"""Output for scripts: JSON documents.

Every document (`validate`, `status`, `log`, `diff` with `--format json`) opens with `formatversion` and has its
keys in Swedish, as the goal repository's files do; each has a published JSON Schema (`styr schema utdata`).
Version 1 was the first release's documents, without the field and with English keys in validate, log and
diff (docs/utdata.md lists the old names). Keys may be added within a version, never renamed or removed.
"""

FORMAT_VERSION = 2
