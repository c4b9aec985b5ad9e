"""The worked examples: tests/calculators/examples/<calculator>.yaml, the one source for every runner.

Each file is a list of cases `{name, input, expected}`: `expected` is the FULL output of
`calculators.run(<calculator>, input)`. The pytest runner (test_calculator_examples.py) and the Pyodide parity
runner both iterate `load_examples()`; a parity runner sends `request_json(example)` to
`calculators.browser.handle` and compares the parsed answer with `example.expected`.

`python tests/calculators/worked_examples.py --regenerate` rewrites every `expected` from the engine: only for
a deliberate change of wording or figures, and the diff must be read line by line before it is committed.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# Run as a script from anywhere, it imports the engine as `make install` installed it (editable: this work tree).
EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"


def calculator_names() -> tuple[str, ...]:
    """Every registered calculator (calculators/registry.py): each must have its examples file here."""
    from calculators import registry

    return tuple(registry.calculators())


CALCULATOR_NAMES = calculator_names()


class MissingExamples(Exception):
    """A registered calculator without tests/calculators/examples/NAME.yaml."""


@dataclass(frozen=True)
class Example:
    """One worked example."""

    calculator: str
    name: str
    input: Any
    expected: dict[str, Any]

    @property
    def id(self) -> str:
        """A readable test id, e.g. land: exactly 100 亩 passes."""
        return f"{self.calculator}: {self.name}"


def load_examples(names: tuple[str, ...] = CALCULATOR_NAMES) -> list[Example]:
    """Every worked example, file by file, in file order."""
    found = []
    for calculator in names:
        path = EXAMPLES_DIR / f"{calculator}.yaml"
        if not path.exists():
            raise MissingExamples(
                f"calculator {calculator!r} is registered but has no worked examples: add {path} "
                "(a list of {name, input} cases; then `python tests/calculators/worked_examples.py --regenerate` "
                "fills in each expected output, which you read and check line by line)"
            )
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            found.append(Example(calculator, case["name"], case["input"], case.get("expected", {})))
    return found


def request_json(example: Example) -> str:
    """The browser boundary's request for this example (what the Pyodide worker receives)."""
    return json.dumps({"calculator": example.calculator, "input": example.input}, ensure_ascii=False)


class _PlainDumper(yaml.SafeDumper):
    """Writes a repeated object (a plan finding's params, also under results) in full: no &anchors in examples."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _regenerate() -> None:
    import calculators

    for calculator in CALCULATOR_NAMES:
        path = EXAMPLES_DIR / f"{calculator}.yaml"
        header = "".join(
            line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if line.startswith("#")
        )
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in cases:
            case["expected"] = calculators.run(calculator, case["input"])
        body = yaml.dump(cases, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=1000)
        path.write_text(header + body, encoding="utf-8")
        print(f"{path}: {len(cases)} cases")


if __name__ == "__main__":
    if sys.argv[1:] != ["--regenerate"]:
        sys.exit(__doc__)
    _regenerate()
