"""Detection: the Presidio analyzer and ccaudit's recognizers, column classification from a
sample and hints, spoken and spelled numbers, names and language, and the two scans (exports,
transcripts) built on them."""
