"""The one boundary used by the Pyodide worker: JSON text in, JSON text out (no `js` imports needed).

handle('{"calculator": "land", "input": {...}}') -> verdict or error JSON text
handle('{"review": "rows" | "open" | "paper", …}') -> the review page's answers (calculators.review)
describe_json() -> every calculator's declared inputs, as JSON text
labels_json() -> Chinese labels for statuses and bases, as JSON text
"""

from __future__ import annotations

import contextlib

from . import ParametersMissing, describe, invalid, labels, review
from .inputs import error
from .jsonio import dumps, guarded, parse


def handle(request_json: str) -> str:
    """Answer one request {"calculator": NAME, "input": {...}} with the same JSON the command line prints."""
    request, problem = parse(request_json)
    if problem is not None:
        return dumps(problem)
    if isinstance(request, dict) and "review" in request:
        return dumps(review.answer(request))
    if not isinstance(request, dict) or "calculator" not in request or "input" not in request:
        return dumps(invalid([error("", '请求应为 {"calculator": 计算器名称, "input": {…}}')]))
    result, _ = guarded(str(request["calculator"]), request["input"])
    return dumps(result)


def describe_json() -> str:
    """describe() as JSON text."""
    return dumps(describe())


def labels_json() -> str:
    """labels() as JSON text."""
    return dumps(labels())


# Load the parameters now, so that a Pyodide memory snapshot taken after import already holds them. Not built
# yet: every calculator call reports it, naming the command that makes it.
with contextlib.suppress(ParametersMissing):
    describe_json()
