"""How the GitHub Actions runner reads workflow commands from a step's output, in Python.

Written from the runner's behaviour (actions/runner, ActionCommand.TryParseV2 / TryParse and
ActionCommandManager): output is split into lines at CR, LF and CRLF; a line is a command when,
after leading white space, it starts with ``::name`` (name registered) and has a second ``::``;
otherwise an old-style ``##[name ...]`` anywhere in the line is a command. Values are unescaped
by plain replacements in the runner's order. Tests use it to prove what the runner would do
with prdlint's output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Every command the runner knows (a name outside this set is not a command at all).
REGISTERED = frozenset(
    {
        "add-mask", "add-matcher", "add-path", "debug", "echo", "endgroup", "error", "group", "notice",
        "remove-matcher", "save-state", "set-env", "set-output", "stop-commands", "warning",
    }
)
DATA_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
PROPERTY_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))
LEGACY_ESCAPES = (("%3B", ";"), ("%0D", "\r"), ("%0A", "\n"), ("%5D", "]"), ("%25", "%"))


@dataclass
class Command:
    name: str
    properties: dict[str, str] = field(default_factory=dict)
    data: str = ""
    legacy: bool = False


def unescape(value: str, table: tuple[tuple[str, str], ...]) -> str:
    for escaped, plain in table:
        value = value.replace(escaped, plain)
    return value


def runner_lines(output: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", output)


def parse_v2(line: str, registered: frozenset[str] = REGISTERED) -> Command | None:
    message = line.lstrip()
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    info = message[2:end]
    name = info.split(" ", 1)[0]
    if name.lower() not in registered:
        return None
    command = Command(name.lower())
    if " " in info:
        for item in info.split(" ", 1)[1].strip().split(","):
            if not item:
                continue
            pair = [part for part in item.split("=", 1) if part]
            if len(pair) == 2:
                command.properties[pair[0]] = unescape(pair[1], PROPERTY_ESCAPES)
    command.data = unescape(message[end + 2 :], DATA_ESCAPES)
    return command


def parse_legacy(line: str, registered: frozenset[str] = REGISTERED) -> Command | None:
    start = line.find("##[")
    if start < 0:
        return None
    close = line.find("]", start)
    if close < 0:
        return None
    info = line[start + 3 : close]
    name = info.split(" ", 1)[0]
    if name.lower() not in registered:
        return None
    return Command(name.lower(), data=unescape(line[close + 1 :], LEGACY_ESCAPES), legacy=True)


def commands_in(output: str, registered: frozenset[str] = REGISTERED) -> list[Command | None]:
    """For each line of ``output``, the command the runner would run (None for plain text).

    Honours ``::stop-commands::TOKEN`` ... ``::TOKEN::`` as the runner does.
    """
    found: list[Command | None] = []
    stop_token: str | None = None
    for line in runner_lines(output):
        names = registered | ({stop_token.lower()} if stop_token else set())
        command = parse_v2(line, frozenset(names)) or parse_legacy(line, frozenset(names))
        if stop_token is not None:
            if command is not None and command.name == stop_token.lower():
                stop_token = None
                found.append(command)
            else:
                found.append(None)
            continue
        if command is not None and command.name == "stop-commands":
            stop_token = command.data
        found.append(command)
    return found
