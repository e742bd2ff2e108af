"""The `baocao` console script: thin, dispatches to Django management commands.

The command names of DESIGN.md are a contract; some differ from the management
command that implements them because Django already owns the name (`check`) or
Python does (`import`). Any other name is passed to Django, so
`baocao migrate` and `baocao createsuperuser` work too. `baocao check FILE` checks a
facts or report file (`checkfile`); `baocao check` without a file (`--deploy`, ...) is
Django's system check. `baocao extract FILE` runs without Django
(importer/command.py; issue 18), unless --database-rules asks for the database's rules.
"""

import os
import sys

COMMANDS = {
    "serve": "serve",
    "demo": "demo",
    "extract": "extract",
    "check": "checkfile",
    "import": "importreport",
    "render": "render",
    "export": "export",
}

# Commands that start without the web's apps (settings.WEB_ONLY_APPS): they only read a
# file or the database and write a file, and a person at a terminal waits for them.
FILE_COMMANDS = ("extract", "check", "render")


# Options only Django's `check` has; `baocao check FILE` has none of them.
_DJANGO_CHECK_OPTIONS = ("--deploy", "--tag", "-t", "--list-tags", "--fail-level", "--database")


def _system_check(args: list[str]) -> bool:
    if any(a.split("=")[0] in _DJANGO_CHECK_OPTIONS for a in args):
        return True
    return not any(not a.startswith("-") for a in args)  # no FILE


def _file_command_settings(command: str) -> None:
    """Settings without the web's apps (settings.WEB_ONLY_APPS), read now while
    BAOCAO_APPS says so; the variable is then removed, so that no process this one
    starts (LibreOffice, a test's server) inherits it. Settings already read (a caller
    in a running process) are left as they are."""
    from django.conf import settings

    if settings.configured:
        return
    os.environ["BAOCAO_APPS"] = "files"
    try:
        settings.INSTALLED_APPS  # noqa: B018 - reads the settings module
    finally:
        del os.environ["BAOCAO_APPS"]
    _start_without_collector(command)


def _start_without_collector(command: str) -> None:
    """Django's set-up without the cyclic garbage collector: importing the apps allocates
    hundreds of thousands of objects and frees almost none, so collecting only costs
    time (~10 % of `baocao extract`). The command's module is imported too. What was
    loaded is then frozen (never scanned again) and the collector is back on for the
    command's own work."""
    import gc
    from importlib import import_module

    import django
    from django.core.management import get_commands

    gc.disable()
    try:
        django.setup()
        import_module(f"{get_commands()[command]}.management.commands.{command}")
    finally:
        gc.freeze()
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "extract":
        from baocao.importer import command

        if command.DATABASE_RULES not in argv:
            return command.main(argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
    from django.core.management import execute_from_command_line

    if argv and argv[0] == "check" and _system_check(argv[1:]):
        pass  # Django's own system check (`baocao check --deploy`)
    elif argv and argv[0] in COMMANDS:
        argv[0], name = COMMANDS[argv[0]], argv[0]
        if name in FILE_COMMANDS:
            _file_command_settings(argv[0])
    try:
        execute_from_command_line(["baocao", *argv])
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0
