"""Kept for existing scripts: the same as `gongkai issue_token` (keys are the core's now)."""

from __future__ import annotations

from gongkai.core.management.commands.issue_token import Command as IssueToken


class Command(IssueToken):
    help = "Create a staff API key for a user (same as issue_token)."
