"""Who may do what to purchases (django-rules through apps.core.access).

Purchases have no per-record scope: whoever's role may view purchases sees every one (officers and
leadership), and whoever may manage them (officers) enters, edits and removes any of them. The
permissions are still declared one per act, so that views, templates and services ask the same names
and a record-level rule (a closed year, say) has one place to go.
"""

from apps.core.access import add_perm

VIEW = "purchases.view_purchase"
ENTER = "purchases.enter_purchase"
EDIT = "purchases.edit_purchase"
REMOVE = "purchases.remove_purchase"
ATTACH = "purchases.attach_to_purchase"
EXPORT = "purchases.export_purchases"
CATALOGUE = "purchases.manage_catalogue"  # yearly tasks, suppliers, products, paired areas

add_perm(VIEW, role="purchases.view")
add_perm(EXPORT, role="purchases.export")
add_perm(ENTER, role="purchases.manage")
add_perm(EDIT, role="purchases.manage")
add_perm(REMOVE, role="purchases.manage")
add_perm(ATTACH, role="purchases.manage")
add_perm(CATALOGUE, role="purchases.manage")
