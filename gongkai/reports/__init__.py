"""The statutory annual report (政府信息公开工作年度报告, Regulation Art. 49–50).

- `layout`: the official tables of 国办公开办函〔2021〕30号, read from `format_2021.json`;
- `compute`: table 3 from the disclosure applications (through `info_requests.outcomes`),
  table 2's normative documents from the publications, table 4 from the review cases;
- `checks`: the consistency checks and the similarity warning;
- `actions`: open, refresh, enter counts, write text, publish, cases, the county's deadline;
- `exports`: Word (python-docx), PDF (WeasyPrint, Noto Sans CJK SC embedded) and HTML;
- pages: staff (`urls`) and public (`public_urls`); the JSON API serves
  `GET /api/v1/annual-reports/<org>/<year>` from `tables.as_json` and `access`.

A published report is public on its own page (/annual-reports/<org code>/<year>/): the
default catalog has no annual-report column for the publishing app to file it under.
"""
