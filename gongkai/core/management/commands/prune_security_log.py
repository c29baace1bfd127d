from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from gongkai.core import security


class Command(BaseCommand):
    help = "Delete security-log windows older than SECURITY_LOG_DAYS (run it daily)."

    def handle(self, *args, **options) -> None:
        deleted = security.prune()
        self.stdout.write(_("%(count)d security-log rows deleted.") % {"count": deleted})
