"""Command line of the evaluation dashboard.

  manage.py init-db | seed-demo | create-user | set-password | list-users
  manage.py round create --year YEAR --name NAME [--english-name NAME] [--copy-from YEAR]
  manage.py round agencies --year YEAR --add NAME… | --remove NAME… | --file FILE
  manage.py round status --year YEAR 评估中|已完成
  manage.py round self-eval --year YEAR [--opens DATE] [--closes DATE]
  manage.py template KIND [--round YEAR] [--lang zh|en] -o FILE.xlsx
  manage.py import KIND FILE [--round YEAR] [--dry-run] [--lang zh|en] [--as USER]
  manage.py import surveys FILE --round YEAR [--questionnaire Q] [--agency NAME] [--dry-run]
  manage.py imports list | imports undo ID
  manage.py export scores --round YEAR [--long] [--format csv|json]
  manage.py export peers --type TYPE --year YEAR [--format csv|json]
  manage.py export rectifications [--round YEAR] [--as-of YYYY-MM-DD] [--format csv|json]
  manage.py export ledger --year YEAR [--format csv|json]
  manage.py export ratings --round YEAR [--format csv|json]
  manage.py round ratings-visibility --round YEAR named|anonymous
  manage.py export surveys --round YEAR [--format csv|json]
  manage.py briefing --round YEAR [--briefing NAME] [--lang zh|en] -o FILE.pdf

KIND: cities, agencies, staffing, history, personnel, workload, indicators and individual
(these two need --round), scores (the score sheet, needs --round). An import reads .xlsx,
.xls or .csv, checks every row and writes all rows or none: exit 0 with
'新增 N，更新 N，未变 N'; exit 1 listing every bad row by row and column. Writes are
recorded under --as USER (default: the operating-system user) as an administrator.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select

from data_access.db import (
    DatabaseNotMigrated,
    DatabaseUnavailable,
    check_connection,
    check_migrated,
    database_url,
    make_engine,
)
from data_access.migrate import upgrade_to_head
from data_access.models import Agency
from data_access.scope import AccessDenied, Principal
from data_access.users import (
    UserError,
    create_user,
    list_users,
    set_disabled,
    set_password,
    set_role,
)
from domain.catalog import translate
from domain.vocab import Role, RoundStatus

if TYPE_CHECKING:
    from data_access.imports import Kind


class CommandError(Exception):
    """A command failed in a way the user can fix; printed without a traceback."""


class Refusal(CommandError):
    """A refusal in the user's language (--lang), printed as it is."""


def _engine(args: argparse.Namespace, migrated: bool = True) -> Engine:
    """The database's engine; unless ``migrated`` is False (the commands that migrate), a
    database never migrated is refused with a message saying to run init-db."""
    engine = make_engine(args.database_url)
    check_connection(engine)
    if migrated:
        check_migrated(engine)
    return engine


def cmd_init_db(args: argparse.Namespace) -> int:
    engine = _engine(args, migrated=False)
    upgrade_to_head(engine)
    print(f"database migrated to head: {engine.url.render_as_string(hide_password=True)}")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from data_access.seed import SeedError, is_empty, seed_demo

    engine = _engine(args, migrated=False)
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
            actor=_principal(args).username,
        )
    print(f"user {args.username} created ({args.role})")
    return 0


def cmd_set_password(args: argparse.Namespace) -> int:
    engine = _engine(args)
    password = _password(args)
    with engine.begin() as conn:
        set_password(conn, args.username, password, actor=_principal(args).username)
    print(f"password of {args.username} changed")
    return 0


def cmd_user_role(args: argparse.Namespace) -> int:
    """A new role (and agency) for a user; every session of the user ends."""
    engine = _engine(args)
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
        set_role(conn, args.username, args.role, agency_id, actor=_principal(args).username)
    print(f"user {args.username} is now {args.role}; their sessions have ended")
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    """Disable a user (no sign-in, every session ends), or enable it again."""
    engine = _engine(args)
    with engine.begin() as conn:
        set_disabled(conn, args.username, not args.enable, actor=_principal(args).username)
    print(f"user {args.username} {'enabled' if args.enable else 'disabled'}")
    return 0


