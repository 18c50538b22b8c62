from django.urls import path

from tinhso.traceability.views import (
    batches,
    enterprises,
    home,
    labels,
    links,
    locations,
    products,
    steps,
)

app_name = "traceability"
urlpatterns: list = [
    path("", home.TraceabilityHomeView.as_view(), name="home"),
    path("mine/", home.MyEnterpriseView.as_view(), name="mine"),
    path("overview/", home.OverviewView.as_view(), name="overview"),
    path("enterprises/", enterprises.EnterpriseListView.as_view(), name="enterprise_list"),
    path("enterprises/add/", enterprises.EnterpriseCreateView.as_view(), name="enterprise_create"),
    path(
        "enterprises/<int:pk>/",
        enterprises.EnterpriseDetailView.as_view(),
        name="enterprise_detail",
    ),
    path(
        "enterprises/<int:pk>/edit/",
        enterprises.EnterpriseEditView.as_view(),
        name="enterprise_edit",
    ),
    path(
        "enterprises/<int:pk>/accounts/",
        enterprises.EnterpriseUsersView.as_view(),
        name="enterprise_users",
    ),
    path(
        "enterprises/<int:pk>/locations/add/",
        locations.LocationCreateView.as_view(),
        name="location_create",
    ),
    path(
        "enterprises/<int:pk>/products/add/",
        products.ProductCreateView.as_view(),
        name="product_create",
    ),
    path("locations/", locations.LocationListView.as_view(), name="location_list"),
    path("locations/<int:pk>/edit/", locations.LocationEditView.as_view(), name="location_edit"),
    path("products/", products.ProductListView.as_view(), name="product_list"),
    path("products/<int:pk>/", products.ProductDetailView.as_view(), name="product_detail"),
    path("products/<int:pk>/edit/", products.ProductEditView.as_view(), name="product_edit"),
    path("products/<int:pk>/image/", products.ProductImageView.as_view(), name="product_image"),
    path("products/<int:pk>/batches/add/", batches.BatchCreateView.as_view(), name="batch_create"),
    path("products/<int:pk>/links/add/", links.LinkCreateView.as_view(), name="link_create"),
    path("batches/<int:pk>/", batches.BatchDetailView.as_view(), name="batch_detail"),
    path("batches/<int:pk>/edit/", batches.BatchEditView.as_view(), name="batch_edit"),
    path("batches/<int:pk>/serials/add/", batches.SerialsAddView.as_view(), name="serials_create"),
    path("links/<int:pk>/edit/", links.LinkEditView.as_view(), name="link_edit"),
    path("links/<int:pk>/delete/", links.LinkDeleteView.as_view(), name="link_delete"),
    # -- labels --
    path("products/<int:pk>/qr.<str:fmt>", labels.ProductQRView.as_view(), name="product_qr"),
    path(
        "products/<int:pk>/ean13.<str:fmt>",
        labels.ProductEAN13View.as_view(),
        name="product_ean13",
    ),
    path("batches/<int:pk>/qr.<str:fmt>", labels.BatchQRView.as_view(), name="batch_qr"),
    path(
        "batches/<int:pk>/gs1-128.<str:fmt>",
        labels.BatchGS1128View.as_view(),
        name="batch_gs1_128",
    ),
    path("batches/<int:pk>/labels.pdf", labels.BatchSheetView.as_view(), name="batch_labels"),
    path(
        "batches/<int:pk>/serial-labels.pdf",
        labels.BatchSerialSheetView.as_view(),
        name="batch_serial_labels",
    ),
    path(
        "products/<int:pk>/serial-labels.pdf",
        labels.ProductSerialSheetView.as_view(),
        name="product_serial_labels",
    ),
    path("serials/<int:pk>/qr.<str:fmt>", labels.SerialQRView.as_view(), name="serial_qr"),
    path(
        "serials/<int:pk>/gs1-128.<str:fmt>",
        labels.SerialGS1128View.as_view(),
        name="serial_gs1_128",
    ),
    # -- supply-chain steps --
    path("batches/<int:pk>/steps/add/", steps.StepCreateView.as_view(), name="step_create"),
]
