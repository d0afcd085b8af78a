"""ccaudit: GDPR data discovery and audit for contact centres."""
from __future__ import annotations

from ccaudit.errors import CcauditError, ConfigError, ReaderError

__version__ = "0.1.0"
__all__ = ["CcauditError", "ConfigError", "ReaderError", "explore", "scan_exports", "scan_transcripts", "__version__"]


def __getattr__(name: str):
    # Imported lazily: the scanner pulls in Presidio and spaCy, which take seconds.
    if name == "scan_exports":
        from ccaudit.detect.exports import scan_exports
        return scan_exports
    if name == "scan_transcripts":
        from ccaudit.detect.transcripts import scan_transcripts
        return scan_transcripts
    if name == "explore":
        from ccaudit.report.explore import explore
        return explore
    raise AttributeError(name)
