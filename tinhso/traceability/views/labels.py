"""Labels of a product, a batch or a serialised item: the QR code of its Digital Link URI (SVG,
PNG), the EAN-13 of a product's GTIN-13, the GS1-128 of a batch's (01)(10) and of an item's
(01)(10)(21), the PDF sheet of a batch's labels and the PDF sheets of the serialised items of a
batch or a product (one label each, 200 a file as the batch page lists them: ``?page=N``).
Each answers to those who may read the record (404 otherwise, as its page does); a record that
cannot carry the code (no GTIN; an EAN-13 of a GTIN-14; no serial numbers) answers 404, a bad
``count`` or ``page`` 400."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from tinhso.core.policies import VIEW
from tinhso.core.views import ScopedView
from tinhso.traceability.labels import codes, sheet
from tinhso.traceability.models import Batch, Product, Serial
from tinhso.traceability.views.batches import SERIALS_PER_PAGE
from tinhso.traceability.views.common import batch_policy, product_policy, serial_policy

CONTENT_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


def _bad_request(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _file(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(False, filename) or ""
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class CodeView(ScopedView):
    """A code of a record as SVG or PNG; subclasses say which record and which code."""

    model: ClassVar[type[Product] | type[Batch] | type[Serial]]
    related: ClassVar[tuple[str, ...]] = ("enterprise",)

    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        if fmt not in CONTENT_TYPES:
            raise Http404
        queryset = self.policy.scope(self.model.objects.select_related(*self.related),
                                     request.user, VIEW)  # fmt: skip
        found = queryset.filter(pk=pk).first()
        if found is None:
            raise Http404
        try:
            body, name = self.render(found, fmt)
        except codes.LabelError as error:
            raise Http404(str(error)) from None
        return _file(body, CONTENT_TYPES[fmt], f"{name}.{fmt}")

    def render(self, obj: Any, fmt: str) -> tuple[bytes, str]:
        raise NotImplementedError

    def uri(self, gtin: str, lot: str = "") -> str:
        return codes.digital_link_uri(gtin, codes.site_base(self.request), lot=lot)


def _qr(uri: str, fmt: str) -> bytes:
    return codes.qr_svg(uri) if fmt == "svg" else codes.qr_png(uri)


def _linear(code: codes.Linear, fmt: str) -> bytes:
    return codes.barcode_svg(code) if fmt == "svg" else codes.barcode_png(code)


class ProductQRView(CodeView):
    """The QR code of ``/01/{gtin}``."""

    policy = product_policy
    model = Product

    def render(self, obj: Any, fmt: str) -> tuple[bytes, str]:
        return _qr(self.uri(obj.gtin), fmt), f"qr-{obj.gtin}"


class ProductEAN13View(CodeView):
    """The EAN-13 of the product's GTIN-13."""

    policy = product_policy
    model = Product

    def render(self, obj: Any, fmt: str) -> tuple[bytes, str]:
        if not obj.gtin:
            raise codes.LabelError("The product has no GTIN.")
        return _linear(codes.ean13(obj.gtin), fmt), f"ean13-{obj.gtin}"


class BatchQRView(CodeView):
    """The QR code of ``/01/{gtin}/10/{lot}``."""

    policy = batch_policy
    model = Batch
    related = ("product",)

    def render(self, obj: Any, fmt: str) -> tuple[bytes, str]:
        return _qr(self.uri(obj.product.gtin, obj.lot), fmt), f"qr-{obj.product.gtin}-{obj.lot}"


class BatchGS1128View(CodeView):
    """The GS1-128 of ``(01){gtin}(10){lot}``."""

    policy = batch_policy
    model = Batch
    related = ("product",)

    def render(self, obj: Any, fmt: str) -> tuple[bytes, str]:
        code = codes.gs1_128(obj.product.gtin, obj.lot)
        return _linear(code, fmt), f"gs1-128-{obj.product.gtin}-{obj.lot}"


class SerialQRView(CodeView):
    """The QR code of ``/01/{gtin}/10/{lot}/21/{serial}`` (``/01/{gtin}/21/{serial}`` for an
    item of no batch)."""

    policy = serial_policy
    model = Serial
    related = ("product", "batch")

    def render(self, obj: Any, fmt: str) -> tuple[bytes, str]:
        uri = codes.serial_uri(obj, codes.site_base(self.request))
        return _qr(uri, fmt), f"qr-{obj.product.gtin}-{obj.serial}"


