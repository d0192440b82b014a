"""The `synthcomp` command.

With no subcommand it opens the Textual app, found through the
`synthcomp.frontends` entry point so that the engine never imports the TUI.
Errors a user can cause print one plain line and exit 1; a traceback appears
only with `--debug`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points

from engine import __version__
from engine.config import Settings
from engine.errors import SynthcompError

Handler = Callable[[argparse.Namespace, Settings], int]


def _global_options() -> argparse.ArgumentParser:
    """Options accepted both before and after the subcommand."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument(
        "--workspace",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="workspace folder (default: $SYNTHCOMP_WORKSPACE or the user data dir)",
    )
    p.add_argument(
        "--backend",
        choices=["scripted", "openai", "local"],
        default=argparse.SUPPRESS,
        help="model backend (default: $SYNTHCOMP_BACKEND or scripted)",
    )
    p.add_argument("--model", default=argparse.SUPPRESS, help="model name ($SYNTHCOMP_MODEL)")
    p.add_argument(
        "--base-url",
        default=argparse.SUPPRESS,
        help="OpenAI-compatible server URL ($SYNTHCOMP_BASE_URL)",
    )
    p.add_argument(
        "--model-path",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="GGUF file for --backend local ($SYNTHCOMP_MODEL_PATH; default: the shipped one)",
    )
    p.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks"
    )
    return p


def build_parser() -> argparse.ArgumentParser:
    common = _global_options()
    parser = argparse.ArgumentParser(
        prog="synthcomp",
        description="Create synthetic computers, simulate long productivity runs on them, "
        "judge the work. With no command, opens the terminal app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"synthcomp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    doctor = sub.add_parser(
        "doctor", parents=[common], help="check the workspace, model and LibreOffice"
    )
    doctor.set_defaults(handler=cmd_doctor)
    from engine.cli_runs import add_run_commands
    from engine.cli_worlds import add_world_commands

    add_world_commands(sub, common)

    add_run_commands(sub, common)
    return parser


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from engine.doctor import run_doctor

    report = asyncio.run(run_doctor(settings))
    marks = {"ok": "ok  ", "warn": "warn", "fail": "FAIL"}
    print(f"synthcomp {report.version} (Python {report.python})")
    width = max(len(c.name) for c in report.checks)
    for c in report.checks:
        print(f"  [{marks[c.status]}] {c.name:<{width}}  {c.detail}")
    return 0 if report.ok else 1


def cmd_open_app(args: argparse.Namespace, settings: Settings) -> int:
    frontends = {ep.name: ep for ep in entry_points(group="synthcomp.frontends")}
    if "tui" not in frontends:
        raise SynthcompError(
            "the terminal app is not installed; run a command such as `synthcomp doctor`"
        )
    run = frontends["tui"].load()
    return int(run(settings) or 0)


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings.resolve(
        workspace=getattr(args, "workspace", None),
        backend=getattr(args, "backend", None),
        model=getattr(args, "model", None),
        base_url=getattr(args, "base_url", None),
        model_path=getattr(args, "model_path", None),
        debug=getattr(args, "debug", False),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = getattr(args, "debug", False)
    try:
        settings = settings_from(args)
        handler: Handler = getattr(args, "handler", cmd_open_app)
        return handler(args, settings)
    except KeyboardInterrupt:
        print("synthcomp: interrupted", file=sys.stderr)
        return 130
    except SynthcompError as exc:
        if debug:
            raise
        print(f"synthcomp: error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        if debug:
            raise
        print(
            f"synthcomp: internal error: {exc.__class__.__name__}: {exc} "
            "(run again with --debug for the traceback)",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
