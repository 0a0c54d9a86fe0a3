"""Command line: ``python -m dshub <command>``.

validate                      check every content file and the catalogue's dummy CSVs; exit 1 with a
                              clear message if one is broken
init-db                       create or migrate the database to the newest schema (never drops data)
serve                         several app processes behind nginx (settings: see dshub/serve/supervisor.py)
nginx-conf --upstream HOST:PORT [--upstream ...] --listen ADDR [--resolver IP] [--tries N]
                              print nginx.conf for those app processes (regenerates deploy/nginx.conf,
                              see docs/deploy.md)
demo                          load (or refresh) the demo workshop and print its links
workshop create --title T --municipality M [--municipality M2 ...] [--date YYYY-MM-DD]
                [--modules game,ethics,...] [--kind workshop|assessment] [--scan quick|full|both]
                              create a workshop and print JSON with the join code and links; several
                              --municipality options make a regional session (each team picks its own)
workshop export CODE [--out FILE]
                              everything the session holds as one JSON document (AVG art. 15)
workshop delete CODE [--yes]  remove the session and everything it holds, in one transaction, after
                              typing the code again (or --yes); prints the rows removed per table
literacy CODE --out FILE [--format html|csv] [--lang nl|en]
                              the session as a record for the municipality's AI-literacy file (AI Act,
                              Article 4): printable HTML or CSV; counts only, no names (format: --format,
                              else from the file's suffix, else html)
paper CODE --out FILE [--lang nl|en] [--base-url URL]
                              paper answer sheets (PDF): one per team plus a blank one, each with a QR
                              code to its entry screen (see README, "Paper fallback")
purge [--dry-run]             delete every session older than DSHUB_RETENTION_DAYS (event date, else
                              created date); --dry-run only lists them
benchmark import FILE [--lang nl|en]
                              check a per-lab records file (CSV or .xlsx); store it when it has no
                              errors, else list every bad row and exit 1 (language: --lang, else
                              DSHUB_DEFAULT_LANG)
benchmark reset [--lang nl|en]
                              stop using loaded lab records; back to the survey estimates
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from dshub.config import settings


def _base_url(args) -> str:
    return (args.base_url or settings().base_url or "http://localhost:8501").rstrip("/")


def cmd_validate(args) -> int:
    from dshub.catalogue.content import Catalogue
    from dshub.catalogue.dummy import DUMMY_DIR, check_files
    from dshub.content import ContentError, load_content

    try:
        bundle = load_content(args.content_dir or settings().content_dir)
    except ContentError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    # The catalogue's dummy CSVs live in data/catalogue/: each must match the columns its entry describes.
    dummy_dir = Path(args.dummy_dir) if args.dummy_dir else DUMMY_DIR
    problems = [p for c in bundle.of_kind(Catalogue) for p in check_files(c, dummy_dir, bundle.sources[c.id].name)]
    if problems:
        print(ContentError(problems).message, file=sys.stderr)
        return 1
    for cid, item in sorted(bundle.files.items()):
        print(f"ok  {bundle.sources[cid].name}: {item.kind} {cid} v{item.version}")
    for c in bundle.of_kind(Catalogue):
        print(f"ok  {dummy_dir}: {len(c.entries)} dummy datasets match their entries in {bundle.sources[c.id].name}")
    from dshub.geo import GeoDataError, boundaries
    from dshub.geo.centres import CENTRES_FILE, load_data_centres

    try:
        centres = load_data_centres(CENTRES_FILE)
    except GeoDataError as exc:
        print(f"Content problem:\n- {exc}", file=sys.stderr)
        return 1
    print(
        f"ok  {CENTRES_FILE.name}: {len(centres.centres)} CBS data centres on {len(boundaries().municipalities)} "
        "municipalities"
    )
    return 0


def cmd_init_db(args) -> int:
    from dshub.store.migrate import upgrade

    upgrade(settings().database_url)
    print("database is up to date")
    return 0


def cmd_serve(args) -> int:
    from dshub.serve.supervisor import main

    return main()


def cmd_nginx_conf(args) -> int:
    from dshub.serve.nginx import render

    print(render(upstreams=args.upstream, listen=args.listen, resolver=args.resolver, tries=args.tries), end="")
    return 0


def _db():
    from dshub.store.db import Database
    from dshub.store.migrate import upgrade

    url = settings().database_url
    upgrade(url)
    return Database(url)


def cmd_demo(args) -> int:
    from dshub.content import load_content
    from dshub.maturity.content import MaturityModel
    from dshub.services.demo import load_demo

    model = load_content(settings().content_dir).get("maturity", MaturityModel)
    demo = load_demo(_db(), _base_url(args), model)
    print(
        json.dumps(
            {
                "created": demo.created,
                "join_code": demo.code,
                "join_url": demo.links.join_url,
                "facilitator_url": demo.links.facilitator_url,
                "results_url": demo.results_url,
            },
            indent=2,
        )
    )
    return 0


def cmd_workshop_create(args) -> int:
    from dshub.errors import UserError
    from dshub.i18n import t
    from dshub.services import maturity, workshops

    modules = [m.strip() for m in args.modules.split(",")] if args.modules else list(workshops.MODULES)
    try:
        date = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError:
        print(f"--date must look like 2026-11-23, not {args.date!r}", file=sys.stderr)
        return 2
    try:
        first, *more = args.municipality
        created = workshops.create_workshop(
            _db(),
            title=args.title,
            municipality=first,
            municipalities=more,
            event_date=date,
            modules=modules,
            kind=args.kind,
            settings={"scan": args.scan} if args.scan else None,
            base_url=_base_url(args),
        )
    except UserError as exc:
        print(t(exc.key, args.lang, **exc.params), file=sys.stderr)
        return 2
    ws = created.workshop
    print(
        json.dumps(
            {
                "join_code": ws.code,
                "join_url": created.links.join_url,
                "facilitator_url": created.links.facilitator_url,
                "title": ws.title,
                "municipality": ws.municipality,
                "municipalities": [m.name for m in created.municipalities],
                "kind": ws.kind,
                "modules": list(ws.modules),
                "scan": maturity.scan_setting(ws),
                "expires_at": ws.expires_at.isoformat(),
            },
            indent=2,
        )
    )
    return 0


def cmd_workshop_export(args) -> int:
    from dshub.errors import UserError
    from dshub.i18n import t
    from dshub.services import privacy

    try:
        document = privacy.export_session(_db(), args.code, base_url=_base_url(args))
    except UserError as exc:
        print(t(exc.key, _lang(args), **exc.params), file=sys.stderr)
        return 2
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if args.out:
        from pathlib import Path

        Path(args.out).write_text(text + "\n", encoding="utf-8")
        print(t("privacy.cli.exported", _lang(args), code=document["code"], path=args.out), file=sys.stderr)
    else:
        print(text)
    return 0


def _session_file(args, build, render, prefix: str, fmt: str = "pdf") -> int:
    """A file about one session (``args.code``) written to ``args.out``: ``build(db, content, code)`` reads
    it, ``render(built)`` makes the bytes. Each step that can fail says so in the user's language (texts
    ``<prefix>.cli.cannot_make`` / ``cannot_write`` / ``written``), never with a traceback."""
    from pathlib import Path

    from dshub.content import ContentError, load_content
    from dshub.errors import UserError
    from dshub.i18n import t

    lang = _lang(args)
    out = Path(args.out)
    try:
        content = load_content(settings().content_dir)
    except ContentError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    try:
        built = build(_db(), content, args.code)
    except UserError as exc:
        print(t(exc.key, lang, **exc.params), file=sys.stderr)
        return 2
    try:
        data = render(built, lang)
    except Exception as exc:  # e.g. a PDF without WeasyPrint's system libraries (Pango): say so, no traceback
        print(t(f"{prefix}.cli.cannot_make", lang, format=fmt.upper(), reason=exc), file=sys.stderr)
        return 1
    try:
        out.write_bytes(data)
    except OSError as exc:
        print(t(f"{prefix}.cli.cannot_write", lang, path=out, reason=exc.strerror or exc), file=sys.stderr)
        return 2
    print(t(f"{prefix}.cli.written", lang, code=built.code, path=out), file=sys.stderr)
    return 0


def cmd_literacy(args) -> int:
    from pathlib import Path

    from dshub.reports import literacy as report
    from dshub.services import literacy

    fmt = args.format or {".csv": "csv", ".pdf": "pdf"}.get(Path(args.out).suffix.lower(), "html")
    return _session_file(
        args, literacy.record_for_code, lambda record, lang: report.render(record, fmt, lang), "literacy", fmt
    )


def cmd_paper(args) -> int:
    from dshub.reports import paper as report
    from dshub.services import paper

    return _session_file(
        args,
        lambda db, content, code: paper.sheets_for_code(db, content, code, _base_url(args)),
        report.render_pdf,
        "paper",
    )


def _print_counts(counts: dict[str, int]) -> None:
    for table, n in counts.items():
        print(f"  {table}: {n}")


def cmd_workshop_delete(args) -> int:
    from dshub.errors import UserError
    from dshub.i18n import t
    from dshub.services import privacy

    lang = _lang(args)
    code = args.code.strip().upper()
    if not args.yes:
        try:
            typed = input(t("privacy.cli.confirm", lang, code=code))
        except EOFError:
            typed = ""
        if typed.strip().upper() != code:
            print(t("privacy.cli.not_confirmed", lang), file=sys.stderr)
            return 1
    try:
        counts = privacy.delete_session(_db(), code)
    except UserError as exc:
        print(t(exc.key, lang, **exc.params), file=sys.stderr)
        return 2
    print(t("privacy.cli.deleted", lang, code=code))
    _print_counts(counts)
    return 0


def cmd_purge(args) -> int:
    from dshub.i18n import t
    from dshub.services import privacy

    lang = _lang(args)
    days = settings().retention_days
    if not days:
        print(t("privacy.cli.retention_off", lang), file=sys.stderr)
        return 2
    removed = privacy.purge(_db(), days, dry_run=args.dry_run)
    print(t("privacy.cli.purge_dry_run" if args.dry_run else "privacy.cli.purged", lang, n=len(removed), days=days))
    for code, counts in removed.items():
        print(code)
        _print_counts(counts)
    return 0


def cmd_benchmark_import(args) -> int:
    from pathlib import Path

    from dshub.benchmarks import format_import_report
    from dshub.i18n import t
    from dshub.services import benchmarks

    lang = _lang(args)
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = {
            FileNotFoundError: "not_found",
            PermissionError: "no_permission",
            IsADirectoryError: "is_directory",
        }.get(type(exc), "other")
        print(
            t(
                "benchmarks.cli.cannot_read",
                lang,
                path=path,
                reason=t(f"benchmarks.cli.cannot_read.{reason}", lang, detail=exc.strerror or exc),
            ),
            file=sys.stderr,
        )
        return 2
    result = benchmarks.import_dataset(_db(), data, path.name)
    print(format_import_report(result, lang))
    if not result.ok:
        return 1
    print(t("benchmarks.cli.stored", lang))
    return 0


def _lang(args) -> str:
    """--lang, else DSHUB_DEFAULT_LANG (default nl)."""
    return args.lang or settings().default_lang


def cmd_benchmark_reset(args) -> int:
    from dshub.i18n import t
    from dshub.services import benchmarks

    print(t("benchmarks.cli.reset", _lang(args), n=benchmarks.deactivate_datasets(_db())))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dshub", description="dshub command line")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check all content files")
    p.add_argument("--content-dir", help="folder with the YAML files (default: questionnaires/)")
    p.add_argument("--dummy-dir", help="folder with the catalogue's dummy CSVs (default: data/catalogue/)")
    p.set_defaults(func=cmd_validate)
    sub.add_parser("init-db", help="create or migrate the database").set_defaults(func=cmd_init_db)
    sub.add_parser("serve", help="run several app processes behind nginx (scripts/serve)").set_defaults(func=cmd_serve)
    p = sub.add_parser("nginx-conf", help="print nginx.conf for the given app processes (deploy/nginx.conf)")
    p.add_argument(
        "--upstream",
        action="append",
        required=True,
        metavar="HOST:PORT",
        help="an app process (repeat for several; a name with --resolver: all its addresses)",
    )
    p.add_argument("--listen", required=True, help="nginx's listen address, e.g. 8501 or 0.0.0.0:8501")
    p.add_argument(
        "--resolver",
        help="DNS server that resolves upstream names again while nginx runs "
        "(containers: 127.0.0.11); needs nginx >= 1.27.3",
    )
    p.add_argument(
        "--tries", type=int, help="how many processes one request may try (default: one per --upstream, at least 2)"
    )
    p.set_defaults(func=cmd_nginx_conf)
    p = sub.add_parser("demo", help="load the demo workshop")
    p.add_argument("--base-url", help="public base URL for links (default: DSHUB_BASE_URL or localhost)")
    p.set_defaults(func=cmd_demo)
    ws = sub.add_parser("workshop", help="workshop commands").add_subparsers(dest="workshop_command", required=True)
    p = ws.add_parser("create", help="create a workshop and print its links as JSON")
    p.add_argument("--title", required=True)
    p.add_argument(
        "--municipality",
        action="append",
        required=True,
        help="the municipality; repeat it for a regional session (at most 20)",
    )
    p.add_argument("--date", help="event date, YYYY-MM-DD")
    p.add_argument("--modules", help="comma-separated: game,ethics,maturity,benchmark (default: all)")
    p.add_argument("--kind", default="workshop", choices=["workshop", "assessment"])
    p.add_argument(
        "--scan",
        choices=["quick", "full", "both"],
        help="maturity scan: quick, full, or both (each team chooses); "
        "default: quick for a workshop, full for a self-assessment",
    )
    p.add_argument("--base-url")
    p.add_argument("--lang", default="en", choices=["nl", "en"], help="language of error messages")
    p.set_defaults(func=cmd_workshop_create)
    p = ws.add_parser("export", help="print everything a session holds as one JSON document")
    p.add_argument("code", help="the session's join code")
    p.add_argument("--out", help="write the JSON to this file instead of standard output")
    p.add_argument("--base-url")
    p.add_argument("--lang", choices=["nl", "en"], help="language of messages (default: DSHUB_DEFAULT_LANG, else nl)")
    p.set_defaults(func=cmd_workshop_export)
    p = ws.add_parser("delete", help="remove a session and everything it holds")
    p.add_argument("code", help="the session's join code")
    p.add_argument("--yes", action="store_true", help="do not ask to type the code again")
    p.add_argument("--lang", choices=["nl", "en"], help="language of messages (default: DSHUB_DEFAULT_LANG, else nl)")
    p.set_defaults(func=cmd_workshop_delete)
    p = sub.add_parser("literacy", help="the session as a record for the AI-literacy file (AI Act, Article 4)")
    p.add_argument("code", help="the session's join code")
    p.add_argument("--out", required=True, help="the file to write (an existing file is replaced)")
    p.add_argument(
        "--format",
        choices=["html", "csv", "pdf"],
        help="html (printable), csv or pdf (default: from the file's suffix .csv or .pdf, else html)",
    )
    p.add_argument(
        "--lang",
        choices=["nl", "en"],
        help="language of the record and messages (default: DSHUB_DEFAULT_LANG, else nl)",
    )
    p.set_defaults(func=cmd_literacy)
    p = sub.add_parser("paper", help="paper answer sheets (PDF) for a session: one per team, plus a blank one")
    p.add_argument("code", help="the session's join code")
    p.add_argument("--out", required=True, help="the PDF file to write (an existing file is replaced)")
    p.add_argument(
        "--lang",
        choices=["nl", "en"],
        help="language of the sheets and messages (default: DSHUB_DEFAULT_LANG, else nl)",
    )
    p.add_argument("--base-url", help="public address for the QR codes (default: DSHUB_BASE_URL)")
    p.set_defaults(func=cmd_paper)
    p = sub.add_parser("purge", help="delete sessions older than DSHUB_RETENTION_DAYS")
    p.add_argument("--dry-run", action="store_true", help="only list what would be deleted")
    p.add_argument("--lang", choices=["nl", "en"], help="language of messages (default: DSHUB_DEFAULT_LANG, else nl)")
    p.set_defaults(func=cmd_purge)
    bm = sub.add_parser("benchmark", help="benchmark lab records").add_subparsers(
        dest="benchmark_command", required=True
    )
    p = bm.add_parser("import", help="check a lab-records file and store it when it has no errors")
    p.add_argument("file", help="CSV (comma, semicolon or tab) or .xlsx; see data/benchmarks/README.md")
    p.add_argument(
        "--lang",
        choices=["nl", "en"],
        help="language of the report and messages (default: DSHUB_DEFAULT_LANG, else nl)",
    )
    p.set_defaults(func=cmd_benchmark_import)
    p = bm.add_parser("reset", help="stop using loaded lab records (back to the survey estimates)")
    p.add_argument(
        "--lang", choices=["nl", "en"], help="language of the message (default: DSHUB_DEFAULT_LANG, else nl)"
    )
    p.set_defaults(func=cmd_benchmark_reset)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    problems = settings().problems
    if problems:  # a malformed setting: say which, no traceback, do nothing
        for problem in problems:
            print(problem, file=sys.stderr)
        return 2
    return args.func(args)
