"""The JSON API under /api/v1: one django-ninja API over the domain apps' reads and actions.

`main.api` is the API; each topic is a router in its own module (`units`, `publications`,
`staff_publications`, `info_requests`, `search`, `annual_reports`), added in `main.py`.
`auth` is the one way a key is checked, `errors` the one error shape, `schemas` the shared
pieces (list shape, paging, enums).
The API sits on top: the domain apps never import it.
"""
