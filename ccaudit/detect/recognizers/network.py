"""IP addresses: Presidio's recognizer, answering at once where none of its patterns matches."""
from __future__ import annotations

import re

from presidio_analyzer.predefined_recognizers import IpRecognizer as _PresidioIpRecognizer

from ccaudit.detect.recognizers.common import QuickPatterns

# Each of Presidio's IP patterns holds a colon (IPv6, IPv4 inside IPv6) or, for IPv4, a dot
# between digits: a text with neither holds no IP address.
_MAY_HOLD_IP = re.compile(r":|\d\.\d")


class IpRecognizer(QuickPatterns, _PresidioIpRecognizer):
    """Presidio's IP address recognizer (IPv4, IPv6). Its long IPv6 patterns are searched
    only in a text with a colon or a dot between digits, once each, without Presidio's
    bookkeeping where none matches (:class:`QuickPatterns`). Named as Presidio's, so
    findings and explanations read the same."""

    def _some_pattern_matches(self, text: str, flags: int) -> bool:
        return _MAY_HOLD_IP.search(text) is not None and super()._some_pattern_matches(text, flags)
