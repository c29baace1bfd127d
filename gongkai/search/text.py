"""Pure text work for search: normalising, index tokens, parsing a query, highlighting.

No database here. Both backends index the same tokens and run the same parsed query, so
they find the same documents.

Tokens. Text is normalised (NFKC, so full-width ２０２３ is 2023; lower case) and cut into
runs of letters and digits; punctuation and spaces end a run. Every run yields its
overlapping character bigrams and then its last character alone (the "terminal"):

    低保金，发放  →  低保 保金 金 | 发放 放

Each character is written as four base-36 digits, so a token is ASCII that every FTS5
tokenizer and PostgreSQL's tsvector keep whole, whatever Unicode version they know (a rare
character in a person's name stays searchable).

A query word becomes a phrase of the same tokens, so a phrase matches exactly where the
text contains the word, and never across punctuation: the terminal stands between two runs
as a gap would. A single character (a name: 张) is a prefix query on its code, which
finds both the bigrams it starts and the terminal it is, i.e. every place it occurs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

# A query longer than this is cut: nobody types more, and it keeps the phrase short.
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_TERM_CHARS = 60

RUN = re.compile(r"[^\W_]+")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


class _Codes(dict):
    """Code point → its character's four base-36 digits, computed once per character: a
    table for str.translate, which codes a whole run in one call."""

    def __missing__(self, n: int) -> str:
        code = _DIGITS[n // 46656 % 36] + _DIGITS[n // 1296 % 36] + _DIGITS[n // 36 % 36]
        code += _DIGITS[n % 36]
        self[n] = code
        return code


_CODES = _Codes()
_NORMAL: dict[str, str] = {}

# The full-width forms of ASCII (，；（）：, most of Chinese punctuation) are what keeps a
# Chinese text from being NFKC already. Replaced first by what NFKC makes of them (which
# leaves the NFKC of the whole text as it was), most texts then pass NFKC's quick check
# and are not decomposed and composed again character by character.
_WIDE = re.compile("[\uff01-\uff5e]+")
_NARROW = {n: n - 0xFEE0 for n in range(0xFF01, 0xFF5F)}


def _narrow(match: re.Match) -> str:
    return match.group().translate(_NARROW)


def _code(ch: str) -> str:
    return _CODES[ord(ch)]


def _normal_char(ch: str) -> str:
    normal = _NORMAL.get(ch)
    if normal is None:
        normal = unicodedata.normalize("NFKC", ch).lower()
        _NORMAL[ch] = normal
    return normal


def normalize(text: str) -> str:
    """NFKC and lower case: full-width ２０２３ is 2023, ＡＢＣ is abc."""
    return unicodedata.normalize("NFKC", _WIDE.sub(_narrow, text)).lower()


def runs(text: str) -> list[str]:
    """The runs of letters and digits in normalised text."""
    return RUN.findall(normalize(text))


def _run_tokens(found: list[str]) -> list[str]:
    out: list[str] = []
    extend = out.extend
    for run in found:
        # The run's codes in one string; each 8-character window from each code on is a
        # bigram, and the last window, cut short by the end, is the terminal.
        coded = run.translate(_CODES)
        extend([coded[i : i + 8] for i in range(0, len(coded), 4)])
    return out


def tokens(text: str) -> list[str]:
    """The index tokens of a text, in order (positions matter for phrases)."""
    return _run_tokens(RUN.findall(normalize(text)))


def index_tokens(text: str) -> list[str]:
    """tokens(text), then number_tokens(text): what the index keeps of a text, from one
    normalisation of it."""
    found = RUN.findall(normalize(text))
    out = _run_tokens(found)
    if "号" in text:
        out.extend(_number_tokens(found))
    return out


def joined_tokens(documents: list[list[str]]) -> list[list[str]]:
    """For each document's texts, each text's index_tokens joined by spaces (as an FTS5
    column takes them). Pure (no database, no settings), so that during a rebuild a second
    process makes them while the first writes."""
    return [[" ".join(index_tokens(text)) for text in texts] for texts in documents]


# Document numbers (文号) ----------------------------------------------------------------
#
# A document number such as 娄星办发〔2023〕5号 is three runs: the issuer's abbreviation, a
# year of four digits and the number followed by 号. As a phrase its tokens are each common
# (every number of the series shares them), so besides its bigrams the index keeps one
# exact token for each number in a text, and a query shaped like a number looks up that
# token alone. The token stands for exactly what the phrase matches: the query's first run
# ends the text's run before the year (so a token is made for every ending of that run, up
# to NUMBER_PREFIX_CHARS), the year is the whole run, and the text's third run starts with
# the query's number and 号.

NUMBER_PREFIX_CHARS = 16
_YEAR = re.compile(r"\d{4}")
_NUMBER = re.compile(r"(\d+号)")


def _number_token(prefix: str, year: str, number: str) -> str:
    # "z" + 16 hex digits: 17 characters, never the 4 or 8 of a word token.
    digest = hashlib.blake2s(f"{prefix}|{year}|{number}".encode(), digest_size=8).hexdigest()
    return "z" + digest


def number_tokens(text: str) -> list[str]:
    """The exact tokens of the document numbers in a text (usually none)."""
    if "号" not in text:
        return []
    return _number_tokens(RUN.findall(normalize(text)))


def _number_tokens(found: list[str]) -> list[str]:
    out: list[str] = []
    for i in range(len(found) - 2):
        year = found[i + 1]
        if len(year) != 4 or not _YEAR.fullmatch(year):
            continue
        number = _NUMBER.match(found[i + 2])
        if number is None:
            continue
        first = found[i]
        for start in range(max(0, len(first) - NUMBER_PREFIX_CHARS), len(first)):
            out.append(_number_token(first[start:], year, number.group(1)))
    return out


def number_token(term: Term) -> str | None:
    """The exact token that finds the same documents as this term, when it is a document
    number; else None (the term is looked up as a phrase)."""
    if len(term.runs) != 3 or term.prefix:
        return None
    first, year, number = term.runs
    if len(first) > NUMBER_PREFIX_CHARS or not _YEAR.fullmatch(year):
        return None
    if len(year) != 4 or not _NUMBER.fullmatch(number):
        return None
    return _number_token(first, year, number)


@dataclass(frozen=True)
class Term:
    """One word of a query (the query is split at spaces): a phrase of tokens."""

    runs: tuple[str, ...]
    tokens: tuple[str, ...]
    # The last token is a prefix: a single character that may be followed by more.
    prefix: bool


def _term(word_runs: list[str]) -> Term:
    out: list[str] = []
    prefix = False
    last = len(word_runs) - 1
    for i, run in enumerate(word_runs):
        codes = list(map(_code, run))
        out.extend(map(str.__add__, codes[:-1], codes[1:]))
        if i < last:
            # Punctuation follows in the query, so the text's run must end here too.
            out.append(codes[-1])
        elif len(codes) == 1:
            out.append(codes[0])
            prefix = True
    return Term(runs=tuple(word_runs), tokens=tuple(out), prefix=prefix)


def parse_query(query: str) -> list[Term]:
    """The terms of a query; punctuation-only words drop out. Never raises."""
    terms: list[Term] = []
    seen: set[tuple[str, ...]] = set()
    for word in normalize(query[:MAX_QUERY_CHARS]).split():
        word_runs: list[str] = []
        length = 0
        for run in RUN.findall(word):
            run = run[: MAX_TERM_CHARS - length]
            if run:
                word_runs.append(run)
                length += len(run)
        if word_runs and tuple(word_runs) not in seen:
            seen.add(tuple(word_runs))
            terms.append(_term(word_runs))
        if len(terms) == MAX_TERMS:
            break
    return terms


# Highlighting -------------------------------------------------------------------------

SNIPPET_CHARS = 120
SNIPPET_BEFORE = 30


def _pattern(terms: Iterable[Term]) -> re.Pattern | None:
    alternatives = sorted(
        (r"[\W_]+".join(re.escape(run) for run in term.runs) for term in terms),
        key=len,
        reverse=True,
    )
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


class Highlighter:
    """Finds the query's words in original text and marks them, HTML-escaped."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.pattern = _pattern(terms)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every hit, as offsets into the original text."""
        if self.pattern is None or not text:
            return []
        # Most hits are found in the text as it is (Chinese words in Chinese text), which
        # spares normalising the whole text; only a text without one is normalised.
        found = [m.span() for m in self.pattern.finditer(text) if m.end() > m.start()]
        if found:
            return found
        normal = normalize(text)
        if len(normal) == len(text):
            origin: list[int] | range = range(len(text))
        else:
            # Some character changed length (㈠ → (一)): map offsets character by character.
            normal = ""
            origin = []
            for i, ch in enumerate(text):
                n = _normal_char(ch)
                normal += n
                origin.extend([i] * len(n))
        found = []
        for match in self.pattern.finditer(normal):
            if match.end() > match.start():
                found.append((origin[match.start()], origin[match.end() - 1] + 1))
        return found

    def mark(
        self,
        text: str,
        start: int = 0,
        end: int | None = None,
        spans: list[tuple[int, int]] | None = None,
    ) -> SafeString:
        """text[start:end], escaped, with every hit inside it wrapped in <mark>."""
        end = len(text) if end is None else end
        parts: list[str] = []
        at = start
        for hit_start, hit_end in self.spans(text) if spans is None else spans:
            if hit_end <= start or hit_start >= end:
                continue
            hit_start, hit_end = max(hit_start, start), min(hit_end, end)
            parts.append(escape(text[at:hit_start], quote=False))
            parts.append(f"<mark>{escape(text[hit_start:hit_end], quote=False)}</mark>")
            at = hit_end
        parts.append(escape(text[at:end], quote=False))
        return mark_safe("".join(parts))  # every piece is escaped above

    def snippet(self, text: str) -> SafeString | None:
        """A window of the text around its first hit, or None when it has none."""
        hits = self.spans(text)
        if not hits:
            return None
        start = max(0, hits[0][0] - SNIPPET_BEFORE)
        end = min(len(text), start + SNIPPET_CHARS)
        body = self.mark(text, start, end, hits)
        return mark_safe(  # body is escaped by mark()
            ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")
        )


def plain_snippet(text: str) -> SafeString:
    """The opening of a text, escaped, for a result found through its title or a filter."""
    text = " ".join(text.split())
    cut = text[:SNIPPET_CHARS]
    return mark_safe(  # escaped
        escape(cut, quote=False) + ("…" if len(text) > SNIPPET_CHARS else "")
    )
