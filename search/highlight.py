"""Highlighting done in Python, so both backends show the same marks."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .tokenizer import _RUN, normalise


def highlight(text, query):
    """`text`, HTML-escaped, with each run of the query (Chinese, letters, digits) marked."""
    runs = sorted(set(_RUN.findall(normalise(query))), key=len, reverse=True)
    if not text or not runs:
        return escape(text or "")
    pattern = re.compile("|".join(re.escape(run) for run in runs), re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[last:match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))
