"""What each app declares about itself, collected by core, which knows no app by name.

Every app calls these functions from its ``portal.py`` (run by its ``AppConfig.ready``): the actions
each role may perform, its entries in the menu and on the home page, its demo data and the figures
it gives the annual report. Core reads the collected declarations; adding an app changes no core file.
Declaring the same entry twice replaces it, so a repeated ``ready()`` is harmless.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NavEntry:
    """An entry of the main menu, shown when the user's role allows ``action``."""

    label: Any
    url_name: str
    action: str
    icon: str
    order: int


@dataclass(frozen=True)
class Shortcut:
    """A card on the home page, shown when the user's role allows ``action``."""

    title: Any
    description: Any
    url_name: str
    action: str
    icon: str
    order: int
    args: tuple = ()


@dataclass(frozen=True)
class HomePanel:
    """A block of figures at the top of the home page: ``template`` rendered with ``context(user)``."""

    key: str
    template: str
    action: str
    context: Callable[..., dict]
    order: int


@dataclass(frozen=True)
class DemoSeed:
    """``seed(out)`` fills the demo university; seeds run by ascending ``order`` (people before what refers to them)."""

    key: str
    seed: Callable[[Any], None]
    order: int


@dataclass(frozen=True)
class ReportArea:
    """A part of the annual report: ``figures(year=...)`` returns the area's figures for a year.

    ``figures_type`` is the frozen dataclass ``figures`` returns (the typed contract of issue 14 §5):
    the report refuses anything else, naming the app. Fields with ``metadata={"printed": False}``
    (links, codes, the year) are not figures the document must print.
    """

    key: str
    label: Any
    figures: Callable[..., Any]
    order: int
    options: dict = field(default_factory=dict)
    figures_type: type | None = None


@dataclass
class Registry:
    role_actions: dict[str, set[str]] = field(default_factory=dict)
    navigation: dict[str, NavEntry] = field(default_factory=dict)
    shortcuts: dict[str, Shortcut] = field(default_factory=dict)
    home_panels: dict[str, HomePanel] = field(default_factory=dict)
    demo_seeds: dict[str, DemoSeed] = field(default_factory=dict)
    report_areas: dict[str, ReportArea] = field(default_factory=dict)
    extras: dict[str, dict[str, Any]] = field(default_factory=dict)
    generation: int = 0  # bumped by every role declaration, so that the role table is rebuilt


registry = Registry()


def register_role_actions(role_actions: dict[str, Iterable[str]]) -> None:
    """``{role: actions}``: what each role may do in this app. Every role also gets the staff role's actions."""
    for role, actions in role_actions.items():
        registry.role_actions.setdefault(str(role), set()).update(actions)
    registry.generation += 1


def register_navigation(*entries: NavEntry) -> None:
    for entry in entries:
        registry.navigation[entry.url_name] = entry


def register_shortcuts(*shortcuts: Shortcut) -> None:
    for shortcut in shortcuts:
        registry.shortcuts[f"{shortcut.url_name}{shortcut.args}"] = shortcut


def register_home_panel(panel: HomePanel) -> None:
    registry.home_panels[panel.key] = panel


def register_demo(seed: DemoSeed) -> None:
    registry.demo_seeds[seed.key] = seed


def register_report_area(area: ReportArea) -> None:
    registry.report_areas[area.key] = area


def register_extra(kind: str, key: str, value: Any) -> None:
    """Any other kind of declaration a core mechanism collects (e.g. background job kinds)."""
    registry.extras.setdefault(kind, {})[key] = value


def extras(kind: str) -> dict[str, Any]:
    return registry.extras.get(kind, {})


def navigation_entries() -> list[NavEntry]:
    return sorted(registry.navigation.values(), key=lambda entry: entry.order)


def home_shortcuts() -> list[Shortcut]:
    return sorted(registry.shortcuts.values(), key=lambda shortcut: shortcut.order)


def home_panels() -> list[HomePanel]:
    return sorted(registry.home_panels.values(), key=lambda panel: panel.order)


def demo_seeds() -> list[DemoSeed]:
    return sorted(registry.demo_seeds.values(), key=lambda seed: seed.order)


def report_areas() -> list[ReportArea]:
    return sorted(registry.report_areas.values(), key=lambda area: area.order)
