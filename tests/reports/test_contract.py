"""The typed figures contract: every app's figures are its declared frozen dataclass, and every figure is printed.

The second test builds one instance of each registered dataclass with a distinct value in every field,
renders the document from them and looks for each value: a figure an app computes and the document never
prints (or prints under another name) fails here, naming the field.
"""

import dataclasses
import itertools
import re
import typing
from datetime import date
from decimal import Decimal
from types import NoneType, UnionType

import pytest
from django.template.loader import render_to_string

from apps.core import registry
from apps.reports import selectors
from apps.reports.document import document_context, freeze
from apps.reports.formatting import format_figure

pytestmark = pytest.mark.django_db


def test_every_area_returns_its_declared_frozen_dataclass(world):
    areas = registry.report_areas()
    assert {area.key for area in areas} >= set(selectors.EXPECTED_AREAS)
    for area in areas:
        assert dataclasses.is_dataclass(area.figures_type), area.key
        assert area.figures_type.__dataclass_params__.frozen, area.key
        assert isinstance(area.figures(year=2020), area.figures_type), area.key


class Values:
    """Distinct values: ints from 101 up, amounts with distinct cents, names with a number."""

    def __init__(self):
        self.numbers = itertools.count(101)
        self.expected: list[tuple[str, str]] = []  # (field path, text the document must show)

    def make(self, kind, path: str):
        kind = _without_none(kind)
        if dataclasses.is_dataclass(kind):
            return self.instance(kind, path)
        origin = typing.get_origin(kind)
        if origin is tuple:
            return (self.make(typing.get_args(kind)[0], f"{path}[0]"),)
        n = next(self.numbers)
        if kind is bool:
            return False
        if kind is int:
            self.expected.append((path, format_figure(n, "int")))
            return n
        if kind is Decimal:
            value = Decimal(f"{n}.{n % 100:02d}") if not path.endswith("percent") else Decimal(f"{n % 100}.7")
            self.expected.append((path, format_figure(value, "percent" if path.endswith("percent") else "money")))
            return value
        if kind is str:
            self.expected.append((path, f"名称{n}号"))
            return f"名称{n}号"
        if kind is date:
            return date(2020, 1 + n % 12, 1 + n % 28)
        if kind is dict:
            return {}
        raise TypeError(f"{path}: no sample value for {kind}")

    def instance(self, cls, path: str):
        hints = typing.get_type_hints(cls)
        values = {}
        for f in dataclasses.fields(cls):
            if f.metadata.get("printed", True):
                values[f.name] = self.make(hints[f.name], f"{path}.{f.name}")
            else:
                values[f.name] = self.silent(hints[f.name], f.name)
        return cls(**values)

    def silent(self, kind, name: str):
        """A field the document does not print: a plain value that matches nothing."""
        kind = _without_none(kind)
        if name == "year":
            return 2020
        if typing.get_origin(kind) is tuple:
            return tuple(Decimal(0) for _ in range(12))
        return {bool: False, dict: {}, str: "", date: date(2020, 1, 1)}.get(kind, 0)


def _without_none(kind):
    if isinstance(kind, UnionType) or typing.get_origin(kind) is typing.Union:
        return next(arg for arg in typing.get_args(kind) if arg is not NoneType)
    return kind


def test_every_field_of_every_dataclass_is_printed_somewhere_in_the_document():
    values = Values()
    figures = {"year": 2020}
    for area in registry.report_areas():
        current = values.instance(area.figures_type, area.key)
        figures[area.key] = {"current": dataclasses.asdict(current), "previous": None}
    frozen = {
        "year": 2020,
        "texts": {"title": "标题", "signing_unit": "工会", "signing_date": "2021-01-22", "include_plan": True},
        "figures": freeze(figures),
    }
    text = re.sub(r"<[^>]+>", "", render_to_string("reports/pdf.html", document_context(frozen)))
    missing = [path for path, shown in values.expected if not _shows(text, shown)]
    assert not missing, f"figures computed and never printed: {missing}"


def _shows(text: str, shown: str) -> bool:
    if shown.startswith("名称"):
        return shown in text
    return re.search(rf"(?<![\d,.]){re.escape(shown)}(?![\d])", text) is not None  # 101 is not part of 1,101
