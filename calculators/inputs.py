"""Declared inputs: one spec per field, used both to describe forms and to validate payloads.

Because forms (describe()) and validation read the same Field objects, they never disagree.
Validation collects every problem at once, each with its field path (e.g. `tenants[3].area`) and a Chinese
message that says what is wrong and what is expected.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .numbers import NumberError, exact_text, parse_number, type_name

MAX_TEXT = 200


@dataclass(frozen=True)
class Option:
    """One choice of a select field."""

    value: str
    label: str
    group: str = ""  # e.g. the city a county belongs to


@dataclass(frozen=True)
class Field:
    """One input field, a table column, or a sub-object (plan)."""

    key: str
    label: str
    type: str  # "number" | "select" | "boolean" | "text" | "table" | "object" | "document" (any JSON object, as is)
    help: str
    clause: int | None = None
    unit: str = ""
    required: bool = False
    default: Any = None
    min: Fraction | None = None
    exclusive_min: Fraction | None = None
    max: Fraction | None = None
    example: str = ""  # shown as a placeholder and in error messages
    options: tuple[Option, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()  # other accepted spellings → option value
    columns: tuple[Field, ...] = ()  # table rows
    fields: tuple[Field, ...] = ()  # object members
    row_noun: str = "行"  # tables: "家企业" → messages say 第 3 家企业
    max_rows: int = 0
    suggest: Callable[[str], str] | None = field(default=None, compare=False)  # unknown value → a hint
    # text: the value as the engine uses it (a date as written → 2022-06-01), or ValueError saying what is accepted
    normalise: Callable[[str], str] | None = field(default=None, compare=False)
    # a contract term (clause 八): the term it states, e.g. 自持比例 (the page's 合同约定 import reads these fields),
    # and the key of its sibling yes/no "合同未约定" mark, the only input that yields 合同未约定
    term: str = ""
    mark: str = ""

    def to_json(self) -> dict[str, Any]:
        """The field as a form description (see calculators.describe)."""
        default = _json_number(self.default) if isinstance(self.default, Fraction) else self.default
        data: dict[str, Any] = {
            "key": self.key,
            "label": self.label,
            "type": self.type,
            "unit": self.unit,
            "help": self.help,
            "required": self.required,
            "default": default,
            "clause": self.clause,
            "example": self.example,
        }
        for bound in ("min", "exclusive_min", "max"):
            value = getattr(self, bound)
            if value is not None:
                data[bound] = _json_number(value)
        if self.term:
            data["term"] = self.term
        if self.mark:
            data["mark"] = self.mark
        if self.options:
            data["options"] = [
                {"value": o.value, "label": o.label, **({"group": o.group} if o.group else {})} for o in self.options
            ]
        if self.aliases:
            data["aliases"] = dict(self.aliases)
        if self.columns:
            data["columns"] = [column.to_json() for column in self.columns]
            data["max_rows"] = self.max_rows
        if self.fields:
            data["fields"] = [member.to_json() for member in self.fields]
        return data


Errors = list[dict[str, str]]


SQUARE_METRE = "平方米"


def floor_area(
    key: str,
    label: str,
    help_text: str,
    example: str,
    *,
    clause: int | None = None,
    required: bool = True,
    zero: bool = False,
) -> Field:
    """A building area in square metres, as every calculator asks for one: above zero, or at least zero when a
    part may be empty (`zero`)."""
    zero_bound = Fraction(0)
    return Field(
        key,
        label,
        "number",
        help_text,
        clause=clause,
        unit=SQUARE_METRE,
        required=required,
        example=example,
        min=zero_bound if zero else None,
        exclusive_min=None if zero else zero_bound,
    )


def error(path: str, message: str) -> dict[str, str]:
    """One invalid-input entry."""
    return {"field": path, "message": message}


def validate(
    fields: tuple[Field, ...], payload: object, prefix: str = "", what: str = "输入"
) -> tuple[dict[str, Any], Errors]:
    """Check a payload against field specs; returns the clean values (numbers as Fractions) and every error."""
    if not isinstance(payload, Mapping):
        nothing = {spec.key: None for spec in fields}
        return nothing, [error(prefix, f"{what}应为一个 JSON 对象（{{…}}），收到的是{type_name(payload)}")]
    errors: Errors = []
    known = {spec.key for spec in fields}
    for key in payload:
        if key not in known:
            errors.append(error(_join(prefix, str(key)), _unknown_key(str(key), fields)))
    values: dict[str, Any] = {}
    for spec in fields:
        path = _join(prefix, spec.key)
        raw = payload.get(spec.key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):  # a form's empty box means "not given"
            if spec.required:
                errors.append(error(path, _missing(spec)))
            values[spec.key] = spec.default
            continue
        before = len(errors)
        values[spec.key] = _check(spec, raw, path, errors)
        if values[spec.key] is None and spec.required and len(errors) == before:  # e.g. an empty table
            errors.append(error(path, _missing(spec)))
    return values, errors


def _check(spec: Field, raw: object, path: str, errors: Errors) -> Any:
    checker = {
        "number": _number,
        "select": _select,
        "boolean": _boolean,
        "text": _text,
        "table": _table,
        "object": _object,
        "document": _document,
    }[spec.type]
    return checker(spec, raw, path, errors)


PERCENT_SIGNS = ("%", "％")
# A unit typed after the number, as people write it ("1.2万平方米" in a field in 平方米): the other spellings of a unit.
UNIT_SPELLINGS = {SQUARE_METRE: ("平方米", "㎡", "m²", "m2"), "元/平方米": ("元/平方米", "元/㎡", "元/m²", "元")}


def _number(spec: Field, raw: object, path: str, errors: Errors) -> Fraction | None:
    # A percentage field takes "60%" as 60, as people write it (the field's unit is already %).
    if spec.unit == "%" and isinstance(raw, str) and raw.strip().endswith(PERCENT_SIGNS):
        raw = raw.strip()[:-1]
    if spec.unit and isinstance(raw, str):
        unit = next((u for u in UNIT_SPELLINGS.get(spec.unit, (spec.unit,)) if raw.strip().endswith(u)), "")
        raw = raw.strip()[: len(raw.strip()) - len(unit)]
    try:
        value = parse_number(raw)
    except NumberError as exc:
        errors.append(error(path, f"{spec.label}{exc}；请输入数字{_for_example(spec)}"))
        return None
    if spec.exclusive_min is not None and value <= spec.exclusive_min:
        expected = "正数" if spec.exclusive_min == 0 else f"大于 {_text_of(spec.exclusive_min)} 的数"
        errors.append(
            error(path, f"{spec.label}必须大于 {_text_of(spec.exclusive_min)}，请输入{expected}{_for_example(spec)}")
        )
    elif spec.min is not None and value < spec.min:
        errors.append(
            error(
                path,
                f"{spec.label}不能小于 {_text_of(spec.min)}，"
                f"请输入 {_text_of(spec.min)} 或更大的数{_for_example(spec)}",
            )
        )
    elif spec.max is not None and value > spec.max:
        errors.append(
            error(
                path,
                f"{spec.label}不能大于 {_text_of(spec.max)}，"
                f"请输入不超过 {_text_of(spec.max)} 的数{_for_example(spec)}",
            )
        )
    else:
        return value
    return None


def _select(spec: Field, raw: object, path: str, errors: Errors) -> str | None:
    if isinstance(raw, str):
        text = raw.strip()
        for option in spec.options:
            if text == option.value or text.lower() == option.value.lower():
                return option.value
        aliases = dict(spec.aliases)
        if text in aliases:
            return aliases[text]
        shown = f"“{text[:20]}”"
    else:
        text, shown = "", f"{type_name(raw)}"
    if spec.suggest is not None:
        errors.append(error(path, f"{spec.label}不能是{shown}：{spec.suggest(text)}"))
    else:
        choices = "、".join(f"{o.value}（{o.label}）" for o in spec.options)
        errors.append(error(path, f"{spec.label}不能是{shown}；可选：{choices}"))
    return None


def _boolean(spec: Field, raw: object, path: str, errors: Errors) -> bool | None:
    if isinstance(raw, bool):
        return raw
    errors.append(error(path, f"{spec.label}应为 true（是）或 false（否），收到的是{type_name(raw)}"))
    return None


def _text(spec: Field, raw: object, path: str, errors: Errors) -> str | None:
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        errors.append(error(path, f"{spec.label}应为文本，收到的是{type_name(raw)}{_for_example(spec)}"))
        return None
    text = raw.strip()
    if not text:
        errors.append(error(path, f"{spec.label}不能为空{_for_example(spec)}"))
    elif len(text) > MAX_TEXT:
        errors.append(error(path, f"{spec.label}太长：最多 {MAX_TEXT} 个字符"))
    elif spec.normalise is None:
        return text
    else:
        try:
            return spec.normalise(text)
        except ValueError as exc:
            errors.append(error(path, f"{spec.label}{exc}"))
    return None


def _table(spec: Field, raw: object, path: str, errors: Errors) -> list[dict[str, Any]] | None:
    if not isinstance(raw, list):
        errors.append(error(path, f"{spec.label}应为数组，每{spec.row_noun}一个对象，收到的是{type_name(raw)}"))
        return None
    if len(raw) > spec.max_rows:
        errors.append(error(path, f"{spec.label}最多 {spec.max_rows} {spec.row_noun}，收到 {len(raw)} {spec.row_noun}"))
        return None
    rows = []
    for index, row in enumerate(raw):
        values, row_errors = validate(spec.columns, row, f"{path}[{index}]", f"第 {index + 1} {spec.row_noun}")
        for entry in row_errors:
            if not entry["message"].startswith("第 "):
                entry["message"] = f"第 {index + 1} {spec.row_noun}：{entry['message']}"
        errors.extend(row_errors)
        rows.append(values)
    return rows or None  # an empty table is the same as none


def _object(spec: Field, raw: object, path: str, errors: Errors) -> dict[str, Any] | None:
    values, member_errors = validate(spec.fields, raw, path, spec.label)
    errors.extend(member_errors)
    return values if isinstance(raw, Mapping) else None


def _document(spec: Field, raw: object, path: str, errors: Errors) -> dict[str, Any] | None:
    if isinstance(raw, Mapping):
        return dict(raw)
    errors.append(error(path, f"{spec.label}应为一个 JSON 对象（{{…}}），收到的是{type_name(raw)}"))
    return None


def _missing(spec: Field) -> str:
    if spec.type == "select" and spec.options and not spec.suggest:
        return f"缺少“{spec.label}”：请选择 {'、'.join(o.label for o in spec.options)} 之一"
    wanted = {
        "number": "一个数",
        "select": "正式名称",
        "boolean": " true（是）或 false（否）",
        "text": "文本",
        "table": "至少一行",
        "object": "一个 JSON 对象",
        "document": "一个 JSON 对象",
    }[spec.type]
    return f"缺少“{spec.label}”：请填写{wanted}{_for_example(spec)}"


def _unknown_key(key: str, fields: tuple[Field, ...]) -> str:
    names = [spec.key for spec in fields]
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    guess = f"您是否要填 {close[0]}？" if close else ""
    return f"不认识的字段“{key[:40]}”。{guess}可用的字段：{'、'.join(names)}"


def _for_example(spec: Field) -> str:
    return f"，例如 {spec.example}" if spec.example else ""


def _json_number(value: Fraction) -> int | str:
    """Bounds and defaults for forms: an int when whole, else exact decimal text."""
    return int(value) if value.denominator == 1 else (exact_text(value) or str(value))


def _text_of(value: Fraction) -> str:
    return exact_text(value) or str(value)


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key
