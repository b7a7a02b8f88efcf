"""Command line: init-db, seed-demo, users, import and export."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence

from sqlalchemy import Engine, select

from data_access.db import DatabaseUnavailable, check_connection, database_url, make_engine
from data_access.migrate import upgrade_to_head
from data_access.models import Agency
from data_access.users import UserError, create_user, list_users, set_password


class CommandError(Exception):
    """A command failed in a way the user can fix; printed without a traceback."""


def _engine(args: argparse.Namespace) -> Engine:
    engine = make_engine(args.database_url)
    check_connection(engine)
    return engine


def cmd_init_db(args: argparse.Namespace) -> int:
    engine = _engine(args)
    upgrade_to_head(engine)
    print(f"database migrated to head: {engine.url.render_as_string(hide_password=True)}")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from data_access.seed import SeedError, is_empty, seed_demo

    engine = _engine(args)
    upgrade_to_head(engine)
    if args.if_empty and not is_empty(engine):
        print("database already holds data; demo data not loaded")
        return 0
    try:
        counts = seed_demo(engine, reset=args.reset)
    except SeedError as exc:
        raise CommandError(str(exc)) from exc
    print("demo data loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items() if v))
    return 0


def _password(args: argparse.Namespace) -> str:
    if args.password_env:
        value = os.environ.get(args.password_env)
        if not value:
            raise CommandError(f"environment variable {args.password_env} is empty")
        return value
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if first != getpass.getpass("again: "):
        raise CommandError("passwords differ")
    return first


def cmd_create_user(args: argparse.Namespace) -> int:
    engine = _engine(args)
    password = _password(args)
    with engine.begin() as conn:
        agency_id = None
        if args.agency:
            agency_id = conn.execute(
                select(Agency.id).where(
                    (Agency.name == args.agency) | (Agency.short_name == args.agency)
                )
            ).scalar()
            if agency_id is None:
                raise CommandError(f"no agency named {args.agency!r}")
        create_user(
            conn,
            args.username,
            args.name or args.username,
            args.role,
            password,
            agency_id=agency_id,
            actor="manage.py",
        )
    print(f"user {args.username} created ({args.role})")
    return 0


def cmd_set_password(args: argparse.Namespace) -> int:
    engine = _engine(args)
    password = _password(args)
    with engine.begin() as conn:
        set_password(conn, args.username, password, actor="manage.py")
    print(f"password of {args.username} changed")
    return 0


def cmd_list_users(args: argparse.Namespace) -> int:
    engine = _engine(args)
    for u in list_users(engine):
        flags = " demo" if u.is_demo else ""
        locked = f" locked-until={u.locked_until:%Y-%m-%d %H:%M}" if u.locked_until else ""
        print(f"{u.username}\t{u.role}\t{u.display_name}\t{u.agency_name or ''}{flags}{locked}")
    return 0


def _round_id(engine: Engine, year: int) -> int:
    from data_access.models import EvaluationRound

    with engine.connect() as conn:
        round_id = conn.execute(
            select(EvaluationRound.id).where(EvaluationRound.year == year)
        ).scalar()
    if round_id is None:
        raise CommandError(f"no evaluation round for {year}")
    return int(round_id)


def cmd_import(args: argparse.Namespace) -> int:
    from data_access.score_sheets import RoundFrozen, ScoreSheetError, import_score_sheet

    engine = _engine(args)
    round_id = _round_id(engine, args.round)
    try:
        with open(args.file, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise CommandError(f"cannot read {args.file}: {exc.strerror}") from exc
    try:
        report = import_score_sheet(engine, round_id, data, actor="manage.py", lang=args.lang)
    except ScoreSheetError as exc:
        for line in exc.errors:
            print(line, file=sys.stderr)
        head = "导入失败，未写入任何数据" if args.lang == "zh" else "import failed, nothing written"
        raise CommandError(f"{head} ({len(exc.errors)})") from exc
    except RoundFrozen as exc:
        raise CommandError(str(exc)) from exc
    print(
        f"imported {report.rows} rows for {report.agencies} agencies "
        f"({report.inserted} new, {report.updated} replaced)"
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from data_access.results import round_result
    from data_access.scope import SYSTEM
    from reports.score_export import LONG_COLUMNS, WIDE_COLUMNS, render, score_rows, score_rows_long

    engine = _engine(args)
    # The command line reads as SYSTEM: every agency of the round.
    result = round_result(engine, SYSTEM, _round_id(engine, args.round))
    if args.long:
        sys.stdout.write(render(score_rows_long(result), LONG_COLUMNS, args.format))
    else:
        sys.stdout.write(render(score_rows(result), WIDE_COLUMNS, args.format))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="manage.py", description=__doc__)
    parser.add_argument(
        "--database-url",
        default=None,
        help="overrides DATABASE_URL (default: SQLite file under data/)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("init-db", help="migrate the database to the newest schema")
    p = sub.add_parser("seed-demo", help="load the demo data")
    p.add_argument("--reset", action="store_true", help="delete all data first")
    p.add_argument("--if-empty", action="store_true", help="only when the database is empty")

    for name, help_text in (
        ("create-user", "create a user"),
        ("set-password", "change a password"),
    ):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("username")
        if name == "create-user":
            p.add_argument("--role", required=True, choices=["leader", "staff", "agency", "admin"])
            p.add_argument("--name", help="display name")
            p.add_argument("--agency", help="agency name or short name (role agency)")
        p.add_argument(
            "--password-env",
            help="read the password from this environment variable "
            "(else from standard input or a prompt)",
        )
    sub.add_parser("list-users", help="list users")

    p = sub.add_parser("import", help="import data files")
    p.add_argument("what", choices=["scores"], help="scores: a filled score-sheet workbook")
    p.add_argument("file")
    p.add_argument("--round", type=int, required=True, help="the round's year")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of errors")
    p = sub.add_parser("export", help="export to standard output")
    p.add_argument("what", choices=["scores"])
    p.add_argument("--round", type=int, required=True, help="the round's year")
    p.add_argument("--long", action="store_true", help="every node and individual indicator")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    return parser


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init-db": cmd_init_db,
    "seed-demo": cmd_seed_demo,
    "create-user": cmd_create_user,
    "set-password": cmd_set_password,
    "list-users": cmd_list_users,
    "import": cmd_import,
    "export": cmd_export,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.database_url = database_url(args.database_url)
    try:
        return COMMANDS[args.command](args)
    except DatabaseUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (CommandError, UserError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
