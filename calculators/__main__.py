"""Command line: `python -m calculators NAME` reads one JSON object on stdin and writes one JSON object on stdout.

Exit status: 0 for any verdict (pass, fail, review, not_applicable), 2 for invalid input, 1 when the engine
cannot run (parameters missing). Whatever the input, the output is one JSON object, never a traceback.
`python -m calculators --describe` prints every calculator's declared inputs.
"""

from __future__ import annotations

import sys
from typing import BinaryIO

from . import CALCULATORS, describe, invalid
from .inputs import error
from .jsonio import EXIT_INVALID, EXIT_VERDICT, answer, dumps

USAGE = (
    f"用法：python -m calculators NAME < input.json（NAME：{'、'.join(CALCULATORS)}）；python -m calculators --describe"
)


def main(argv: list[str], stdin: BinaryIO, stdout: BinaryIO) -> int:
    """Run the command line on raw bytes; returns the exit status."""
    if argv in (["-h"], ["--help"]):
        return _write(stdout, {"usage": USAGE, "calculators": list(CALCULATORS)}, EXIT_VERDICT)
    if argv == ["--describe"]:
        return _write(stdout, describe(), EXIT_VERDICT)
    if len(argv) != 1:
        return _write(stdout, invalid([error("calculator", f"请给出一个计算器名称。{USAGE}")]), EXIT_INVALID)
    raw = stdin.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _write(
            stdout, invalid([error("", "输入不是 UTF-8 编码的文本；请输入 UTF-8 编码的 JSON 对象")]), EXIT_INVALID
        )
    result, status = answer(argv[0], text)
    if status not in (EXIT_VERDICT, EXIT_INVALID):
        sys.stderr.write(result["errors"][0]["message"] + "\n")
    return _write(stdout, result, status)


def _write(stdout: BinaryIO, data: object, status: int) -> int:
    stdout.write((dumps(data) + "\n").encode("utf-8"))
    stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], sys.stdin.buffer, sys.stdout.buffer))