class SerialGS1128View(CodeView):
    """The GS1-128 of ``(01){gtin}(10){lot}(21){serial}`` (without the lot when there is none,
    or when both do not fit in one symbol)."""

    policy = serial_policy
    model = Serial
    related = ("product", "batch")

    def render(self, obj: Any, fmt: str) -> tuple[bytes, str]:
        if not obj.product.gtin:
            raise codes.LabelError("The product has no GTIN.")
        code = codes.serial_gs1_128(obj)
        return _linear(code, fmt), f"gs1-128-{obj.product.gtin}-{obj.serial}"


class BatchSheetView(ScopedView):
    """The PDF sheet of a batch's labels: ``?count=N`` labels (1 to 240; a full A4 page of 24
    by default)."""

    policy = batch_policy

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        queryset = batch_policy.scope(Batch.objects.select_related("product"), request.user, VIEW)
        batch = queryset.filter(pk=pk).first()
        if batch is None or not batch.product.gtin:
            raise Http404
        raw = request.GET.get("count", "") or str(sheet.PER_PAGE)
        if not raw.isdigit() or not 1 <= int(raw) <= sheet.MAX_LABELS:
            return _bad_request(
                _("The number of labels must be a whole number from 1 to %(max)d.")
                % {"max": sheet.MAX_LABELS}
            )
        uri = codes.digital_link_uri(batch.product.gtin, codes.site_base(request), lot=batch.lot)
        body = sheet.batch_sheet(batch, uri, int(raw))
        return _file(body, "application/pdf", f"labels-{batch.product.gtin}-{batch.lot}.pdf")


def serial_label_pages(serials: QuerySet[Serial]) -> range:
    """The ``page`` numbers of the serial-label files of these serial numbers (one query)."""
    return Paginator(serials.order_by("serial"), SERIALS_PER_PAGE).page_range


class SerialSheetView(ScopedView):
    """The PDF of the serialised items of a record, one label each in serial-number order, 24 an
    A4 page; ``?page=N`` is the N-th file of 200 (the batch page's N-th page of serials)."""

    model: ClassVar[type[Product] | type[Batch]]
    related: ClassVar[tuple[str, ...]]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        found = self.policy.scope(self.model.objects.select_related(*self.related),
                                  request.user, VIEW).filter(pk=pk).first()  # fmt: skip
        gtin = self.product_of(found).gtin if found is not None else ""
        if found is None or not gtin:
            raise Http404
        serials = Paginator(
            found.serials.select_related("product", "batch").order_by("serial"), SERIALS_PER_PAGE
        )
        if not serials.count:
            raise Http404
        raw = request.GET.get("page", "") or "1"
        if not raw.isdigit() or not 1 <= int(raw) <= serials.num_pages:
            return _bad_request(
                _("The page must be a whole number from 1 to %(max)d.") % {"max": serials.num_pages}
            )
        items = list(serials.page(int(raw)).object_list)
        base = codes.site_base(request)
        uris = [codes.serial_uri(item, base) for item in items]
        body = sheet.serial_sheet(self.title_of(found), items, uris)
        return _file(body, "application/pdf", f"serial-labels-{self.name_of(found)}-{raw}.pdf")

    def product_of(self, obj: Any) -> Product:
        raise NotImplementedError

    def title_of(self, obj: Any) -> str:
        return str(self.product_of(obj).name)

    def name_of(self, obj: Any) -> str:
        return str(self.product_of(obj).gtin)


class BatchSerialSheetView(SerialSheetView):
    """The labels of a batch's serialised items."""

    policy = batch_policy
    model = Batch
    related = ("product",)

    def product_of(self, obj: Any) -> Product:
        product: Product = obj.product
        return product

    def title_of(self, obj: Any) -> str:
        return f"{obj.product.name} — {obj.lot}"

    def name_of(self, obj: Any) -> str:
        return f"{obj.product.gtin}-{obj.lot}"


class ProductSerialSheetView(SerialSheetView):
    """The labels of all of a product's serialised items, of any batch or none."""

    policy = product_policy
    model = Product
    related = ("enterprise",)

    def product_of(self, obj: Any) -> Product:
        product: Product = obj
        return product
