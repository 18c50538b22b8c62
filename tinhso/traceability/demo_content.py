"""What the traceability demo loads (tinhso.traceability.demo): four producers in real
communes of Lai Châu, their locations, products, batches and links. The communes are the org
tree's real ones (by official code); names of people, tax codes, GS1 company prefixes (893),
item and location references, coordinates, dates and quantities are illustrative."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tinhso.traceability.choices import (
    LinkType,
    LocationKind,
    NetContentUnit,
    ProductCategory,
    QuantityUnit,
)

ENTERPRISE_USER = "htxchetan"


@dataclass(frozen=True)
class LocationSpec:
    name: str
    kind: str
    commune: str  # official code of the commune or ward
    latitude: str
    longitude: str
    address: str
    gln_ref: str = ""  # location reference after the company prefix; "" for a provincial code


@dataclass(frozen=True)
class BatchSpec:
    lot: str
    made: dt.date
    expires: dt.date | None
    quantity: str
    unit: str
    origin: str  # a location's name
    serials: tuple[str, str] | None = None  # first and last of a range


@dataclass(frozen=True)
class ProductSpec:
    name: str
    name_en: str
    category: str
    description: str
    item_ref: str  # item reference after the company prefix; "" for a product with no GTIN
    net_content: str
    unit: str
    certifications: list[dict[str, Any]] = field(default_factory=list)
    batches: tuple[BatchSpec, ...] = ()
    links: tuple[tuple[str, str, str], ...] = ()  # (link type, address, title); "{gtin}" filled
    image: tuple[int, int, int] | None = None  # colour of a generated picture


@dataclass(frozen=True)
class EnterpriseSpec:
    name: str
    tax_code: str
    prefix: str
    commune: str
    address: str
    representative: str
    phone: str
    locations: tuple[LocationSpec, ...]
    products: tuple[ProductSpec, ...]
    account: str = ""


OCOP = "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Lai Châu"
PIP = (LinkType.PIP.value, "/01/{gtin}", "Thông tin sản phẩm")
OCOP_LINK = (LinkType.CERTIFICATION_INFO.value, "https://ocop.gov.vn/", "Chương trình OCOP")
SHOP = (LinkType.HAS_RETAILERS.value, "https://postmart.vn/", "Mua trên Postmart")

ENTERPRISES = (
    EnterpriseSpec(
        name="Hợp tác xã Chè Shan tuyết Sìn Hồ",
        tax_code="6200990101",
        prefix="8936120",
        commune="03478",
        address="Trung tâm xã Sìn Hồ, tỉnh Lai Châu",
        representative="Lò Văn Thắng",
        phone="0214 3870 101",
        account=ENTERPRISE_USER,
        locations=(
            LocationSpec(
                "Vùng chè Shan tuyết cổ thụ",
                LocationKind.FARM,
                "03478",
                "22.365012",
                "103.247301",
                "Sườn núi phía đông xã Sìn Hồ, độ cao khoảng 1.500 m",
            ),
            LocationSpec(
                "Xưởng chế biến chè",
                LocationKind.PLANT,
                "03478",
                "22.358104",
                "103.239215",
                "Trung tâm xã Sìn Hồ",
                gln_ref="00011",
            ),
            LocationSpec(
                "Cửa hàng giới thiệu sản phẩm OCOP",
                LocationKind.SHOP,
                "03408",
                "22.398520",
                "103.456731",
                "Phường Tân Phong, tỉnh Lai Châu",
            ),
        ),
        products=(
            ProductSpec(
                name="Chè Shan tuyết Sìn Hồ – hộp 100 g",
                name_en="Sin Ho Shan tuyet tea, 100 g box",
                category=ProductCategory.TEA,
                description=(
                    "Búp chè Shan tuyết cổ thụ hái tay trên núi cao Sìn Hồ, "
                    "sao sấy theo cách truyền thống."
                ),
                item_ref="00001",
                net_content="100",
                unit=NetContentUnit.GRAM,
                certifications=[
                    {
                        "name": "VietGAP",
                        "number": "VG-LC-2024-017",
                        "issuer": "Tổ chức chứng nhận VietGAP",
                        "valid_until": "2027-06-30",
                    },
                    {
                        "name": "OCOP 4 sao",
                        "number": "125/QĐ-UBND",
                        "issuer": OCOP,
                        "valid_until": "2028-03-15",
                    },
                ],
                batches=(
                    BatchSpec(
                        "SHT-2025-03",
                        dt.date(2025, 4, 10),
                        dt.date(2026, 4, 10),
                        "350",
                        QuantityUnit.KILOGRAM,
                        "Vùng chè Shan tuyết cổ thụ",
                        serials=("SHT2503-0001", "SHT2503-0024"),
                    ),
                    BatchSpec(
                        "SHT-2025-09",
                        dt.date(2025, 9, 15),
                        dt.date(2026, 9, 15),
                        "420",
                        QuantityUnit.KILOGRAM,
                        "Vùng chè Shan tuyết cổ thụ",
                    ),
                ),
                links=(PIP, OCOP_LINK, SHOP),
                image=(46, 125, 50),
            ),
            ProductSpec(
                name="Chè Shan tuyết Sìn Hồ – túi 500 g",
                name_en="Sin Ho Shan tuyet tea, 500 g bag",
                category=ProductCategory.TEA,
                description="Chè Shan tuyết đóng túi lớn cho nhà hàng, quán trà.",
                item_ref="00002",
                net_content="500",
                unit=NetContentUnit.GRAM,
                certifications=[
                    {
                        "name": "VietGAP",
                        "number": "VG-LC-2024-017",
                        "issuer": "Tổ chức chứng nhận VietGAP",
                        "valid_until": "2027-06-30",
                    },
                ],
                batches=(
                    BatchSpec(
                        "SHT-2025-03B",
                        dt.date(2025, 4, 12),
                        dt.date(2026, 4, 12),
                        "120",
                        QuantityUnit.KILOGRAM,
                        "Vùng chè Shan tuyết cổ thụ",
                    ),
                ),
                links=(PIP,),
            ),
        ),
    ),
    EnterpriseSpec(
        name="Hợp tác xã Thảo quả Sì Lở Lầu",
        tax_code="6200990102",
        prefix="8936121",
        commune="03562",
        address="Xã Sì Lở Lầu, tỉnh Lai Châu",
        representative="Tẩn Láo Lở",
        phone="0214 3890 102",
        locations=(
            LocationSpec(
                "Vùng trồng thảo quả dưới tán rừng",
                LocationKind.FARM,
                "03562",
                "22.689215",
                "103.315402",
                "Rừng phòng hộ giáp biên giới, xã Sì Lở Lầu",
            ),
            LocationSpec(
                "Lò sấy thảo quả",
                LocationKind.PLANT,
                "03562",
                "22.681330",
                "103.308771",
                "Trung tâm xã Sì Lở Lầu",
                gln_ref="00019",
            ),
        ),
        products=(
            ProductSpec(
                name="Thảo quả khô Sì Lở Lầu – túi 500 g",
                name_en="Si Lo Lau dried black cardamom, 500 g bag",
                category=ProductCategory.CARDAMOM,
                description="Quả thảo quả chín thu hái dưới tán rừng, sấy bằng lò củi.",
                item_ref="00005",
                net_content="500",
                unit=NetContentUnit.GRAM,
                certifications=[
                    {
                        "name": "OCOP 3 sao",
                        "number": "98/QĐ-UBND",
                        "issuer": OCOP,
                        "valid_until": "2027-11-30",
                    },
                ],
                batches=(
                    BatchSpec(
                        "TQ-2025-11",
                        dt.date(2025, 11, 20),
                        dt.date(2027, 11, 20),
                        "1200",
                        QuantityUnit.KILOGRAM,
                        "Vùng trồng thảo quả dưới tán rừng",
                    ),
                ),
                links=(PIP, OCOP_LINK),
                image=(121, 49, 39),
            ),
        ),
    ),
    EnterpriseSpec(
        name="Công ty TNHH Nông sản Than Uyên",
        tax_code="6200990103",
        prefix="8936122",
        commune="03618",
        address="Xã Mường Than, tỉnh Lai Châu",
        representative="Hoàng Thị Lan",
        phone="0214 3784 103",
        locations=(
            LocationSpec(
                "Cánh đồng lúa Mường Than",
                LocationKind.FARM,
                "03618",
                "21.908015",
                "103.852140",
                "Cánh đồng Mường Than",
            ),
            LocationSpec(
                "Nhà máy xay xát và kho thóc",
                LocationKind.PLANT,
                "03595",
                "21.956220",
                "103.883105",
                "Xã Than Uyên",
                gln_ref="00027",
            ),
            LocationSpec(
                "Trại ong Khoen On",
                LocationKind.FARM,
                "03640",
                "21.840310",
                "103.790544",
                "Xã Khoen On",
            ),
        ),
        products=(
            ProductSpec(
                name="Gạo Séng Cù Mường Than – túi 5 kg",
                name_en="Muong Than Seng Cu rice, 5 kg bag",
                category=ProductCategory.RICE,
                description="Gạo Séng Cù trồng trên cánh đồng Mường Than, xay xát tại Than Uyên.",
                item_ref="00013",
                net_content="5",
                unit=NetContentUnit.KILOGRAM,
                certifications=[
                    {
                        "name": "OCOP 4 sao",
                        "number": "211/QĐ-UBND",
                        "issuer": OCOP,
                        "valid_until": "2028-08-31",
                    },
                ],
                batches=(
                    BatchSpec(
                        "GSC-2025-10",
                        dt.date(2025, 10, 25),
                        dt.date(2026, 10, 25),
                        "8",
                        QuantityUnit.TONNE,
                        "Cánh đồng lúa Mường Than",
                    ),
                ),
                links=(PIP, SHOP),
                image=(230, 214, 160),
            ),
            ProductSpec(
                name="Mật ong hoa rừng Than Uyên – chai 500 ml",
                name_en="Than Uyen wild-flower honey, 500 ml bottle",
                category=ProductCategory.HONEY,
                description="Mật ong hoa rừng do đàn ong nội ở Khoen On làm ra.",
                item_ref="00020",
                net_content="500",
                unit=NetContentUnit.MILLILITRE,
                batches=(
                    BatchSpec(
                        "MO-2025-05",
                        dt.date(2025, 5, 20),
                        dt.date(2027, 5, 20),
                        "600",
                        QuantityUnit.LITRE,
                        "Trại ong Khoen On",
                    ),
                ),
                links=(PIP,),
            ),
        ),
    ),
    EnterpriseSpec(
        name="Hợp tác xã Dược liệu Tả Lèng",
        tax_code="6200990104",
        prefix="",
        commune="03405",
        address="Xã Tả Lèng, tỉnh Lai Châu",
        representative="Chảo Láo Tả",
        phone="0214 3795 104",
        locations=(
            LocationSpec(
                "Vườn đương quy",
                LocationKind.FARM,
                "03405",
                "22.412470",
                "103.541820",
                "Xã Tả Lèng",
            ),
        ),
        products=(
            ProductSpec(
                name="Đương quy khô Tả Lèng",
                name_en="Ta Leng dried angelica root",
                category=ProductCategory.MEDICINAL_HERBS,
                description="Rễ đương quy thái lát, phơi khô. Chưa đăng ký mã số mã vạch.",
                item_ref="",
                net_content="250",
                unit=NetContentUnit.GRAM,
            ),
        ),
    ),
)
