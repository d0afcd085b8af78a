"""Read a ``--config`` file once and hand on what it holds.

Every command and notebook takes either kind of file: a scanner configuration (merged over
``ccaudit/conf/default.yaml``) or an audit configuration (``docs/audit-config.md``), whose
``scanner`` section is used and whose other sections are checked all the same. The file is
read and parsed once; the scanner settings and, for an audit file, the checked audit
configuration are returned together.

>>> load_config().phone_regions
('BE', 'NL', 'FR', 'LU', 'DE', 'GB')
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from ccaudit.audit.configuration import AuditConfig, audit_config, is_audit_config
from ccaudit.config import Config, read_yaml_file, scanner_config


@dataclass(frozen=True)
class Settings:
    """What a configuration file gave: the scanner settings, and the audit configuration
    when the file was one (None for a scanner file or the defaults)."""

    scanner: Config
    audit: AuditConfig | None = None


def load_settings(path: str | Path | None = None) -> Settings:
    """Read the file at ``path`` (None: the defaults) once; ConfigError names the file and key."""
    if path is None:
        return Settings(scanner_config())
    data = read_yaml_file(path, "configuration")
    if is_audit_config(data):
        audit = audit_config(data, path)
        return Settings(audit.scanner, audit)
    config = scanner_config(data, str(path))
    if config.reviews is not None and not Path(config.reviews).expanduser().is_absolute():
        # Read from the configuration file's folder, as the audit configuration's paths are.
        resolved = str((Path(path).resolve().parent / config.reviews).resolve())
        config = dataclasses.replace(config, reviews=resolved)
    if config.reviews is not None:
        from ccaudit.detect.reviews import load_reviews
        load_reviews(config.reviews, config.entities)  # a mistake stops here, before any work
    return Settings(config)


def load_config(path: str | Path | None = None) -> Config:
    """The scanner settings from either kind of file at ``path`` (None: the defaults)."""
    return load_settings(path).scanner
