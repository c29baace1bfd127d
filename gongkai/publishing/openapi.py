# ruff: noqa: E501 - a schema reads better with its descriptions on one line
"""The OpenAPI 3.1 description of the public read API, served at /api/v1/openapi.json."""

from __future__ import annotations

from gongkai.catalog.models import Approval, Audience, Cadence, Group, Level, Mode
from gongkai.core.models import UnitKind

from .models import Validity


def _list(item: dict) -> dict:
    return {
        "type": "object",
        "required": ["items", "next"],
        "properties": {
            "items": {"type": "array", "items": item},
            "next": {
                "type": ["string", "null"],
                "format": "uri",
                "description": "The next page, or null on the last.",
            },
        },
    }


def _ok(schema: dict, description: str = "OK") -> dict:
    return {
        "200": {"description": description, "content": {"application/json": {"schema": schema}}}
    }


_error = {"$ref": "#/components/schemas/Error"}
_nullable_date = {"type": ["string", "null"], "format": "date"}

UNIT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "code": {
            "type": "string",
            "description": "The 9-character organisation code (characters 9–17 of the unified social credit code).",
        },
        "name": {"type": "string"},
        "short_name": {"type": "string"},
        "kind": {"type": "string", "enum": list(UnitKind.values)},
        "parent": {"type": ["string", "null"], "description": "The parent unit's code."},
    },
}
ITEM = {
    "type": "object",
    "description": "A catalog item with the standard columns (国办发〔2019〕54号).",
    "properties": {
        "id": {"type": "integer"},
        "key": {
            "type": ["string", "null"],
            "description": "The default catalog's key, e.g. T04; null for a unit's own item.",
        },
        "group": {"type": "string", "enum": list(Group.values)},
        "group_label": {"type": "string"},
        "level1": {"type": "string", "description": "一级事项"},
        "level2": {"type": "string", "description": "二级事项"},
        "content": {"type": "string", "description": "公开内容（要素）"},
        "basis": {"type": "string", "description": "公开依据"},
        "time_limit": {"type": "string", "description": "公开时限"},
        "subject": {"type": "string", "description": "公开主体"},
        "channels": {"type": "array", "items": {"type": "string"}, "description": "公开渠道和载体"},
        "audience": {"type": "string", "enum": list(Audience.values), "description": "公开对象"},
        "mode": {"type": "string", "enum": list(Mode.values), "description": "公开方式"},
        "level": {"type": "string", "enum": list(Level.values), "description": "公开层级"},
        "approval": {
            "type": "string",
            "enum": list(Approval.values),
            "description": "The check before publishing: review, collective decision, or congress approval.",
        },
        "cadence": {"type": "string", "enum": list(Cadence.values)},
        "service_guide": {
            "type": "boolean",
            "description": "Publications carry the six elements, 办事期限 and 监督方法.",
        },
        "own_item": {"type": "boolean", "description": "Added by the unit itself (its unit plan)."},
    },
}
PUBLICATION = {
    "type": "object",
    "properties": {
        "index_no": {
            "type": "string",
            "pattern": "^[0-9A-Z]{9}/[0-9]{4}-[0-9]{5}$",
            "description": "索引号",
        },
        "title": {"type": "string"},
        "summary": {"type": "string", "description": "内容概述"},
        "unit": {"type": "string", "description": "The publisher's organisation code."},
        "unit_name": {"type": "string"},
        "item": {"type": "integer", "description": "The catalog item's id."},
        "topic": {"type": "string", "description": "主题分类"},
        "publisher_name": {"type": "string", "description": "发布机构"},
        "doc_no": {"type": ["string", "null"], "description": "文号"},
        "written_on": {**_nullable_date, "description": "成文日期"},
        "published_at": {
            "type": "string",
            "format": "date-time",
            "description": "发布日期 (first publication)",
        },
        "updated_at": {
            "type": "string",
            "format": "date-time",
            "description": "When the current version was published.",
        },
        "version": {"type": "integer"},
        "validity": {"type": "string", "enum": list(Validity.values), "description": "有效性"},
        "validity_changed_on": {**_nullable_date, "description": "Repealed or expired on."},
        "period": {
            "type": ["string", "null"],
            "description": "The period a regular item covers, e.g. 2026年上半年.",
        },
        "url": {"type": "string", "format": "uri", "description": "The page on the portal."},
        "api_url": {"type": "string", "format": "uri"},
    },
}
VERIFICATION = {
    "type": "object",
    "required": ["valid", "index_no", "versions"],
    "properties": {
        "valid": {"type": "boolean"},
        "index_no": {"type": "string"},
        "withdrawn": {"type": "boolean"},
        "versions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "version": {"type": "integer"},
                    "valid": {"type": "boolean"},
                    "seal": {"type": ["string", "null"]},
                    "seal_number": {"type": ["integer", "null"]},
                    "previous_seal": {"type": ["string", "null"]},
                    "content_hash": {"type": ["string", "null"]},
                    "sealed_at": {"type": ["string", "null"], "format": "date-time"},
                    "problems": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}

PUBLICATION_DETAIL = {
    "allOf": [
        PUBLICATION,
        {
            "type": "object",
            "properties": {
                "body": {"type": "string", "description": "Sanitised HTML."},
                "service_guide": {
                    "type": "object",
                    "description": "For service guides: basis, duty, conditions, procedure, discipline, result, time_limit, supervision.",
                },
                "tables": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "caption": {"type": "string"},
                            "columns": {"type": "array", "items": {"type": "string"}},
                            "rows": {
                                "type": "array",
                                "items": {"type": "array", "items": {"type": "string"}},
                            },
                            "csv_url": {"type": "string", "format": "uri"},
                            "xlsx_url": {"type": "string", "format": "uri"},
                        },
                    },
                },
                "attachments": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string"},
                            "type": {"type": "string"},
                            "size": {"type": "integer"},
                            "sha256": {"type": "string"},
                            "url": {"type": "string", "format": "uri"},
                        },
                    },
                },
                "versions": {
                    "type": "array",
                    "description": "Every published version, newest first, with the reason for each change.",
                    "items": {
                        "type": "object",
                        "properties": {
                            "version": {"type": "integer"},
                            "published_at": {"type": "string", "format": "date-time"},
                            "change_reason": {"type": ["string", "null"]},
                            "content_hash": {"type": "string"},
                            "url": {"type": "string", "format": "uri"},
                        },
                    },
                },
            },
        },
    ]
}

