from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core import access, flows, params, permissions
from apps.core.audit import history_entries
from apps.core.exports import Column
from apps.core.listing import FilteredListView
from apps.core.uploads import attachment_response
from apps.purchases import rules, selectors, services
from apps.purchases.filters import AreaFilter, ProductFilter, PurchaseFilter, SupplierFilter, TaskFilter
from apps.purchases.forms import (
    AreaForm,
    AttachmentForm,
    LineFormSet,
    ProductForm,
    PurchaseForm,
    ShareFormSet,
    SupplierForm,
    TaskForm,
    product_label,
)
from apps.purchases.models import Area, Attachment, Product, Purchase, Supplier, Task

# ---- progress -------------------------------------------------------------------------------------------------


@access.perm_required(rules.VIEW)
def index(request):
    """Leadership's progress page: the year's purchases against the task, with last year beside it."""
    year = params.year_param(request, default=timezone.localdate().year)
    years = sorted({*selectors.years_with_records(), year, timezone.localdate().year}, reverse=True)
    progress = selectors.task_progress(year=year)
    months_so_far = timezone.localdate().month if year == timezone.localdate().year else 12
    chart = {
        "labels": [_("%(m)s月") % {"m": m} for m in range(1, 13)],
        "this": [str(v) for v in progress["figures"]["monthly_cumulative"][:months_so_far]],
        "this_text": [f"{v:,.0f}" for v in progress["figures"]["monthly_cumulative"][:months_so_far]]
        + [""] * (12 - months_so_far),
        "last_text": [f"{v:,.0f}" for v in progress["last"]["monthly_cumulative"]],
        "last": [str(v) for v in progress["last"]["monthly_cumulative"]],
        "task": str(progress["figures"]["task_amount"] or ""),
        "this_label": _("%(y)s 年累计") % {"y": year},
        "last_label": _("%(y)s 年累计") % {"y": year - 1},
        "task_label": _("年度任务"),
    }
    return render(request, "purchases/progress.html", {"p": progress, "years": years, "chart": chart})


# ---- purchases ------------------------------------------------------------------------------------------------


def _departments(purchase: Purchase) -> str:
    return "、".join(unit.name for unit in purchase.departments.all())


class PurchaseListView(FilteredListView):
    action = "purchases.view"
    export_action = "purchases.export"
    filterset_class = PurchaseFilter
    template_name = "purchases/purchase_list.html"
    export_filename = "purchases"
    export_columns = [
        Column(gettext_lazy("采购日期"), "purchased_on"),
        Column(gettext_lazy("供应商"), "supplier.name"),
        Column(gettext_lazy("帮扶地区"), lambda p: str(p.supplier.area)),
        Column(gettext_lazy("832平台"), "supplier.via_832"),
        Column(gettext_lazy("采购部门"), _departments),
        Column(gettext_lazy("用途"), lambda p: p.get_purpose_display()),
        Column(gettext_lazy("合计（元）"), "total"),
        Column(gettext_lazy("发票号"), "invoice_no"),
        Column(gettext_lazy("832平台订单号"), "order_no"),
        Column(gettext_lazy("年度任务"), "task.year"),
        Column(gettext_lazy("备注"), "note"),
    ]

    def base_queryset(self):
        return selectors.purchase_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filtered_total"] = selectors.purchases_total(self.filterset.qs)
        return context


def _purchase_for(user, purchase_uuid, perm=rules.VIEW, queryset=None) -> Purchase:
    queryset = queryset if queryset is not None else selectors.purchase_detail_queryset(user=user)
    return access.get_object_or_deny(user, perm, queryset, uuid=purchase_uuid)


@access.perm_required(rules.VIEW)
def purchase_detail(request, purchase_uuid):
    purchase = _purchase_for(request.user, purchase_uuid)
    history = history_entries(purchase) if permissions.can(request.user, "audit.view") else None
    context = {"purchase": purchase, "history": history, "attachment_form": AttachmentForm()}
    return render(request, "purchases/purchase_detail.html", context)


@access.perm_required(rules.ENTER)
def purchase_create(request):
    purchase = Purchase(purchased_on=timezone.localdate())
    return _purchase_form(request, purchase, _("采购已录入。"))


@access.perm_required(rules.EDIT)
def purchase_edit(request, purchase_uuid):
    queryset = selectors.purchase_edit_queryset(user=request.user)
    purchase = _purchase_for(request.user, purchase_uuid, rules.EDIT, queryset)
    return _purchase_form(request, purchase, _("采购已保存。"))


