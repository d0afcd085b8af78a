"""Scanner settings: the shipped defaults (``ccaudit/conf/default.yaml``) with a user's
overrides merged over them, validated into a :class:`Config`.

Every key is documented in the default file. A bad key or value raises
:class:`~ccaudit.errors.ConfigError` naming the key and the file, before any work starts.
Files are read by :func:`ccaudit.settings.load_config`, which takes a scanner file or an
audit configuration.

>>> cfg = scanner_config()
>>> cfg.exports.sample_size
200
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ccaudit.entities import STANDARD_ENTITIES
from ccaudit.errors import ConfigError

# The standard entities, in the entity table's order (ccaudit.entities).
ENTITIES = STANDARD_ENTITIES
SENSITIVITY_LEVELS = ("high", "moderate", "low")
DEFAULT_FILE = "conf/default.yaml"


@dataclass(frozen=True)
class CustomEntity:
    """An entity added by configuration, recognised by a regular expression."""

    entity: str
    regex: str
    score: float = 0.6
    sensitivity: str = "low"
    hints: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportsConfig:
    sample_size: int
    probe_size: int
    seed: int
    chunk_rows: int
    ner_languages: tuple[str, ...]
    min_share: float
    hinted_min_share: float
    free_text_min_share: float
    free_text_min_hits: int
    categorical_max_distinct: int
    categorical_max_distinct_share: float
    birth_age_range: tuple[int, int]
    max_examples: int


@dataclass(frozen=True)
class TranscriptsConfig:
    agent_speakers: tuple[str, ...]
    customer_speakers: tuple[str, ...]
    organisations: tuple[str, ...]
    min_score: float
    batch_turns: int
    min_language_chars: int
    places_from: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class IndexConfig:
    db: str
    key_file: str | None
    controller_clients: tuple[str, ...]
    # Seconds a run waits for another run that holds the index (ccaudit.index.lock).
    lock_timeout: float = 600.0


@dataclass(frozen=True)
class ComputeConfig:
    """Where scans and index builds run (:mod:`ccaudit.compute`): ``jobs`` worker processes of
    a local Dask cluster (1: this process alone), or the Dask scheduler at ``scheduler``."""

    jobs: int = 1
    scheduler: str | None = None


@dataclass(frozen=True)
class Config:
    languages: tuple[str, ...]
    models: dict[str, str | None]
    countries: tuple[str, ...]
    phone_regions: tuple[str, ...]
    sensitivity: dict[str, str]
    exports: ExportsConfig
    transcripts: TranscriptsConfig
    index: IndexConfig
    hints: dict[str, tuple[str, ...]] = field(default_factory=dict)
    custom_entities: tuple[CustomEntity, ...] = ()
    source: str = "<defaults>"
    # The reviewed-decisions file (ccaudit.detect.reviews), None for none.
    reviews: str | None = None
    # Where the work runs; no result depends on it (the saved results' fingerprint leaves it out).
    compute: ComputeConfig = field(default_factory=ComputeConfig)

    @property
    def entities(self) -> tuple[str, ...]:
        """Every entity name ccaudit reports: the standard ones plus custom ones."""
        return ENTITIES + tuple(c.entity for c in self.custom_entities if c.entity not in ENTITIES)


def _merge(base: dict, override: dict, where: str, path: str = "") -> dict:
    """Deep-merge ``override`` into ``base``; keys unknown to ``base`` are an error."""
    merged = dict(base)
    for key, value in override.items():
        dotted = f"{path}{key}"
        if key not in base:
            raise ConfigError(f"unknown key '{dotted}'", source=where)
        # Open-ended mappings (per-language models, per-entity hints or sensitivity) take
        # new keys; fixed sections recurse so their own keys are checked.
        if isinstance(base[key], dict) and isinstance(value, dict) and key not in (
                "models", "hints", "sensitivity", "places_from"):
            merged[key] = _merge(base[key], value, where, dotted + ".")
        elif isinstance(base[key], dict) and isinstance(value, dict):
            merged[key] = {**base[key], **value}
        else:
            merged[key] = value
    return merged


def _read_yaml(text: str, where: str) -> dict:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"invalid YAML{at}", source=where) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("the top level must be a mapping of keys", source=where)
    return data


def _expect(value: Any, kind: type | tuple[type, ...], key: str, where: str) -> Any:
    if isinstance(value, bool) and kind in (int, float, (int, float)):
        raise ConfigError(f"'{key}' must be a number, not true/false", source=where)
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise ConfigError(f"'{key}' must be {names}", source=where)
    return value


def _share(value: Any, key: str, where: str) -> float:
    value = float(_expect(value, (int, float), key, where))
    if not 0.0 <= value <= 1.0:
        raise ConfigError(f"'{key}' must be between 0 and 1", source=where)
    return value


def _seconds(value: Any, key: str, where: str) -> float:
    value = float(_expect(value, (int, float), key, where))
    if value < 0:
        raise ConfigError(f"'{key}' must be a number of seconds, 0 or more", source=where)
    return value


def _positive(value: Any, key: str, where: str) -> int:
    value = _expect(value, int, key, where)
    if value < 1:
        raise ConfigError(f"'{key}' must be a positive integer", source=where)
    return value


def _codes(value: Any, key: str, where: str, upper: bool) -> tuple[str, ...]:
    items = _expect(value, list, key, where)
    out = []
    for item in items:
        if not isinstance(item, str) or not re.fullmatch(r"[A-Za-z]{2}", item):
            raise ConfigError(f"'{key}' holds '{item}', not a two-letter code", source=where)
        out.append(item.upper() if upper else item.lower())
    return tuple(out)


def _build(data: dict, where: str) -> Config:
    languages = _codes(data["languages"], "languages", where, upper=False)
    models = _expect(data["models"], dict, "models", where)
    for lang, model in models.items():
        if model is not None and not isinstance(model, str):
            raise ConfigError(f"'models.{lang}' must be a package name, deduce or null",
                              source=where)
        if model == "deduce" and lang != "nl":
            raise ConfigError(f"'models.{lang}': deduce detects Dutch only (use it for nl)",
                              source=where)
    missing = [lang for lang in languages if lang not in models]
    if missing:
        raise ConfigError(f"'models' has no entry for language '{missing[0]}'", source=where)

    custom = []
    for i, item in enumerate(_expect(data["custom_entities"], list, "custom_entities", where)):
        key = f"custom_entities[{i}]"
        _expect(item, dict, key, where)
        unknown = set(item) - {"entity", "regex", "score", "sensitivity", "hints"}
        if unknown:
            raise ConfigError(f"unknown key '{key}.{sorted(unknown)[0]}'", source=where)
        for required in ("entity", "regex"):
            if not isinstance(item.get(required), str):
                raise ConfigError(f"'{key}.{required}' is required (a string)", source=where)
        try:
            re.compile(item["regex"])
        except re.error as exc:
            raise ConfigError(f"'{key}.regex' is not a valid regular expression ({exc.msg})",
                              source=where) from None
        custom.append(CustomEntity(
            entity=item["entity"].upper(), regex=item["regex"],
            score=_share(item.get("score", 0.6), f"{key}.score", where),
            sensitivity=item.get("sensitivity", "low"),
            hints=tuple(h.lower() for h in item.get("hints", []))))

    sensitivity = dict(_expect(data["sensitivity"], dict, "sensitivity", where))
    for c in custom:
        sensitivity.setdefault(c.entity, c.sensitivity)
    for entity, level in sensitivity.items():
        if level not in SENSITIVITY_LEVELS:
            raise ConfigError(f"'sensitivity.{entity}' must be one of {', '.join(SENSITIVITY_LEVELS)}",
                              source=where)

    hints = {}
    for entity, words in _expect(data["hints"], dict, "hints", where).items():
        _expect(words, list, f"hints.{entity}", where)
        hints[str(entity).upper()] = tuple(str(w).lower() for w in words)

    ex = _expect(data["exports"], dict, "exports", where)
    age = _expect(ex["birth_age_range"], list, "exports.birth_age_range", where)
    if len(age) != 2 or not all(isinstance(a, int) for a in age) or age[0] >= age[1]:
        raise ConfigError("'exports.birth_age_range' must be [youngest, oldest] ages", source=where)
    ner_languages = _codes(ex["ner_languages"], "exports.ner_languages", where, upper=False)
    for lang in ner_languages:
        if lang not in models:
            raise ConfigError(f"'exports.ner_languages' names '{lang}', which has no model entry",
                              source=where)
    exports = ExportsConfig(
        sample_size=_positive(ex["sample_size"], "exports.sample_size", where),
        probe_size=_positive(ex["probe_size"], "exports.probe_size", where),
        seed=_expect(ex["seed"], int, "exports.seed", where),
        chunk_rows=_positive(ex["chunk_rows"], "exports.chunk_rows", where),
        ner_languages=ner_languages,
        min_share=_share(ex["min_share"], "exports.min_share", where),
        hinted_min_share=_share(ex["hinted_min_share"], "exports.hinted_min_share", where),
        free_text_min_share=_share(ex["free_text_min_share"], "exports.free_text_min_share", where),
        free_text_min_hits=_positive(ex["free_text_min_hits"], "exports.free_text_min_hits", where),
        categorical_max_distinct=_positive(ex["categorical_max_distinct"],
                                           "exports.categorical_max_distinct", where),
        categorical_max_distinct_share=_share(ex["categorical_max_distinct_share"],
                                              "exports.categorical_max_distinct_share", where),
        birth_age_range=(age[0], age[1]),
        max_examples=_expect(ex["max_examples"], int, "exports.max_examples", where),
    )
    tr = _expect(data["transcripts"], dict, "transcripts", where)
    transcripts = TranscriptsConfig(
        agent_speakers=tuple(str(w).lower() for w in _expect(
            tr["agent_speakers"], list, "transcripts.agent_speakers", where)),
        customer_speakers=tuple(str(w).lower() for w in _expect(
            tr["customer_speakers"], list, "transcripts.customer_speakers", where)),
        organisations=tuple(str(w) for w in _expect(
            tr["organisations"], list, "transcripts.organisations", where)),
        min_score=_share(tr["min_score"], "transcripts.min_score", where),
        batch_turns=_positive(tr["batch_turns"], "transcripts.batch_turns", where),
        min_language_chars=_positive(tr["min_language_chars"], "transcripts.min_language_chars",
                                     where),
        places_from=_places_from(tr["places_from"], languages, models, where),
    )
    ix = _expect(data["index"], dict, "index", where)
    index = IndexConfig(
        db=str(_expect(ix["db"], str, "index.db", where)),
        key_file=_expect(ix["key_file"], (str, type(None)), "index.key_file", where),
        controller_clients=tuple(str(c) for c in _expect(
            ix["controller_clients"], list, "index.controller_clients", where)),
        lock_timeout=_seconds(ix["lock_timeout"], "index.lock_timeout", where),
    )
    co = _expect(data["compute"], dict, "compute", where)
    scheduler = _expect(co["scheduler"], (str, type(None)), "compute.scheduler", where)
    if scheduler is not None and not scheduler.strip():
        raise ConfigError("'compute.scheduler' must be an address (tcp://host:8786) or null",
                          source=where)
    compute = ComputeConfig(jobs=_positive(co["jobs"], "compute.jobs", where),
                            scheduler=scheduler.strip() if scheduler else None)
    return Config(
        languages=languages,
        models={k: v for k, v in models.items()},
        countries=_codes(data["countries"], "countries", where, upper=True),
        phone_regions=_codes(data["phone_regions"], "phone_regions", where, upper=True),
        sensitivity=sensitivity,
        exports=exports,
        transcripts=transcripts,
        index=index,
        hints=hints,
        custom_entities=tuple(custom),
        source=where,
        reviews=_expect(data.get("reviews"), (str, type(None)), "reviews", where),
        compute=compute,
    )


def _places_from(value: Any, languages: tuple[str, ...], models: dict, where: str) -> dict[str, str]:
    key = "transcripts.places_from"
    out = {}
    for lang, other in (_expect(value if value is not None else {}, dict, key, where)).items():
        if other is None:
            continue  # switched off for this language
        lang, other = str(lang).lower(), str(other).lower()
        if lang not in models or other not in models or lang == other:
            raise ConfigError(f"'{key}.{lang}' must map a configured language to another one",
                              source=where)
        if lang not in languages or other not in languages:
            continue  # a language this configuration does not scan: nothing to read
        if not models.get(other) or models.get(other) == "deduce":
            raise ConfigError(f"'{key}.{lang}': language '{other}' has no spaCy pipeline",
                              source=where)
        out[lang] = other
    return out


def default_config_text() -> str:
    """The shipped default configuration, comments included."""
    return resources.files("ccaudit").joinpath(DEFAULT_FILE).read_text(encoding="utf-8")


def scanner_config(overrides: dict | None = None, where: str = "<defaults>", prefix: str = "") -> Config:
    """The defaults with ``overrides`` (a scanner configuration's mapping) merged over them,
    validated; ``where`` names the file and ``prefix`` the section in messages.

    A file is read by :func:`ccaudit.settings.load_config`, which takes either kind of file.

    >>> scanner_config().phone_regions
    ('BE', 'NL', 'FR', 'LU', 'DE', 'GB')
    """
    base = _read_yaml(default_config_text(), DEFAULT_FILE)
    return _build(_merge(base, overrides or {}, where, prefix), where)


def read_yaml_file(path: str | Path, what: str) -> dict:
    """The YAML mapping in ``path``; ConfigError naming the file when it is missing,
    unreadable or not YAML. ``what`` names the file in messages ("configuration")."""
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{what} file not found", source=where) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {what} file ({type(exc).__name__})", source=where) from None
    return _read_yaml(text, where)
