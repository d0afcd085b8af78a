"""The subject index: one DuckDB file of keyed hashes (db), identifier types and their
normalisers (identifiers), extraction from columns and text (extract), the incremental build
(build), subjects linked by shared identifiers (subjects), report queries (queries) and one
request lookup: value → candidate hashes → subject, with the key check (lookup)."""
