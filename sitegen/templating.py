"""The one Jinja2 environment: every template in templates/ is rendered by it, with the same escaping and helpers.

Autoescape is on even for the Markdown pages: every text that comes from policy/ reaches the page HTML-escaped,
inside HTML blocks that Markdown leaves alone, so a YAML value can never become markup, a link or a template
expression. Undefined names are errors (StrictUndefined), so a typo in a template stops the build.
Templates are named from templates/, e.g. "pages/clause.md.j2"; they all get `url_for` (sitegen/urls.py).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from calculators.chinese import chinese_date

from .modules import module_imports
from .urls import url_for

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Rows a table field of a form always has to type into (templates/calculators/_fields.j2 writes them into the page,
# with the table's data-min-rows, which form.js setRows keeps).
MIN_TABLE_ROWS = 3


@cache
def environment() -> Environment:
    """Autoescaped, strict about undefined names, block tags on their own lines leave no blank lines."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["url_for"] = url_for
    env.globals["module_imports"] = module_imports
    env.globals["MIN_TABLE_ROWS"] = MIN_TABLE_ROWS
    env.filters["cn_date"] = chinese_date
    env.filters["front_matter"] = front_matter_text
    return env


def render(template: str, **context: Any) -> str:
    """One template of templates/ (e.g. "views/card.html.j2") rendered with the given names."""
    return environment().get_template(template).render(**context)


def front_matter_text(value: str) -> Markup:
    """A YAML front-matter string (title, description) that MkDocs can print as it is.

    MkDocs and Material insert titles and descriptions into pages without escaping them (titles may carry
    markup), so data must arrive HTML-escaped: JSON quoting keeps YAML from reading anything else into it.
    """
    return Markup(json.dumps(str(escape(value)), ensure_ascii=False))