def _purchase_form(request, purchase: Purchase, success: str):
    """The purchase with its lines: a formset the page grows and shrinks (purchases/purchase_form.js)."""
    data = request.POST if request.method == "POST" else None
    form = PurchaseForm(data, instance=purchase, supplier_choices=selectors.supplier_choices(user=request.user))
    stored = list(purchase.lines.all()) if purchase.pk else []  # prefetched with their products
    initial = [
        {"product": line.product_id, "quantity": line.quantity, "unit_price": line.unit_price} for line in stored
    ]
    known = {line.product_id: line.product for line in stored}
    lines = LineFormSet(data, initial=initial or [{}], prefix="lines", known_products=known)
    if data is not None and not lines.is_valid():
        form.is_valid()  # show the purchase's own errors beside the lines' ones
    else:

        def save(cleaned):
            return services.purchase_save(
                purchase=form.save(commit=False),
                departments=cleaned["departments"],
                lines=lines.line_inputs(),
                by=request.user,
                submission_token=None if purchase.pk else cleaned.get("submission_token"),
            )

        response = flows.submit(request, form, save, success=success, redirect_to=_detail_url)
        if response is not None:
            return response
    return render(request, "purchases/purchase_form.html", _form_context(form, lines, purchase))


def _detail_url(purchase: Purchase) -> str:
    return reverse("purchases:purchase_detail", args=[purchase.uuid])


def _entered_year(form) -> int | None:
    """The year of the date as typed (bound form) or stored, if it is a date at all."""
    if not form.is_bound:
        return form.instance.purchased_on.year if form.instance.purchased_on else None
    raw = form.data.get("purchased_on", "")
    year = raw[:4]
    return int(year) if len(raw) == 10 and year.isdigit() else None


def _form_context(form, lines, purchase: Purchase) -> dict:
    """What the page's script needs besides the form: the years with a task, and where to fetch products."""
    task_years = selectors.task_years()
    year = _entered_year(form)
    missing = year if year is not None and year not in task_years else None
    return {
        "form": form,
        "lines": lines,
        "purchase": purchase,
        "missing_task_year": missing,
        "missing_task_text": services.missing_task_message(missing) if missing else "",
        "script": {
            "task_years": task_years,
            "products_url": reverse("purchases:product_options"),
            "suppliers_url": reverse("purchases:supplier_options"),
            "task_create_url": reverse("purchases:task_create"),
            "missing_task": services.missing_task_message("{year}"),
        },
    }


@access.perm_required(rules.ENTER)
def product_options(request):
    """The active products of one supplier, for the purchase form's line selects (JSON)."""
    supplier_id = params.int_param(request, "supplier", minimum=1, maximum=2**31 - 1)
    products = selectors.product_choices(user=request.user, supplier_id=supplier_id) if supplier_id else []
    return JsonResponse({"products": [{"id": p.pk, "label": product_label(p)} for p in products]})


@access.perm_required(rules.ENTER)
def supplier_options(request):
    """Active suppliers whose name contains ``?q=``, for the purchase form's supplier select (JSON)."""
    suppliers = selectors.supplier_choices(user=request.user, q=params.text_param(request, "q"))
    return JsonResponse({"suppliers": [{"id": s.pk, "label": s.name} for s in suppliers]})


@access.perm_required(rules.REMOVE)
def purchase_delete(request, purchase_uuid):
    purchase = _purchase_for(request.user, purchase_uuid, rules.REMOVE)
    if request.method == "POST":
        services.purchase_delete(purchase=purchase, by=request.user)
        messages.success(request, _("采购记录已删除。"))
        return redirect("purchases:purchase_list")
    return render(request, "purchases/purchase_confirm_delete.html", {"purchase": purchase})


