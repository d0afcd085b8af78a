"""What the recognizers share: context words in the language of the text first (Presidio
raises a hit's score when one appears near it); each recognizer holds its own words."""
from __future__ import annotations

import re


# Context words per language: Presidio raises a hit's score when one appears near it.
def context_words(by_language: dict[str, list[str]], language: str) -> list[str]:
    """Context words of a recognizer (``{language: words}``): the language's own first, then
    the other languages' (a call that switches language may ask in one and answer in the other)."""
    words = list(by_language.get(language, []))
    for other in by_language.values():
        words += [w for w in other if w not in words]
    return words


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)
