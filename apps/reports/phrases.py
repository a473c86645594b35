"""The lists inside the document's sentences (by category, by cause, by area ...), each item a translatable phrase.

The sentences themselves are whole ``blocktranslate`` sentences in ``reports/_document.html``; the lists
they name are built here because a template cannot gather a loop's output into a placeholder.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.reports.formatting import figure_html, fill, listing


def _n(value) -> str:
    return figure_html(value)


def _money(value) -> str:
    return figure_html(value, "money")


def add_phrases(areas: dict) -> None:
    """Add ``areas[area]["lists"]``: every list a sentence names, already joined."""
    for key, build in BUILDERS.items():
        area = areas[key]
        area["lists"] = build(area["f"]) if area["available"] else {}


def _cause(message: str, row: dict) -> str:
    return fill(message, cause=row["cause"], n=_n(row["count"]))


def _activities(f: dict) -> dict:
    postponed = [
        _cause(ngettext("因%(cause)s延期%(n)s项", "因%(cause)s延期%(n)s项", c["count"]), c)
        for c in f.get("postponements") or []
    ]
    cancelled = [
        _cause(ngettext("因%(cause)s取消%(n)s项", "因%(cause)s取消%(n)s项", c["count"]), c)
        for c in f.get("cancellations") or []
    ]
    causes = postponed + cancelled
    return {
        "categories": listing(
            fill(_("%(category)s%(n)s项"), category=c["category"], n=_n(c["held"]))
            for c in f.get("by_category") or []
            if c.get("held")
        ),
        "causes": listing(causes),
        "postponed_titles": listing(f.get("postponed_titles") or []),
        "notable": listing(_notable(n) for n in f.get("notable") or []),
        "branches": listing(
            fill(_("%(branch)s%(n)s项"), branch=b["branch"], n=_n(b["held"])) for b in f.get("by_branch") or []
        ),
    }


def _notable(activity: dict) -> str:
    hosts = activity.get("host_units") or []
    branch = activity.get("organising_branch")
    if len(hosts) > 1:
        host = fill(_("%(units)s合作"), units=listing(hosts))
    else:
        host = hosts[0] if hosts else branch or _("校工会")
    if hosts and branch:
        return fill(
            _("由%(branch)s组织、%(host)s承办的%(title)s（%(n)s人次参与）"),
            branch=branch,
            host=host,
            title=activity["title"],
            n=_n(activity["participants"]),
        )
    return fill(
        _("由%(host)s承办的%(title)s（%(n)s人次参与）"),
        host=host,
        title=activity["title"],
        n=_n(activity["participants"]),
    )


def _welfare(f: dict) -> dict:
    return {
        "visit_types": listing(
            fill(
                _("%(type)s%(count)s人次（%(people)s人，%(amount)s元）"),
                type=v["type"],
                count=_n(v["count"]),
                people=_n(v["people"]),
                amount=_money(v["amount"]),
            )
            for v in f.get("visits_by_type") or []
            if v.get("count")
        ),
        # Monthly birthday greetings are summed up in the birthday sentence; the list names the others.
        "distributions": listing(
            fill(
                _("%(title)s，向%(recipients)s人发放%(item)s，每份%(unit_value)s元，合计%(amount)s元"),
                title=d["title"],
                recipients=_n(d["recipients"]),
                item=d.get("item", ""),
                unit_value=_money(d.get("unit_value")),
                amount=_money(d["amount"]),
            )
            for d in f.get("distributions") or []
            if not d.get("is_birthday", d.get("kind") == "birthday")
        ),
    }


def _named_counts(rows, message: str, legacy_key: str) -> str:
    # Snapshots frozen before the typed contract named the row by its kind ("result", "category" ...).
    return listing(
        fill(message, name=r.get("name", r.get(legacy_key, "")), n=_n(r["count"])) for r in rows or [] if r.get("count")
    )


def _proposals(f: dict) -> dict:
    return {
        "congresses": listing(f.get("congresses") or []),
        "results": _named_counts(f.get("by_result"), _("%(name)s%(n)s件"), "result"),
        "categories": _named_counts(f.get("by_category"), _("%(name)s%(n)s件"), "category"),
        "departments": _named_counts(f.get("by_department"), _("%(name)s%(n)s件"), "department"),
    }


def _amounts(rows) -> str:
    return listing(
        fill(_("%(name)s%(amount)s元"), name=r["name"], amount=_money(r["amount"]))
        for r in rows or []
        if r.get("amount") not in (None, "", "0", "0.00")
    )


def _purchases(f: dict) -> dict:
    return {
        "departments": _amounts(f.get("by_department")),
        "areas": _amounts(f.get("by_area")),
        "suppliers": _amounts(f.get("by_supplier")),
        "purposes": _amounts(f.get("by_purpose")),
        "gift_packs": listing(
            fill(
                _("%(title)s%(recipients)s人、%(amount)s元"),
                title=g["title"],
                recipients=_n(g["recipients"]),
                amount=_money(g.get("amount")),
            )
            for g in f.get("gift_packs") or []
        ),
    }


BUILDERS = {"activities": _activities, "welfare": _welfare, "proposals": _proposals, "purchases": _purchases}
