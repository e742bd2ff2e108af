"""`manage.py extract FILE [--json] [--database-rules]`: importer/command.py, which the
console script runs without Django; here with Django set up, as `baocao extract
--database-rules` runs it. Exit 2 when refused."""

from django.core.management.base import BaseCommand

from baocao.importer import command


class Command(BaseCommand):
    # Reading a file needs no system checks, which import every page module (~1 s).
    requires_system_checks = []
    help = command.HELP

    def add_arguments(self, parser):
        command.add_arguments(parser)

    def handle(self, *args, file, **options):
        if options["database_rules"]:
            from baocao.catalog.loaders import ensure_catalog

            ensure_catalog()
            ruleset = None  # the database's
        else:
            from baocao.rules.shipped import shipped_ruleset

            ruleset = shipped_ruleset()
        code = command.run(file, options["json"], ruleset, self.stdout, self.stderr)
        if code:
            raise SystemExit(code)