def cmd_list_users(args: argparse.Namespace) -> int:
    engine = _engine(args)
    for u in list_users(engine):
        flags = " demo" if u.is_demo else ""
        flags += " disabled" if u.disabled_at else ""
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


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from exc


def _principal(args: argparse.Namespace) -> Principal:
    """Who writes: --as USER, else the operating-system user, as an administrator."""
    name = getattr(args, "as_user", None)
    if not name:
        try:
            name = getpass.getuser()
        except (OSError, KeyError):
            name = "manage.py"
    return Principal(name, Role.ADMIN)


def _fail(lines: Sequence[str], lang: str, total: int | None = None, refused: bool = False) -> int:
    """Print every problem (at most MAX_ERRORS, then '… and N more') to stderr, and for an
    import that nothing was written; the exit status 1."""
    from data_access.imports import MAX_ERRORS

    for line in lines[:MAX_ERRORS]:
        print(line, file=sys.stderr)
    more = (len(lines) if total is None else total) - min(len(lines), MAX_ERRORS)
    if more > 0:
        print(translate("imp_errors_more", lang, n=more), file=sys.stderr)
    if refused:
        print(translate("imp_refused", lang), file=sys.stderr)
    return 1


def _kind_or_fail(name: str, lang: str) -> Kind | None:
    from data_access.imports import KINDS

    if name in KINDS or name == "scores":
        return KINDS.get(name)
    kinds = "、".join([*KINDS, "scores"])
    raise Refusal(translate("imp_unknown_kind", lang, kind=name, kinds=kinds))


def _year_round_id(engine: Engine, year: int | None, kind_title: str, lang: str) -> int:
    if year is None:
        raise Refusal(translate("imp_needs_round", lang, kind=kind_title))
    try:
        return _round_id(engine, year)
    except CommandError:
        raise Refusal(translate("imp_no_round", lang, year=year)) from None