SCHEMA = {
    "openapi": "3.1.0",
    "info": {
        "title": "Gongkai public API",
        "version": "1",
        "description": 'Read-only JSON of what the portal shows: units, their disclosure catalogs and their public publications. Internal publications are never returned. Lists answer {"items": [...], "next": url|null}.',
    },
    "paths": {
        "/api/v1/units": {
            "get": {
                "summary": "Every unit: county, townships, offices, villages.",
                "responses": _ok(_list(UNIT)),
            }
        },
        "/api/v1/catalog": {
            "get": {
                "summary": "The catalog items a unit has adopted, with the standard columns.",
                "parameters": [
                    {
                        "name": "unit",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string"},
                        "description": "Organisation code.",
                    }
                ],
                "responses": {
                    **_ok(_list(ITEM)),
                    "400": {
                        "description": "No unit named.",
                        "content": {"application/json": {"schema": _error}},
                    },
                    "404": {
                        "description": "No such unit.",
                        "content": {"application/json": {"schema": _error}},
                    },
                },
            }
        },
        "/api/v1/publications": {
            "get": {
                "summary": "Public, current publications, newest first, 20 a page.",
                "parameters": [
                    {
                        "name": "unit",
                        "in": "query",
                        "schema": {"type": "string"},
                        "description": "Organisation code of the publisher.",
                    },
                    {
                        "name": "item",
                        "in": "query",
                        "schema": {"type": "integer"},
                        "description": "A catalog item's id.",
                    },
                    {
                        "name": "since",
                        "in": "query",
                        "schema": {"type": "string", "format": "date"},
                        "description": "Published or amended on or after this day.",
                    },
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                ],
                "responses": {
                    **_ok(_list(PUBLICATION)),
                    "400": {
                        "description": "A bad parameter.",
                        "content": {"application/json": {"schema": _error}},
                    },
                },
            }
        },
        "/api/v1/publications/{index_no}": {
            "get": {
                "summary": "One public publication with its body, tables, attachments and versions.",
                "description": "The index number's slash may be sent as is (/api/v1/publications/100002003/2026-00001) or URL-encoded (100002003%2F2026-00001).",
                "parameters": [
                    {
                        "name": "index_no",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    **_ok(PUBLICATION_DETAIL),
                    "404": {
                        "description": "No public publication has this index number.",
                        "content": {"application/json": {"schema": _error}},
                    },
                },
            }
        },
        "/api/v1/publications/{index_no}/verify": {
            "get": {
                "summary": "Whether the seals of a public publication's versions still hold.",
                "description": "Each published version is sealed with SHA-256 over a canonical form of its content and its attachments' hashes, chained to the previous seal of the same county. `valid` is false when any stored version, attachment or seal no longer matches.",
                "parameters": [
                    {
                        "name": "index_no",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    **_ok(VERIFICATION),
                    "404": {
                        "description": "No public publication has this index number.",
                        "content": {"application/json": {"schema": _error}},
                    },
                },
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "summary": "This description.",
                "responses": {"200": {"description": "OpenAPI 3.1"}},
            }
        },
    },
    "components": {
        "schemas": {"Error": {"type": "object", "properties": {"error": {"type": "string"}}}}
    },
}


# The staff API for office systems: per-user keys (`gongkai issue_token <username>`).
_STAFF_STATE = {
    "type": "object",
    "required": ["id", "status", "stage"],
    "properties": {
        "id": {"type": "integer"},
        "status": {"type": "string", "enum": ["draft", "published", "amending", "withdrawn"]},
        "stage": {
            "type": ["string", "null"],
            "enum": [
                "writing",
                "submitted",
                "returned",
                "approved",
                "scheduled",
                "published",
                None,
            ],
        },
        "index_no": {"type": ["string", "null"]},
        "draft_version": {"type": ["integer", "null"]},
        "current_version": {"type": ["integer", "null"]},
        "publish_by": {
            "type": ["string", "null"],
            "format": "date",
            "description": "20 working days after the information was created or changed.",
        },
        "open_findings": {
            "type": "array",
            "description": "Personal information found by the privacy screening, not yet settled.",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "kind": {"type": "string"},
                    "where": {"type": "string"},
                    "text": {"type": "string"},
                },
            },
        },
        "comments": {
            "type": ["string", "null"],
            "description": "The reviewer's comments when returned.",
        },
    },
}
_STAFF_ERRORS = {
    "400": {
        "description": "Bad input; `fields` names each field.",
        "content": {"application/json": {"schema": _error}},
    },
    "401": {"description": "No API key sent.", "content": {"application/json": {"schema": _error}}},
    "403": {
        "description": "The key is unknown or revoked, its user inactive, or the user's roles do not allow this step (the refusal is audited).",
        "content": {"application/json": {"schema": _error}},
    },
    "404": {
        "description": "No publication of the user's units has this id.",
        "content": {"application/json": {"schema": _error}},
    },
    "409": {
        "description": "Someone took this step first (another reviewer, a double click): who and when.",
        "content": {"application/json": {"schema": _error}},
    },
}
_ID = [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}]