@access.perm_required(rules.ATTACH)
def attachment_add(request, purchase_uuid):
    purchase = _purchase_for(request.user, purchase_uuid, rules.ATTACH)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(
                purchase=purchase, uploaded=form.cleaned_data["file"], title=form.cleaned_data["title"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("附件已上传。"))
        return redirect("purchases:purchase_detail", purchase_uuid=purchase.uuid)
    if request.method == "POST":
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("purchases:purchase_detail", purchase_uuid=purchase.uuid)


@access.perm_required(rules.VIEW)
def attachment_download(request, purchase_uuid, attachment_id):
    purchase = _purchase_for(request.user, purchase_uuid)
    attachment = get_object_or_404(Attachment.objects.select_related("stored"), pk=attachment_id, purchase=purchase)
    return attachment_response(attachment.stored)


# ---- tasks ----------------------------------------------------------------------------------------------------


class TaskListView(FilteredListView):
    action = "purchases.view"
    export_action = "purchases.export"
    filterset_class = TaskFilter
    template_name = "purchases/task_list.html"
    export_filename = "purchase-tasks"
    export_columns = [
        Column(gettext_lazy("年度"), "year"),
        Column(gettext_lazy("任务金额（元）"), "amount"),
        Column(gettext_lazy("人均标准（元）"), "per_head"),
        Column(gettext_lazy("已完成（元）"), "done"),
        Column(gettext_lazy("采购笔数"), "purchase_count"),
        Column(gettext_lazy("说明"), "note"),
    ]

    def base_queryset(self):
        return selectors.task_list(user=self.request.user)


@access.perm_required(rules.CATALOGUE)
def task_create(request):
    """A new yearly task; ``?year=`` comes from the purchase form's "this year has no task" link."""
    return _task_form(request, Task(year=params.year_param(request, default=timezone.localdate().year)))


@access.perm_required(rules.CATALOGUE)
def task_edit(request, pk):
    return _task_form(request, get_object_or_404(Task, pk=pk))


def _task_form(request, task: Task):
    form = TaskForm(request.POST or None, instance=task)
    initial = [{"unit": s.unit_id, "amount": s.amount} for s in (task.shares.all() if task.pk else [])]
    shares = ShareFormSet(request.POST or None, initial=initial + [{}] * 3, prefix="shares")
    if request.method == "POST" and form.is_valid() and shares.is_valid():
        pairs = [(f.cleaned_data["unit"], f.cleaned_data["amount"]) for f in shares if f.cleaned_data.get("unit")]
        try:
            services.task_save(task=form.save(commit=False), shares=pairs, by=request.user)
        except ValidationError as exc:
            flows.show_errors(form, exc)
        else:
            messages.success(request, _("年度采购任务已保存。"))
            return redirect("purchases:task_list")
    return render(request, "purchases/task_form.html", {"form": form, "shares": shares, "task": task})


# ---- suppliers, products, areas -------------------------------------------------------------------------------


class SupplierListView(FilteredListView):
    action = "purchases.view"
    export_action = "purchases.export"
    filterset_class = SupplierFilter
    template_name = "purchases/supplier_list.html"
    export_filename = "suppliers"
    export_columns = [
        Column(gettext_lazy("供应商名称"), "name"),
        Column(gettext_lazy("帮扶地区"), lambda s: str(s.area)),
        Column(gettext_lazy("832平台"), "via_832"),
        Column(gettext_lazy("联系人"), "contact"),
        Column(gettext_lazy("联系电话"), "phone"),
        Column(gettext_lazy("产品数"), "product_count"),
        Column(gettext_lazy("累计采购（元）"), "purchased"),
        Column(gettext_lazy("启用"), "is_active"),
    ]

    def base_queryset(self):
        if self.request.GET.get("export"):
            return selectors.supplier_export_list(user=self.request.user)
        return selectors.supplier_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        suppliers = list(context["object_list"])
        figures = selectors.supplier_figures(supplier.pk for supplier in suppliers)
        for supplier in suppliers:
            supplier.product_count = figures[supplier.pk]["product_count"]
            supplier.purchased = figures[supplier.pk]["purchased"]
        context["object_list"] = suppliers
        return context


class ProductListView(FilteredListView):
    action = "purchases.view"
    export_action = "purchases.export"
    filterset_class = ProductFilter
    template_name = "purchases/product_list.html"
    export_filename = "products"
    export_columns = [
        Column(gettext_lazy("产品名称"), "name"),
        Column(gettext_lazy("计量单位"), "unit"),
        Column(gettext_lazy("扶贫产品认定编号"), "certification_no"),
        Column(gettext_lazy("供应商"), "supplier.name"),
        Column(gettext_lazy("帮扶地区"), lambda p: str(p.supplier.area)),
        Column(gettext_lazy("启用"), "is_active"),
    ]

    def base_queryset(self):
        return selectors.product_list(user=self.request.user)


class AreaListView(FilteredListView):
    action = "purchases.view"
    export_action = "purchases.export"
    filterset_class = AreaFilter
    template_name = "purchases/area_list.html"
    export_filename = "areas"
    export_columns = [
        Column(gettext_lazy("省份"), "province"),
        Column(gettext_lazy("县（区）"), "county"),
        Column(gettext_lazy("结对帮扶中"), "is_paired"),
        Column(gettext_lazy("供应商数"), "supplier_count"),
        Column(gettext_lazy("累计采购（元）"), "purchased"),
        Column(gettext_lazy("备注"), "note"),
    ]

    def base_queryset(self):
        return selectors.area_list(user=self.request.user)


def _prefill(request, form_class) -> dict:
    """A new record's form may be prefilled from the query string (e.g. a product's supplier), known fields only."""
    return {name: params.text_param(request, name) for name in form_class._meta.fields if name in request.GET}


SIMPLE = {
    "supplier": (Supplier, SupplierForm, services.supplier_save, "purchases:supplier_list", gettext_lazy("供应商")),
    "product": (Product, ProductForm, services.product_save, "purchases:product_list", gettext_lazy("扶贫产品")),
    "area": (Area, AreaForm, services.area_save, "purchases:area_list", gettext_lazy("帮扶地区")),
}


@access.perm_required(rules.CATALOGUE)
def simple_form(request, kind: str, pk: int | None = None):
    """Create or edit a supplier, a product or an area: one plain form each."""
    model, form_class, save, list_url, label = SIMPLE[kind]
    instance = get_object_or_404(model, pk=pk) if pk else model()
    form = form_class(
        request.POST or None, instance=instance, initial=_prefill(request, form_class) if not pk else None
    )
    response = flows.submit(
        request,
        form,
        lambda cleaned: save(**{kind: form.save(commit=False)}, by=request.user),
        success=_("%(label)s已保存。") % {"label": label},
        redirect_to=lambda saved: list_url,
    )
    if response is not None:
        return response
    context = {"form": form, "instance": instance, "label": label, "list_url": list_url}
    return render(request, "purchases/simple_form.html", context)
