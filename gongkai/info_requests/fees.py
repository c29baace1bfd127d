"""Processing fees (Regulation Art. 42; 国办函〔2020〕109号): pure arithmetic, in yuan.

Free in principle. Past a reasonable volume, one of two methods per application, each
progressive: by count (the applicant's applications in one calendar month) or by pages
(of one application). The applicant pays within 20 working days of the notice, or the
application is no longer processed (table 3, 其他处理 2).
"""

from __future__ import annotations

import math

BY_COUNT = "count"
BY_PAGES = "pages"
PAYMENT_DAYS = 20

FREE_APPLICATIONS = 10  # per applicant per calendar month
FREE_PAGES = 30  # per application
PAGE_BANDS = ((30, 0), (100, 10), (200, 20), (math.inf, 40))  # (up to and including, 元 a page)


def by_count(ordinal: int) -> int:
    """The fee for the applicant's n-th application in a calendar month.

    1–10 free; 11–30: 100 元 each; from 31, each further band of 10 costs 100 元 more.
    """
    if ordinal <= FREE_APPLICATIONS:
        return 0
    if ordinal <= 30:
        return 100
    return 100 + 100 * math.ceil((ordinal - 30) / 10)


def by_pages(pages: int) -> int:
    """The fee for one application of `pages` pages: 1–30 free, then 10, 20, 40 元 a page."""
    total: float = 0
    lower: float = 0
    for upper, price in PAGE_BANDS:
        if pages <= lower:
            break
        total += (min(pages, upper) - lower) * price
        lower = upper
    return int(total)


def amount(method: str, quantity: int) -> int:
    if method == BY_COUNT:
        return by_count(quantity)
    if method == BY_PAGES:
        return by_pages(quantity)
    raise ValueError(f"unknown fee method {method!r}")