def _step(summary: str, body: dict | None = None) -> dict:
    operation: dict = {
        "summary": summary,
        "security": [{"token": []}],
        "parameters": _ID,
        "responses": {**_ok(_STAFF_STATE), **_STAFF_ERRORS},
    }
    if body:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object", **body}}},
        }
    return {"post": operation}


_DATE = {"type": "string", "format": "date"}
STAFF_PATHS = {
    "/api/v1/staff/publications": {
        "post": {
            "summary": "Create a draft (a clerk's key). Answers with its `id`.",
            "security": [{"token": []}],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["unit", "item", "title", "summary", "topic"],
                            "properties": {
                                "unit": {"type": "string", "description": "Organisation code."},
                                "item": {"type": "string", "description": "Catalog item key."},
                                "audience": {"type": "string", "enum": ["public", "internal"]},
                                "title": {"type": "string"},
                                "summary": {"type": "string"},
                                "body": {"type": "string", "description": "HTML; cleaned."},
                                "topic": {"type": "string"},
                                "doc_no": {"type": "string"},
                                "written_on": _DATE,
                                "changed_on": {
                                    **_DATE,
                                    "description": "When the information was created or changed (20-working-day rule).",
                                },
                                "period": {
                                    "type": "string",
                                    "description": "A period code: 2026, 2026-H1, 2026-Q3 "
                                    "or 2026-M10; anything else is refused with 400.",
                                },
                            },
                        }
                    }
                },
            },
            "responses": {
                "201": {
                    "description": "Created",
                    "content": {"application/json": {"schema": _STAFF_STATE}},
                },
                **_STAFF_ERRORS,
            },
        }
    },
    "/api/v1/staff/publications/{id}/submit": _step(
        "Submit the draft for review (a clerk's key); the privacy screening runs."
    ),
    "/api/v1/staff/publications/{id}/approve": _step(
        "Approve with the secrecy review (a reviewer's key, never the author's); optionally at a scheduled time.",
        {
            "required": ["secrecy_review"],
            "properties": {
                "secrecy_review": {
                    "type": "object",
                    "required": ["no_state_secret", "no_superior_document", "privacy_lawful"],
                    "properties": {
                        "no_state_secret": {"type": "boolean"},
                        "no_superior_document": {"type": "boolean"},
                        "privacy_lawful": {"type": "boolean"},
                    },
                },
                "publish_at": {"type": "string", "format": "date-time"},
            },
        },
    ),
    "/api/v1/staff/publications/{id}/return": _step(
        "Return the draft to the clerk with comments (a reviewer's key).",
        {"required": ["comments"], "properties": {"comments": {"type": "string"}}},
    ),
    "/api/v1/staff/publications/{id}/record-decision": _step(
        "Record the collective decision (a leader's key).",
        {
            "required": ["meeting", "held_on", "minutes_no", "attendees", "outcome"],
            "properties": {
                "meeting": {"type": "string"},
                "held_on": _DATE,
                "minutes_no": {"type": "string"},
                "attendees": {"type": "string"},
                "outcome": {"type": "string"},
            },
        },
    ),
    "/api/v1/staff/publications/{id}/record-congress-approval": _step(
        "Record the township people's congress approval (a leader's key).",
        {
            "required": ["session", "held_on", "resolution"],
            "properties": {
                "session": {"type": "string"},
                "held_on": _DATE,
                "resolution": {"type": "string"},
            },
        },
    ),
    "/api/v1/staff/publications/{id}/publish": _step(
        "Publish the approved draft (a reviewer's key); a second call answers 409.",
        {"properties": {"version": {"type": "integer"}}},
    ),
    "/api/v1/staff/publications/{id}/withdraw": _step(
        "Withdraw (撤回) a published publication with a public reason (a reviewer's key).",
        {"required": ["reason"], "properties": {"reason": {"type": "string"}}},
    ),
}
_FINDING = [
    *_ID,
    {
        "name": "finding",
        "in": "path",
        "required": True,
        "schema": {"type": "integer"},
        "description": "An id from `open_findings`.",
    },
]
for _path, _operation in {
    "/api/v1/staff/publications/{id}/findings/{finding}/mask": _step(
        "Mask one privacy finding everywhere in the draft (a clerk's key): in the text, the "
        "tables, and inside a PDF, Word or Excel attachment, which is rewritten (PDF redacted)."
    ),
    "/api/v1/staff/publications/{id}/findings/{finding}/keep": _step(
        "Keep one privacy finding with the legal reason for publishing it (a reviewer's key, "
        "never the author's).",
        {"required": ["reason"], "properties": {"reason": {"type": "string"}}},
    ),
}.items():
    _operation["post"]["parameters"] = _FINDING
    STAFF_PATHS[_path] = _operation
SCHEMA["paths"].update(STAFF_PATHS)
SCHEMA["components"].setdefault("securitySchemes", {})["token"] = {
    "type": "apiKey",
    "in": "header",
    "name": "Authorization",
    "description": "`Token <key>`; a key is issued with `gongkai issue_token <username>`.",
}
