"""The ``sepakat`` command.

Analytics commands (``sepakat poverty``, ``sepakat poverty-change``,
``sepakat priorities``) load no Django, so they start fast and run
on any machine with the library installed. Every other command is a Django
management command of the project:

    sepakat demo [--serve]          build the demo region "Provinsi Contoh" (and serve it)
    sepakat serve [ADDR:PORT]       apply migrations and serve the application (gunicorn)
    sepakat backup FILE             the whole database and every stored file in one archive
    sepakat restore FILE [--force]  load such an archive into an empty database
    sepakat import regions FILE     Kemendagri code list (CSV)
    sepakat import crosswalk FILE   BPS <-> Kemendagri pairs (TSV/CSV)
    sepakat import boundaries FILE  GeoJSON polygons
    sepakat import skpd REGION FILE the agencies (SKPD/OPD) of a region (CSV/xlsx)
    sepakat nomenclature import FILE [--version-name N] [--in-force-from YYYY-MM-DD]
                                    the Permendagri 90/2019 list as a new version
    sepakat plan import REGION FILE [--period 2025-2029]
                                    an intervention matrix as a new draft plan version
    sepakat plan export REGION [--version N|latest] --format csv|sipd-xlsx|rpkd-docx|rpkd-pdf --output F
                                    a plan version (default: the approved one)
    sepakat budget import REGION FILE [--user NAME]
                                    budget lines of any stage (CSV/xlsx), all or nothing
    sepakat budget analysis REGION --year Y [--format csv|json]
                                    the year's budget by dimension, stage and chain
    sepakat monitor REGION --year Y [--period q1|q2|q3|q4|year] [--format csv|json]
                                    targets, realisation, achievement and band
    sepakat monitor targets-import REGION FILE
                                    targets (CSV/xlsx), all or nothing
    sepakat monitor targets-from-plan REGION --year Y
                                    RPKD targets from the approved plan
    sepakat createadmin             create a central admin with a second factor
    sepakat otp USERNAME            (re)register the authenticator app of a user
    sepakat worker                  run background jobs
    sepakat manage ...              any Django management command
"""

from __future__ import annotations

import os
import sys

# analytics commands and the module whose main() runs each
ANALYTICS_COMMANDS = {
    "poverty": "sepakat.analytics.cli",
    "priorities": "sepakat.analytics.priorities_cli",
    "poverty-change": "sepakat.analytics.povchange_cli",
}
# `sepakat import regions FILE` runs the management command `import_regions FILE`.
IMPORT_KINDS = {"regions", "crosswalk", "boundaries", "skpd"}
# `sepakat monitor targets-import ...` runs `monitor_targets`; `sepakat monitor REGION` the table.
MONITOR_TARGET_ACTIONS = {"targets-import", "targets-from-plan"}
ALIASES = {"serve": "serve", "worker": "db_worker"}


def _django_argv(argv: list[str]) -> list[str]:
    if not argv:
        return ["help"]
    command, rest = argv[0], argv[1:]
    if command == "manage":
        return rest or ["help"]
    if command == "import":
        if not rest or rest[0] not in IMPORT_KINDS:
            kinds = ", ".join(sorted(IMPORT_KINDS))
            sys.stderr.write(f"sepakat import: choose what to import: {kinds}\n")
            raise SystemExit(2)
        return [f"import_{rest[0]}", *rest[1:]]
    if command == "nomenclature":
        if not rest or rest[0] != "import":
            sys.stderr.write("sepakat nomenclature: usage: sepakat nomenclature import FILE\n")
            raise SystemExit(2)
        return ["import_nomenclature", *rest[1:]]
    if command == "monitor" and rest and rest[0] in MONITOR_TARGET_ACTIONS:
        return ["monitor_targets", *rest]
    return [ALIASES.get(command, command), *rest]


def _prepare_data_dir() -> None:
    """Settings write nothing when imported; a command that may create the database does."""
    import importlib

    module = importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    prepare = getattr(module, "prepare_data_dir", None)
    if callable(prepare):
        prepare()


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ANALYTICS_COMMANDS:
        import importlib

        from sepakat.analytics.cli import finish_process

        module = importlib.import_module(ANALYTICS_COMMANDS[args[0]])
        code = int(module.main(args[1:]))
        if argv is None:  # run as the `sepakat` command: the process ends here
            finish_process()
        return code
    if args and args[0] in ("-h", "--help", "help"):
        sys.stdout.write(__doc__ or "")
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sepakat.settings")
    from django.core.management import execute_from_command_line

    _prepare_data_dir()

    execute_from_command_line(["sepakat", *_django_argv(args)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
