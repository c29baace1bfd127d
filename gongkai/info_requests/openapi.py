# ruff: noqa: E501 - a schema reads better with its descriptions on one line
"""The OpenAPI 3.1 description of the applications' API, served at /api/v1/info-requests/openapi.json."""

from __future__ import annotations

from .clock import EventType
from .models import Channel, Delivery, IdType
from .outcomes import OUTCOMES, ApplicantType

_date = {"type": "string", "format": "date"}
_error = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "fields": {"type": "object"}},
}
_applicant = {
    "type": "object",
    "required": ["unit", "applicant_type", "name", "contact_phone", "description", "delivery"],
    "properties": {
        "unit": {
            "type": "string",
            "description": "The 9-character organisation code of the township or office.",
        },
        "applicant_type": {"type": "string", "enum": list(ApplicantType.values)},
        "name": {"type": "string", "maxLength": 120},
        "id_type": {"type": "string", "enum": list(IdType.values)},
        "id_number": {"type": "string", "maxLength": 40},
        "contact_person": {"type": "string", "description": "Required for an organisation."},
        "contact_phone": {"type": "string", "maxLength": 30},
        "contact_email": {"type": "string", "format": "email"},
        "contact_address": {"type": "string", "description": "Required for a reply on paper."},
        "description": {"type": "string"},
        "document_number": {"type": "string"},
        "delivery": {"type": "string", "enum": list(Delivery.values)},
        "accessibility_need": {"type": "string"},
    },
}
_application = {
    "type": "object",
    "properties": {
        "tracking_code": {"type": "string"},
        "unit": {"type": "string"},
        "status": {
            "type": "string",
            "enum": [
                "submitted",
                "received",
                "awaiting_correction",
                "consulting",
                "reply_pending",
                "replied",
            ],
        },
        "received_on": {**_date, "nullable": True},
        "due_on": {**_date, "nullable": True},
        "due_on_provisional": {"type": "boolean"},
        "correction_deadline": {**_date, "nullable": True},
        "third_party_deadline": {**_date, "nullable": True},
        "outcome": {"type": "string", "nullable": True},
        "events": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "date"],
                "properties": {
                    "type": {"type": "string"},
                    "date": _date,
                    "due_before": _date,
                    "due_after": _date,
                    "outcome": {"type": "string"},
                    "days": {"type": "integer"},
                },
            },
        },
    },
}


def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


SCHEMA = {
    "openapi": "3.1.0",
    "info": {"title": "Gongkai: disclosure on application (依申请公开)", "version": "1"},
    "paths": {
        "/api/v1/info-requests": {
            "post": {
                "summary": "Submit an application (no account needed).",
                "requestBody": _json(_applicant),
                "responses": {
                    "201": {
                        "description": "Submitted; keep the token, it opens the status.",
                        **_json(
                            {
                                "allOf": [
                                    _application,
                                    {"type": "object", "properties": {"token": {"type": "string"}}},
                                ]
                            }
                        ),
                    },
                    "400": {"description": "Bad input; nothing recorded.", **_json(_error)},
                },
            }
        },
        "/api/v1/info-requests/{tracking_code}": {
            "get": {
                "summary": "The applicant's view of an application.",
                "parameters": [
                    {
                        "name": "tracking_code",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "token",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string"},
                        "description": "The secret of the status link: the whole application.",
                    },
                    {
                        "name": "phone_last4",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string", "pattern": "^[0-9]{4}$"},
                        "description": "Instead of the token: only `status` and `due_on`.",
                    },
                ],
                "responses": {
                    "200": _json(_application) | {"description": "The application."},
                    "404": {"description": "No such code and token or phone.", **_json(_error)},
                    "429": {"description": "Too many wrong pairs; wait an hour.", **_json(_error)},
                },
            }
        },
        "/api/v1/staff/info-requests": {
            "post": {
                "summary": "Register an application received in person, by post, fax or email.",
                "security": [{"token": []}],
                "requestBody": _json(
                    {
                        "allOf": [
                            _applicant,
                            {
                                "type": "object",
                                "required": ["channel"],
                                "properties": {
                                    "channel": {
                                        "type": "string",
                                        "enum": [c for c in Channel.values if c != "online"],
                                    },
                                    "arrived_on": _date,
                                    "received_on": {
                                        **_date,
                                        "description": "The date of receipt by the channel's rule (Art. 31); "
                                        "omit for post, fax or email not yet confirmed.",
                                    },
                                },
                            },
                        ]
                    }
                ),
                "responses": {
                    "201": _json(_application) | {"description": "Registered."},
                    "400": {"description": "Bad input; nothing recorded.", **_json(_error)},
                    "403": {"description": "Not a handler of this unit.", **_json(_error)},
                },
            }
        },
        "/api/v1/staff/info-requests/{tracking_code}/events": {
            "post": {
                "summary": "Record a step of the statutory clock.",
                "security": [{"token": []}],
                "parameters": [
                    {
                        "name": "tracking_code",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "requestBody": _json(
                    {
                        "type": "object",
                        "required": ["type"],
                        "properties": {
                            "type": {"type": "string", "enum": list(EventType.CLOCK)},
                            "date": {
                                **_date,
                                "description": "The day it happened; defaults to today.",
                            },
                            "corrections": {
                                "type": "string",
                                "description": "clarify: what to correct.",
                            },
                            "deadline": {
                                **_date,
                                "description": "clarify: the correction deadline.",
                            },
                            "party": {
                                "type": "string",
                                "description": "consult_start: who is consulted.",
                            },
                            "party_kind": {"type": "string", "enum": ["third_party", "agency"]},
                            "result": {
                                "type": "string",
                                "enum": ["agreed", "objected", "no_answer"],
                            },
                            "days": {"type": "integer", "minimum": 1, "maximum": 20, "default": 20},
                            "approved_by": {
                                "type": "string",
                                "description": "extend: the head of the disclosure office.",
                            },
                            "reason": {"type": "string"},
                            "outcome": {
                                "type": "string",
                                "enum": [o.label for o in OUTCOMES],
                                "description": "reply: the table-3 row label without numbering or note.",
                            },
                            "legal_basis": {"type": "string"},
                            "reasons": {"type": "string"},
                            "where": {"type": "string"},
                            "note": {"type": "string"},
                            "method": {
                                "type": "string",
                                "enum": ["count", "pages"],
                                "description": "fee_notice: by the applicant's applications this month, or by pages.",
                            },
                            "quantity": {
                                "type": "integer",
                                "minimum": 1,
                                "description": "fee_notice by pages: the number of pages.",
                            },
                        },
                    }
                ),
                "responses": {
                    "200": _json(_application) | {"description": "The application after the step."},
                    "400": {
                        "description": "Out of order or bad input; nothing recorded.",
                        **_json(_error),
                    },
                    "403": {"description": "Not a handler of this unit.", **_json(_error)},
                },
            }
        },
    },
    "components": {
        "securitySchemes": {
            "token": {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "Token <key>",
            }
        }
    },
}
