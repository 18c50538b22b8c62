"""The registry's fixed vocabularies: kinds of location, the province's product types, units of
net content and of batch quantities, and the GS1 Web Vocabulary link types an enterprise may
point a product's QR code to."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LocationKind(models.TextChoices):
    FARM = "farm", _("Farm or growing area")
    PLANT = "plant", _("Processing plant")
    WAREHOUSE = "warehouse", _("Warehouse")
    SHOP = "shop", _("Shop")


class ProductCategory(models.TextChoices):
    """The province's main traceable products; "other" for the rest."""

    TEA = "tea", _("Tea")
    CARDAMOM = "cardamom", _("Cardamom")
    RICE = "rice", _("Rice")
    HONEY = "honey", _("Honey")
    MEDICINAL_HERBS = "medicinal_herbs", _("Medicinal herbs")
    FRUIT = "fruit", _("Fruit")
    OTHER = "other", pgettext_lazy("product type", "Other")


class NetContentUnit(models.TextChoices):
    """Units of a consumer pack's net content: a mass or a volume."""

    GRAM = "g", _("g")
    KILOGRAM = "kg", _("kg")
    MILLILITRE = "ml", _("ml")
    LITRE = "l", _("litre")


class QuantityUnit(models.TextChoices):
    """Units of a batch's quantity: in bulk, or in packs."""

    KILOGRAM = "kg", _("kg")
    TONNE = "t", _("tonne")
    LITRE = "l", _("litre")
    PIECE = "piece", _("piece")
    PACKAGE = "package", _("package")
    BOX = "box", _("box")


class LinkType(models.TextChoices):
    """Link types of the GS1 Web Vocabulary (https://ref.gs1.org/voc/) that fit the province's
    products, written as the resolver writes them (CURIEs with the ``gs1:`` prefix)."""

    PIP = "gs1:pip", _("Product information page")
    CERTIFICATION_INFO = "gs1:certificationInfo", _("Certification information")
    TRACEABILITY = "gs1:traceability", _("Traceability information")
    RECIPE_INFO = "gs1:recipeInfo", _("Recipes")
    PRODUCT_SUSTAINABILITY_INFO = "gs1:productSustainabilityInfo", _("Sustainability information")
    HAS_RETAILERS = "gs1:hasRetailers", _("Where to buy")
    INGREDIENTS_INFO = "gs1:ingredientsInfo", _("Ingredients")
    NUTRITIONAL_INFO = "gs1:nutritionalInfo", _("Nutritional information")
    CONSUMER_HANDLING_STORAGE_INFO = (
        "gs1:consumerHandlingStorageInfo",
        _("Handling and storage"),
    )
    INSTRUCTIONS = "gs1:instructions", _("Instructions for use")
    PROMOTION = "gs1:promotion", _("Promotion")
    RELATED_VIDEO = "gs1:relatedVideo", _("Video")
    SOCIAL_MEDIA = "gs1:socialMedia", _("Social media")
    FAQS = "gs1:faqs", _("Frequently asked questions")
    RECALL_STATUS = "gs1:recallStatus", _("Recall status")
