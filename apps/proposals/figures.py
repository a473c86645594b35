"""The proposals' part of the annual report, as a typed contract (issue 14 §5, docs/report-figures.md)."""

from dataclasses import dataclass, field

from apps.proposals import selectors

NOT_PRINTED = {"printed": False}


@dataclass(frozen=True)
class NamedCount:
    name: str
    count: int


@dataclass(frozen=True)
class Satisfaction:
    satisfied: int
    basically_satisfied: int
    unsatisfied: int


@dataclass(frozen=True)
class ProposalFigures:
    year: int = field(metadata=NOT_PRINTED)
    has_records: bool = field(metadata=NOT_PRINTED)
    congresses: tuple[str, ...]
    collected: int
    accepted: int
    not_accepted: int
    suggestions: int
    merged: int
    in_process: int
    answered: int
    solved: int
    overdue: int
    by_result: tuple[NamedCount, ...]
    by_category: tuple[NamedCount, ...]
    by_department: tuple[NamedCount, ...]
    satisfaction: Satisfaction
    links: dict = field(metadata=NOT_PRINTED)


def _counts(rows: list[dict], name: str) -> tuple[NamedCount, ...]:
    return tuple(NamedCount(name=row[name], count=row["count"]) for row in rows if row["count"])


def report_figures(*, year: int) -> ProposalFigures:
    figures = selectors.report_figures(year=year)
    return ProposalFigures(
        year=year,
        has_records=bool(figures["collected"] or figures["congresses"]),
        congresses=tuple(figures["congresses"]),
        collected=figures["collected"],
        accepted=figures["accepted"],
        not_accepted=figures["not_accepted"],
        suggestions=figures["suggestions"],
        merged=figures["merged"],
        in_process=figures["in_process"],
        answered=figures["answered"],
        solved=figures["solved"],
        overdue=figures["overdue"],
        by_result=_counts(figures["by_result"], "result"),
        by_category=_counts(figures["by_category"], "category"),
        by_department=_counts(figures["by_department"], "department"),
        satisfaction=Satisfaction(**figures["satisfaction"]),
        links=figures["links"],
    )