def cmd_template(args: argparse.Namespace) -> int:
    from data_access.imports import build_template
    from data_access.score_sheets import build_score_template

    lang = args.lang
    kind = _kind_or_fail(args.kind, lang)
    engine = _engine(args)
    if kind is None:  # scores
        round_id = _year_round_id(engine, args.round, translate("page_sheets", lang), lang)
        data = build_score_template(engine, _principal(args), round_id, lang)
    else:
        if args.round is not None:
            _year_round_id(engine, args.round, kind.title(lang), lang)
        data = build_template(engine, _principal(args), kind, lang, round_year=args.round)
    try:
        with open(args.output, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise CommandError(f"cannot write {args.output}: {exc.strerror}") from exc
    print(translate("imp_template_written", lang, path=args.output))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from data_access.imports import MAX_ERRORS, ImportRefused, run_import
    from data_access.imports.preview import change_lines
    from data_access.rounds import RoundFrozen
    from data_access.score_sheets import ScoreSheetError, import_score_sheet

    lang = args.lang
    kind = _kind_or_fail(args.kind, lang)
    data = _read(args.file)
    engine, principal = _engine(args), _principal(args)
    name = os.path.basename(args.file)
    try:
        if kind is None:  # scores: the score-sheet importer
            title = translate("page_sheets", lang)
            round_id = _year_round_id(engine, args.round, title, lang)
            report = import_score_sheet(
                engine,
                round_id,
                data,
                actor=principal.username,
                lang=lang,
                dry_run=args.dry_run,
                filename=name,
            )
            summary, unchanged, details = report.summary(lang), report.nothing_changed, []
        elif kind.name == "surveys":  # 问卷星 exports: questionnaire and agency options
            from data_access.imports.surveys import run_survey_import

            survey = run_survey_import(
                engine,
                principal,
                data,
                name,
                round_year=args.round,
                questionnaire=args.questionnaire,
                agency=args.agency,
                lang=lang,
                dry_run=args.dry_run,
            )
            if not survey.ok:
                return _fail(survey.errors, lang, survey.error_count, refused=True)
            summary, unchanged = survey.summary(lang), survey.nothing_changed
            details = survey.report_lines(lang)
        else:
            result = run_import(
                engine,
                principal,
                kind,
                data,
                name,
                round_year=args.round,
                lang=lang,
                dry_run=args.dry_run,
            )
            if not result.ok:
                return _fail(result.errors, lang, result.error_count, refused=True)
            summary, unchanged = result.summary(lang), result.nothing_changed
            details = change_lines(result, kind, lang) if args.dry_run else []
    except ScoreSheetError as exc:
        return _fail(exc.errors, lang, exc.count, refused=True)
    except (ImportRefused, RoundFrozen, AccessDenied) as exc:
        raise Refusal(str(exc)) from exc
    for line in details[:MAX_ERRORS]:
        print(line)
    if len(details) > MAX_ERRORS:
        print(translate("imp_changes_more", lang, n=len(details) - MAX_ERRORS))
    print(summary)
    if unchanged:
        print(translate("imp_nothing_changed", lang))
    if args.dry_run:
        print(translate("imp_dry_run", lang))
    return 0


def cmd_imports(args: argparse.Namespace) -> int:
    from data_access.imports import ImportRefused, list_batches, undo

    lang, engine, principal = args.lang, _engine(args), _principal(args)
    if args.action == "undo":
        try:
            n = undo(engine, principal, args.id, lang)
        except (ImportRefused, AccessDenied) as exc:
            raise Refusal(str(exc)) from exc
        print(translate("imp_undone", lang, id=args.id, n=n))
        return 0
    keys = (
        "imp_col_batch",
        "imp_col_kind",
        "imp_col_file",
        "imp_col_user",
        "imp_col_at",
        "imp_col_new",
        "imp_col_changed",
        "imp_col_unchanged",
        "imp_col_undone",
    )
    print("\t".join(translate(k, lang) for k in keys))
    for b in list_batches(engine, principal).itertuples(index=False):
        undone = "" if b.undone_at is None or b.undone_at != b.undone_at else f"{b.undone_at:%F %T}"
        cells = (b.batch_id, b.kind, b.filename, b.username or "", f"{b.at:%F %T}")
        print("\t".join(str(c) for c in (*cells, b.new, b.changed, b.unchanged, undone)))
    return 0


def cmd_round(args: argparse.Namespace) -> int:
    from data_access import round_admin as ra

    lang, engine, principal = args.lang, _engine(args), _principal(args)
    try:
        if args.action == "create":
            made = ra.create_round(
                engine,
                args.year,
                args.name,
                principal=principal,
                name_en=args.english_name,
                copy_from=args.copy_from,
                lang=lang,
            )
            origin = (
                translate("rnd_origin_copy", lang, year=args.copy_from)
                if made.copied_from is not None
                else translate("rnd_origin_default", lang)
            )
            print(
                translate(
                    "rnd_created",
                    lang,
                    year=args.year,
                    name=args.name,
                    id=made.round_id,
                    indicators=made.indicators,
                    individual=made.individual,
                    origin=origin,
                )
            )
        elif args.action == "agencies":
            replace = ra.read_agency_names(_read(args.file), args.file, lang) if args.file else None
            done = ra.change_round_agencies(
                engine,
                args.year,
                principal=principal,
                add=args.add or (),
                remove=args.remove or (),
                replace=replace,
                lang=lang,
            )
            for name in done.added:
                print(translate("rnd_agency_added", lang, name=name))
            for name in done.removed:
                print(translate("rnd_agency_removed", lang, name=name))
            counts = {"added": len(done.added), "removed": len(done.removed)}
            print(translate("rnd_agencies", lang, total=done.total, **counts))
        elif args.action == "self-eval":
            return _self_eval_window(engine, args, principal)
        elif args.action == "ratings-visibility":
            return _ratings_visibility(engine, args, principal)
        else:
            ra.change_round_status(engine, args.year, args.status, principal=principal, lang=lang)
            label = RoundStatus(args.status).label(lang)
            print(translate("rnd_status_set", lang, year=args.year, status=label))
    except ra.RoundAdminError as exc:
        return _fail(exc.errors, lang)
    except AccessDenied as exc:
        raise Refusal(str(exc)) from exc
    return 0


def _self_eval_window(engine: Engine, args: argparse.Namespace, principal: Principal) -> int:
    """``round self-eval``: set the agencies' self-evaluation window (no date: no limit)."""
    from data_access import self_evaluation as se
    from views.self_evaluation import window_text

    try:
        se.set_self_evaluation_window(
            engine, args.year, args.opens, args.closes, principal=principal, lang=args.lang
        )
    except se.SelfEvaluationRefused as exc:
        return _fail(exc.errors, args.lang)
    window = se.SelfEvalWindow(0, args.year, "", "", args.opens, args.closes)
    text = window_text(window, args.lang)
    print(translate("se_window_set", args.lang, year=args.year, window=text))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from data_access.results import round_result
    from data_access.scope import SYSTEM
    from reports.score_export import LONG_COLUMNS, WIDE_COLUMNS, render, score_rows, score_rows_long

    engine = _engine(args)
    if args.what == "peers":
        return _export_peers(engine, args)
    if args.what in ("rectifications", "ledger"):
        return _export_rectifications(engine, args)
    if args.what == "ratings":
        return _export_ratings(engine, args)
    if args.what == "surveys":
        return _export_surveys(engine, args)
    if args.round is None:
        raise CommandError("export scores needs --round YEAR")
    # The command line reads as SYSTEM: every agency of the round.
    result = round_result(engine, SYSTEM, _round_id(engine, args.round))
    if args.long:
        sys.stdout.write(render(score_rows_long(result), LONG_COLUMNS, args.format))
    else:
        sys.stdout.write(render(score_rows(result), WIDE_COLUMNS, args.format))
    return 0


def cmd_briefing(args: argparse.Namespace) -> int:
    """briefing --round YEAR [--briefing NAME] -o FILE.pdf: the committee briefing as a PDF
    (without --briefing: the standard slides), recorded as an exported snapshot."""
    from data_access.queries import list_rounds
    from data_access.reader import Reader
    from data_access.scope import SYSTEM, RoundRef
    from reports.briefing_export import BriefingNotFound, export_briefing

    engine = _engine(args)
    rounds = list_rounds(engine, SYSTEM)
    found = rounds[rounds["year"] == args.round]
    if found.empty:
        raise Refusal(translate("br_err_round", args.lang, year=args.round))
    row = found.iloc[0]
    name_en = row.get("name_en")
    rnd = RoundRef(
        int(row["round_id"]),
        int(row["year"]),
        str(row["name"]),
        str(row["status"]),
        name_en if isinstance(name_en, str) and name_en else None,
    )
    who = _principal(args)
    try:
        done = export_briefing(Reader(engine, who), rnd, args.lang, args.briefing)
    except BriefingNotFound as exc:
        raise Refusal(str(exc)) from exc
    with open(args.output, "wb") as out:
        out.write(done.pdf)
    print(f"{args.output}: {len(done.payload['slides'])} slides, snapshot {done.snapshot_id}")
    return 0


def _export_peers(engine: Engine, args: argparse.Namespace) -> int:
    """export peers --type TYPE --year YEAR (contract: reports.peers)."""
    from data_access.reader import Reader
    from data_access.scope import SYSTEM
    from reports.peers import NoPeerFigures, export_peers, render_peers

    if args.type is None or args.year is None:
        raise CommandError("export peers needs --type TYPE and --year YEAR")
    try:
        rows, fit = export_peers(Reader(engine, SYSTEM), args.type, args.year)
    except NoPeerFigures as exc:
        raise CommandError(str(exc)) from exc
    sys.stdout.write(render_peers(rows, fit, args.format))
    return 0


def _export_surveys(engine: Engine, args: argparse.Namespace) -> int:
    """export surveys --round YEAR (contract: reports.surveys)."""
    from data_access.reader import Reader
    from data_access.scope import SYSTEM
    from reports.surveys import render_surveys, survey_rows

    if args.round is None:
        raise CommandError("export surveys needs --round YEAR")
    rows = survey_rows(Reader(engine, SYSTEM), _round_id(engine, args.round))
    sys.stdout.write(render_surveys(rows, args.format))
    return 0


def _export_rectifications(engine: Engine, args: argparse.Namespace) -> int:
    """export rectifications / export ledger (contract: reports.rectifications)."""
    from data_access.reader import Reader
    from data_access.scope import SYSTEM
    from reports import rectifications as rx

    reader = Reader(engine, SYSTEM)
    if args.what == "ledger":
        if args.year is None:
            raise CommandError("export ledger needs --year YEAR")
        rows = rx.ledger_rows(reader, args.year)
        sys.stdout.write(rx.render_rows(rows, rx.LEDGER_COLUMNS, args.format))
        return 0
    if args.round is not None:
        _round_id(engine, args.round)  # an unknown round is an error, not an empty export
    as_of = args.as_of or dt.date.today()
    rows = rx.rectification_rows(reader, args.round, as_of)
    sys.stdout.write(rx.render_rows(rows, rx.RECTIFICATION_COLUMNS, args.format))
    return 0


def _export_ratings(engine: Engine, args: argparse.Namespace) -> int:
    """export ratings --round YEAR (contract: reports.ratings)."""
    from data_access.reader import Reader
    from data_access.scope import SYSTEM
    from reports.ratings import rating_rows, render_ratings

    if args.round is None:
        raise CommandError("export ratings needs --round YEAR")
    rows = rating_rows(Reader(engine, SYSTEM), _round_id(engine, args.round))
    sys.stdout.write(render_ratings(rows, args.format))
    return 0


def _ratings_visibility(engine: Engine, args: argparse.Namespace, principal: Principal) -> int:
    """``round ratings-visibility``: whether agency users see the raters' names."""
    from data_access.rating_settings import RatingSettingError, set_ratings_visibility

    named = args.visibility == "named"
    try:
        set_ratings_visibility(engine, args.year, named, principal=principal, lang=args.lang)
    except RatingSettingError as exc:
        return _fail([str(exc)], args.lang)
    mode = translate("xr_visibility_named" if named else "xr_visibility_anonymous", args.lang)
    print(translate("xr_visibility_set", args.lang, year=args.year, mode=mode))
    return 0


def _user_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of messages")
    common.add_argument(
        "--as",
        dest="as_user",
        metavar="USER",
        help="who the write is recorded under (default: the operating-system user)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="manage.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
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
        p.add_argument(
            "--as",
            dest="as_user",
            metavar="USER",
            help="who the write is recorded under (default: the operating-system user)",
        )
    sub.add_parser("list-users", help="list users")
    p = sub.add_parser("user-role", help="change a user's role (ends the user's sessions)")
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=["leader", "staff", "agency", "admin"])
    p.add_argument("--agency", help="agency name or short name (role agency)")
    p.add_argument("--as", dest="as_user", metavar="USER", help="who the write is recorded under")
    p = sub.add_parser("user-disable", help="disable a user (ends the user's sessions)")
    p.add_argument("username")
    p.add_argument("--enable", action="store_true", help="enable the user again")
    p.add_argument("--as", dest="as_user", metavar="USER", help="who the write is recorded under")

    common = _user_options()
    kinds = (
        "cities, agencies, staffing, history, personnel, workload, indicators, individual, scores"
    )
    p = sub.add_parser("template", parents=[common], help="write the .xlsx template of a kind")
    p.add_argument("kind", metavar="KIND", help=kinds)
    p.add_argument("--round", type=int, metavar="YEAR", help="the round (indicators, scores)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="where to write")
    p = sub.add_parser(
        "import", parents=[common], help="import a file of a kind (.xlsx, .xls, .csv)"
    )
    p.add_argument("kind", metavar="KIND", help=kinds)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--round", type=int, metavar="YEAR", help="the round (indicators, scores)")
    p.add_argument("--dry-run", action="store_true", help="check and show changes, write nothing")
    p.add_argument(
        "--questionnaire",
        choices=["评估调查问卷", "满意度调查问卷"],
        help="surveys: the questionnaire of the file (default: named in the file name)",
    )
    p.add_argument(
        "--agency",
        metavar="NAME",
        help="surveys: the evaluated agency (default: the question naming 评价单位)",
    )
    p = sub.add_parser("imports", parents=[common], help="import batches: list, undo")
    actions = p.add_subparsers(dest="action", required=True)
    actions.add_parser("list", parents=[common], help="every import batch, newest first")
    undo = actions.add_parser("undo", parents=[common], help="restore the state before a batch")
    undo.add_argument("id", type=int, metavar="ID")

    p = sub.add_parser("round", help="evaluation rounds: create, agencies, status")
    actions = p.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", parents=[common], help="create a round (准备中)")
    create.add_argument("--year", type=int, required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--english-name", metavar="NAME")
    create.add_argument(
        "--copy-from",
        type=int,
        metavar="YEAR",
        help="copy the tree, individual indicators and configuration of that round "
        "(default: the shipped defaults)",
    )
    agencies = actions.add_parser(
        "agencies", parents=[common], help="choose the agencies a round evaluates"
    )
    agencies.add_argument("--year", type=int, required=True)
    which = agencies.add_mutually_exclusive_group(required=True)
    which.add_argument("--add", nargs="+", metavar="NAME", help="full or short names")
    which.add_argument("--remove", nargs="+", metavar="NAME", help="full or short names")
    which.add_argument("--file", metavar="FILE", help="the round's whole list (column 单位名称)")
    status = actions.add_parser(
        "status", parents=[common], help="set a round's status (已完成 freezes it)"
    )
    status.add_argument("--year", type=int, required=True)
    status.add_argument("status", choices=[s.value for s in RoundStatus], metavar="评估中|已完成")
    window = actions.add_parser(
        "self-eval", parents=[common], help="the agencies' self-evaluation window (自评填报)"
    )
    window.add_argument("--year", type=int, required=True)
    window.add_argument("--opens", type=dt.date.fromisoformat, metavar="YYYY-MM-DD")
    window.add_argument("--closes", type=dt.date.fromisoformat, metavar="YYYY-MM-DD")
    visibility = actions.add_parser(
        "ratings-visibility",
        parents=[common],
        help="外部评价: agency users see the raters named or anonymous (rater 1..n)",
    )
    visibility.add_argument("--round", "--year", dest="year", type=int, required=True)
    visibility.add_argument("visibility", choices=["named", "anonymous"])

    p = sub.add_parser("export", help="export to standard output")
    p.add_argument(
        "what", choices=["scores", "peers", "rectifications", "ledger", "surveys", "ratings"]
    )
    p.add_argument("--round", type=int, help="scores: the round's year")
    p.add_argument("--type", metavar="TYPE", help="peers: the agency type, e.g. 科技")
    p.add_argument(
        "--year", type=int, metavar="YEAR", help="peers: the year of the figures; ledger: the year"
    )
    p.add_argument("--long", action="store_true", help="every node and individual indicator")
    p.add_argument(
        "--as-of",
        dest="as_of",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="rectifications: the day overdue is judged on (default: today)",
    )
    p.add_argument("--format", choices=["csv", "json"], default="csv")

    p = sub.add_parser("briefing", parents=[common], help="the committee briefing as a PDF")
    p.add_argument("--round", type=int, required=True, metavar="YEAR")
    p.add_argument("--briefing", metavar="NAME", help="a saved briefing (default: standard)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    return parser


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init-db": cmd_init_db,
    "seed-demo": cmd_seed_demo,
    "create-user": cmd_create_user,
    "set-password": cmd_set_password,
    "list-users": cmd_list_users,
    "user-role": cmd_user_role,
    "user-disable": cmd_user_disable,
    "round": cmd_round,
    "template": cmd_template,
    "import": cmd_import,
    "imports": cmd_imports,
    "export": cmd_export,
    "briefing": cmd_briefing,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.database_url = database_url(args.database_url)
    try:
        return COMMANDS[args.command](args)
    except (DatabaseUnavailable, DatabaseNotMigrated) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Refusal as exc:
        print(exc, file=sys.stderr)
        return 1
    except (CommandError, UserError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
