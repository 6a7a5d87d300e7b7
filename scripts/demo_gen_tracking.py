"""Generates gendan_tracking/demo/gendan_tracking_demo.xml. Run from the repository root: python3 scripts/demo_gen_tracking.py"""
# ruff: noqa: B007, B905, E731

from xml.sax.saxutils import escape

out = []
w = out.append


def day(n):
    return "(DateTime.today() %s relativedelta(days=%d)).strftime('%%Y-%%m-%%d')" % (
        "-" if n < 0 else "+",
        abs(n),
    )


def dt(n, hour=9):
    return (
        "(DateTime.today() %s relativedelta(days=%d)).strftime('%%Y-%%m-%%d %02d:00:00')"
        % ("-" if n < 0 else "+", abs(n), hour)
    )


w('<?xml version="1.0" encoding="utf-8"?>')
w('<odoo noupdate="1">')
w(
    "    <!-- A trading company in Ningbo exporting houseware, textiles, furniture, crafts and electronics. -->"
)
w(
    "    <!-- Make-to-order + buy: every sale order line buys from a Chinese supplier. -->"
)
w('    <function model="stock.route" name="write">')
w("        <value eval=\"[ref('stock.route_warehouse0_mto')]\"/>")
w("        <value eval=\"{'active': True}\"/>")
w("    </function>")

# ---------------- users
users = [
    ("lily", "Lily Chen", "lily.chen@gendan-trading.example", "merch"),
    ("kevin", "Kevin Wang", "kevin.wang@gendan-trading.example", "merch"),
    ("grace", "Grace Liu", "grace.liu@gendan-trading.example", "merch"),
    ("michael", "Michael Zhang", "michael.zhang@gendan-trading.example", "manager"),
]
for key, name, login, role in users:
    grp = (
        "gendan_tracking.group_merchandising_manager"
        if role == "manager"
        else "gendan_tracking.group_merchandiser"
    )
    sales = (
        "sales_team.group_sale_manager"
        if role == "manager"
        else "sales_team.group_sale_salesman_all_leads"
    )
    purch = (
        "purchase.group_purchase_manager"
        if role == "manager"
        else "purchase.group_purchase_user"
    )
    w(f'    <record id="user_{key}_demo" model="res.users">')
    w(f'        <field name="name">{name}</field>')
    w(f'        <field name="login">{login.split("@")[0]}</field>')
    if role == "manager":
        w("        <!-- the manager's home: the team's orders, by merchandiser -->")
        w(
            '        <field name="action_id" ref="gendan_tracking.sale_order_action_gendan_team"/>'
        )
    else:
        w("        <!-- the board is the merchandiser's home, not Discuss -->")
        w(
            '        <field name="action_id" ref="gendan_tracking.sale_order_action_gendan"/>'
        )
    w(f'        <field name="email">{login}</field>')
    w(f'        <field name="password">{login.split("@")[0]}</field>')
    w('        <field name="company_id" ref="base.main_company"/>')
    w(
        '        <field name="company_ids" eval="[Command.link(ref(\'base.main_company\'))]"/>'
    )
    w('        <field name="tz">Asia/Shanghai</field>')
    w(
        f"        <field name=\"groups_id\" eval=\"[Command.link(ref('base.group_user')), Command.link(ref('{sales}')), Command.link(ref('{purch}')), Command.link(ref('stock.group_stock_user')), Command.link(ref('quality_control_oca.group_quality_control_user')), Command.link(ref('{grp}'))]\"/>"
    )
    w("    </record>")

# ---------------- customers
customers = [
    (
        "northwind",
        "Northwind Home Goods Inc.",
        "us",
        "Los Angeles",
        "1200 Harbor Blvd",
        "90012",
        "purchasing@northwind-home.example",
        "+1 213 555 0142",
    ),
    (
        "rheinhaus",
        "Rheinhaus Handel GmbH",
        "de",
        "Hamburg",
        "Speicherstadt 14",
        "20457",
        "einkauf@rheinhaus.example",
        "+49 40 555 2210",
    ),
    (
        "maisonbelle",
        "Maison Belle SARL",
        "fr",
        "Lyon",
        "18 Rue de la République",
        "69002",
        "achats@maisonbelle.example",
        "+33 4 55 12 34 56",
    ),
    (
        "thames",
        "Thames Retail Ltd",
        "uk",
        "Manchester",
        "45 Deansgate",
        "M3 2AY",
        "buying@thamesretail.example",
        "+44 161 555 0199",
    ),
    (
        "southerncross",
        "Southern Cross Living Pty Ltd",
        "au",
        "Sydney",
        "88 George Street",
        "2000",
        "orders@southerncross.example",
        "+61 2 5550 1234",
    ),
    (
        "sakura",
        "Sakura Lifestyle K.K.",
        "jp",
        "Osaka",
        "2-3-1 Umeda, Kita-ku",
        "530-0001",
        "import@sakura-lifestyle.example",
        "+81 6 5550 7788",
    ),
    (
        "desertpearl",
        "Desert Pearl Trading LLC",
        "ae",
        "Dubai",
        "Jebel Ali Free Zone, LOB 16",
        "",
        "trade@desertpearl.example",
        "+971 4 555 6677",
    ),
    (
        "casaverde",
        "Casa Verde Importadora Ltda",
        "br",
        "São Paulo",
        "Av. Paulista 1578",
        "01310-200",
        "compras@casaverde.example",
        "+55 11 5555 3344",
    ),
]
for key, name, cc, city, street, zipc, email, phone in customers:
    w(f'    <record id="res_partner_{key}_demo" model="res.partner">')
    w(f'        <field name="name">{escape(name)}</field>')
    w('        <field name="is_company" eval="True"/>')
    w(f'        <field name="street">{escape(street)}</field>')
    w(f'        <field name="city">{escape(city)}</field>')
    if zipc:
        w(f'        <field name="zip">{zipc}</field>')
    w(f'        <field name="country_id" ref="base.{cc}"/>')
    w(f'        <field name="email">{email}</field>')
    w(f'        <field name="phone">{phone}</field>')
    w('        <field name="customer_rank">1</field>')
    w("    </record>")

suppliers = [
    (
        "hongda",
        "Ningbo Hongda Houseware Co., Ltd.",
        "Ningbo",
        "No. 88 Jiangnan Road, Yinzhou District",
        "sales@hongda-houseware.example",
        "+86 574 5555 8801",
    ),
    (
        "jiahe",
        "Dongguan Jiahe Textile Co., Ltd.",
        "Dongguan",
        "No. 12 Humen Industrial Park",
        "export@jiahe-textile.example",
        "+86 769 5555 2302",
    ),
    (
        "meijia",
        "Foshan Meijia Furniture Co., Ltd.",
        "Foshan",
        "Longjiang Furniture City, Shunde District",
        "info@meijia-furniture.example",
        "+86 757 5555 6603",
    ),
    (
        "xinrui",
        "Yiwu Xinrui Crafts Co., Ltd.",
        "Yiwu",
        "No. 5 Futian Road, District 2",
        "service@xinrui-crafts.example",
        "+86 579 5555 4404",
    ),
    (
        "brightway",
        "Shenzhen Brightway Electronics Co., Ltd.",
        "Shenzhen",
        "Bao'an District, Fuyong Street 210",
        "oem@brightway-elec.example",
        "+86 755 5555 9905",
    ),
]
for key, name, city, street, email, phone in suppliers:
    w(f'    <record id="res_partner_{key}_demo" model="res.partner">')
    w(f'        <field name="name">{escape(name)}</field>')
    w('        <field name="is_company" eval="True"/>')
    w(f'        <field name="street">{escape(street)}</field>')
    w(f'        <field name="city">{city}</field>')
    w('        <field name="country_id" ref="base.cn"/>')
    w(f'        <field name="email">{email}</field>')
    w(f'        <field name="phone">{phone}</field>')
    w('        <field name="supplier_rank">1</field>')
    w("    </record>")

# portal contact of Northwind
w('    <record id="res_partner_northwind_buyer_demo" model="res.partner">')
w('        <field name="name">Emily Carter</field>')
w('        <field name="parent_id" ref="res_partner_northwind_demo"/>')
w('        <field name="function">Sourcing Manager</field>')
w('        <field name="email">emily.carter@northwind-home.example</field>')
w("    </record>")
w('    <record id="user_portal_northwind_demo" model="res.users">')
w('        <field name="login">northwind</field>')
w('        <field name="password">northwind</field>')
w('        <field name="partner_id" ref="res_partner_northwind_buyer_demo"/>')
w('        <field name="company_id" ref="base.main_company"/>')
w(
    '        <field name="company_ids" eval="[Command.link(ref(\'base.main_company\'))]"/>'
)
w(
    '        <field name="groups_id" eval="[Command.set([ref(\'base.group_portal\')])]"/>'
)
w("    </record>")

# ---------------- products
products = [
    # key, name, code, supplier, cost, price, weight, volume, carton qty, tare, carton volume, delay
    (
        "flask",
        "Stainless Steel Vacuum Flask 500 ml",
        "HW-FL500",
        "hongda",
        3.10,
        6.90,
        0.35,
        0.0014,
        24,
        1.2,
        0.046,
        25,
    ),
    (
        "plate",
        "Stoneware Dinner Plate 27 cm",
        "HW-PL27",
        "hongda",
        1.45,
        3.60,
        0.62,
        0.0016,
        36,
        1.5,
        0.058,
        30,
    ),
    (
        "storage",
        "Glass Food Storage Set, 3 pieces",
        "HW-GS03",
        "hongda",
        4.20,
        9.80,
        1.40,
        0.0060,
        8,
        0.9,
        0.052,
        30,
    ),
    (
        "towel",
        "Cotton Bath Towel 70 x 140 cm",
        "TX-BT70",
        "jiahe",
        2.80,
        6.50,
        0.50,
        0.0020,
        40,
        0.8,
        0.085,
        35,
    ),
    (
        "tablecloth",
        "Linen Table Cloth 150 x 250 cm",
        "TX-LT150",
        "jiahe",
        6.40,
        14.90,
        0.70,
        0.0025,
        30,
        0.8,
        0.080,
        35,
    ),
    (
        "chair",
        "Oak Dining Chair, natural finish",
        "FN-OC01",
        "meijia",
        38.00,
        79.00,
        6.50,
        0.1100,
        2,
        1.6,
        0.240,
        45,
    ),
    (
        "basket",
        "Rattan Storage Basket Set of 3",
        "CR-RB03",
        "xinrui",
        7.60,
        16.50,
        1.80,
        0.0300,
        6,
        1.1,
        0.190,
        30,
    ),
    (
        "ornament",
        "Christmas Glass Ornament Set, 12 pieces",
        "CR-XG12",
        "xinrui",
        2.20,
        5.90,
        0.45,
        0.0018,
        48,
        1.3,
        0.095,
        30,
    ),
    (
        "lamp",
        "LED Desk Lamp with USB Charging",
        "EL-DL10",
        "brightway",
        8.90,
        19.90,
        0.90,
        0.0045,
        20,
        1.4,
        0.098,
        35,
    ),
    (
        "speaker",
        "Mini Bluetooth Speaker IPX5",
        "EL-BS05",
        "brightway",
        5.30,
        12.50,
        0.30,
        0.0009,
        50,
        1.2,
        0.052,
        35,
    ),
]
for (
    key,
    name,
    code,
    sup,
    cost,
    price,
    weight,
    volume,
    cq,
    tare,
    cvol,
    delay,
) in products:
    w(f'    <record id="product_{key}_demo" model="product.product">')
    w(f'        <field name="name">{escape(name)}</field>')
    w(f'        <field name="default_code">{code}</field>')
    w('        <field name="type">consu</field>')
    w('        <field name="is_storable" eval="True"/>')
    w(f'        <field name="list_price">{price}</field>')
    w(f'        <field name="standard_price">{cost}</field>')
    w(f'        <field name="weight">{weight}</field>')
    w(f'        <field name="volume">{volume}</field>')
    w('        <field name="invoice_policy">order</field>')
    w(
        "        <field name=\"route_ids\" eval=\"[Command.set([ref('stock.route_warehouse0_mto'), ref('purchase_stock.route_warehouse0_buy')])]\"/>"
    )
    w(
        f"        <field name=\"seller_ids\" eval=\"[Command.create({{'partner_id': ref('res_partner_{sup}_demo'), 'price': {cost}, 'delay': {delay}, 'min_qty': 0}})]\"/>"
    )
    w("    </record>")
    w(f'    <record id="product_packaging_{key}_demo" model="product.packaging">')
    w(f'        <field name="name">Export carton of {cq}</field>')
    w(f'        <field name="product_id" ref="product_{key}_demo"/>')
    w(f'        <field name="qty">{cq}</field>')
    w(f'        <field name="gendan_tare_weight">{tare}</field>')
    w(f'        <field name="gendan_carton_volume">{cvol}</field>')
    w("    </record>")

# ---------------- QC test
w('    <record id="qc_test_export_demo" model="qc.test">')
w('        <field name="name">Export AQL 2.5 final inspection</field>')
w("    </record>")
for qkey, qname in [
    ("appearance", "Appearance and finish (AQL 2.5)"),
    ("packing", "Carton marking and packing"),
]:
    w(f'    <record id="qc_question_{qkey}_demo" model="qc.test.question">')
    w('        <field name="test" ref="qc_test_export_demo"/>')
    w(f'        <field name="name">{qname}</field>')
    w('        <field name="type">qualitative</field>')
    w("    </record>")
    w(f'    <record id="qc_value_{qkey}_ok_demo" model="qc.test.question.value">')
    w(f'        <field name="test_line" ref="qc_question_{qkey}_demo"/>')
    w('        <field name="name">Conform</field>')
    w('        <field name="ok" eval="True"/>')
    w("    </record>")
    w(f'    <record id="qc_value_{qkey}_ko_demo" model="qc.test.question.value">')
    w(f'        <field name="test_line" ref="qc_question_{qkey}_demo"/>')
    w('        <field name="name">Defects above AQL</field>')
    w('        <field name="ok" eval="False"/>')
    w("    </record>")

# ---------------- orders
# num, customer, merch, order_day, commitment_day, target stage, lines [(product, qty)], template
T_EXPORT = "gendan_tracking.gendan_milestone_template_export"
T_CUSTOM = "gendan_tracking.gendan_milestone_template_custom"
T_STOCK = "gendan_tracking.gendan_milestone_template_stock"
orders = [
    (
        1,
        "northwind",
        "lily",
        -3,
        55,
        "review",
        [("flask", 2400), ("storage", 800)],
        T_EXPORT,
    ),
    (2, "sakura", "kevin", -1, 60, "review", [("plate", 3600)], T_EXPORT),
    (
        3,
        "desertpearl",
        "grace",
        -6,
        45,
        "review",
        [("lamp", 1000), ("speaker", 2000)],
        T_EXPORT,
    ),
    (
        4,
        "maisonbelle",
        "lily",
        -9,
        50,
        "review_confirmed",
        [("tablecloth", 900)],
        T_EXPORT,
    ),
    (5, "rheinhaus", "kevin", -10, 42, "confirmed", [("towel", 4000)], T_EXPORT),
    (
        6,
        "thames",
        "grace",
        -13,
        48,
        "confirmed",
        [("ornament", 4800), ("basket", 600)],
        T_EXPORT,
    ),
    (7, "southerncross", "lily", -5, 58, "confirmed", [("chair", 240)], T_CUSTOM),
    (8, "northwind", "kevin", -20, 30, "production", [("lamp", 1200)], T_EXPORT),
    (9, "casaverde", "grace", -26, 36, "production", [("flask", 3000)], T_EXPORT),
    (
        10,
        "rheinhaus",
        "lily",
        -32,
        21,
        "production",
        [("plate", 7200), ("storage", 400)],
        T_EXPORT,
    ),
    (
        11,
        "sakura",
        "kevin",
        -41,
        16,
        "production",
        [("towel", 2400), ("tablecloth", 600)],
        T_EXPORT,
    ),
    (12, "maisonbelle", "grace", -36, 26, "production", [("chair", 160)], T_EXPORT),
    (13, "thames", "lily", -46, 12, "production", [("speaker", 5000)], T_EXPORT),
    (14, "desertpearl", "kevin", -52, 9, "inspection", [("basket", 1200)], T_EXPORT),
    (
        15,
        "northwind",
        "grace",
        -50,
        10,
        "inspection_failed",
        [("ornament", 9600)],
        T_EXPORT,
    ),
    (
        16,
        "southerncross",
        "lily",
        -48,
        14,
        "inspection_ready",
        [("flask", 1920)],
        T_EXPORT,
    ),
    (
        17,
        "casaverde",
        "kevin",
        -58,
        7,
        "inspection_reinspected",
        [("lamp", 800), ("speaker", 1500)],
        T_EXPORT,
    ),
    (18, "rheinhaus", "grace", -62, 3, "shipping", [("towel", 3200)], T_EXPORT),
    (19, "sakura", "lily", -57, 6, "shipping", [("plate", 2880)], T_EXPORT),
    (
        20,
        "thames",
        "kevin",
        -72,
        -2,
        "shipping_late",
        [("storage", 1200), ("flask", 1200)],
        T_EXPORT,
    ),
    (26, "rheinhaus", "michael", -15, 40, "cancel", [("flask", 600)], T_EXPORT),
]


# ---- The order book of the last four months: one order due every day,
# shipped and delivered (closed once paid), so that a merchandiser's month
# counts about ten orders and one event moves a rate by ten points, not thirty.
# About one in seven misses OTIF: mostly shipped short (in full missed), three
# shipped late (a late-shipment order error each); OTIF reads 80-90 % in every
# merchandiser's month and the order error rate a few percent.
# Orders 21 to 25 carry the stories of the complaints and the surveys.
TRANSIT = {
    "sakura": 4,
    "southerncross": 14,
    "desertpearl": 18,
    "northwind": 18,
    "casaverde": 30,
    "rheinhaus": 30,
    "maisonbelle": 30,
    "thames": 30,
}
HISTORY_SLOTS = 58
story_missed = {21: ("late", 7), 25: ("short", 20)}
story = {
    # slot: (n, customer, merchandiser, lines)
    0: (22, "maisonbelle", "kevin", [("tablecloth", 1200), ("towel", 1600)]),
    9: (23, "desertpearl", "grace", [("speaker", 3000)]),
    17: (21, "northwind", "lily", [("chair", 120)]),
    25: (24, "southerncross", "grace", [("basket", 900), ("ornament", 2400)]),
    38: (25, "casaverde", "lily", [("lamp", 1500)]),
}
cust_cycle = [
    "northwind",
    "rheinhaus",
    "sakura",
    "thames",
    "southerncross",
    "maisonbelle",
    "desertpearl",
    "casaverde",
]
merch_cycle = ["lily", "kevin", "grace"]
qty_of = {
    "flask": 2400,
    "plate": 3600,
    "storage": 960,
    "towel": 3000,
    "tablecloth": 900,
    "chair": 160,
    "basket": 720,
    "ornament": 4800,
    "lamp": 1200,
    "speaker": 2500,
}
late_by = {}
short_of = {}
ship_mode = {}


def near_customer(k, c):
    """A recent order goes to a customer near enough to have its goods by now."""
    return next(
        (
            cust_cycle[(k + i) % len(cust_cycle)]
            for i in range(len(cust_cycle))
            if c - 1 + TRANSIT[cust_cycle[(k + i) % len(cust_cycle)]] <= -2
        ),
        cust_cycle[k % len(cust_cycle)],
    )


def lines_of(k):
    p1 = products[k % len(products)][0]
    p2 = products[(k * 3 + 1) % len(products)][0]
    return [(p1, qty_of[p1])] + (
        [(p2, qty_of[p2] // 2)] if k % 4 == 1 and p2 != p1 else []
    )


# (n, customer, merchandiser, order day, due day, lines) of the delivered order book:
# the even days as the first demo had them, then one more order on every odd day
booked = []
next_n = 27
for k in range(HISTORY_SLOTS):
    c = -6 - 2 * k
    if k in story:
        n, cust, merch, lines = story[k]
    else:
        n, next_n = next_n, next_n + 1
        cust, merch, lines = near_customer(k, c), merch_cycle[k % 3], lines_of(k)
    # the stories keep their order days; the others are spread out below
    lead = 55 + (k * 7) % 20
    booked.append((n, cust, merch, c - lead if k in story else None, c, lines))
next_n = 100
for j in range(HISTORY_SLOTS + 1):
    c = -7 - 2 * j
    n, next_n = next_n, next_n + 1
    k = j + 3
    booked.append(
        (n, near_customer(k, c), merch_cycle[(j + 2) % 3], None, c, lines_of(k * 7 + 2))
    )

# OTIF misses: each merchandiser misses one order in about three weeks (OTIF
# 80-90 % in a month of ten orders due), mostly shipped short; three were
# shipped late (a late-shipment order error each, one merchandiser-month apart
# from their other errors). Order 20, due two days ago and not shipped, is one
# of Kevin's.
MISS_TARGETS = {
    "lily": [-19, -61, -103],
    "kevin": [-23, -44, -86, -107],
    "grace": [-12, -33, -75, -96, -117],
}
LATE_TARGETS = {"kevin": (-72, 4), "grace": (-54, 5)}
for n, (kind, amount) in story_missed.items():
    (late_by if kind == "late" else short_of)[n] = amount
free = [b for b in booked if b[0] not in story_missed and b[0] not in range(21, 26)]
for merch, targets in MISS_TARGETS.items():
    for target in targets + [LATE_TARGETS.get(merch, (None,))[0]]:
        if target is None:
            continue
        n, cust, _m, d, c, lines = min(
            (
                b
                for b in free
                if b[2] == merch and b[0] not in late_by and b[0] not in short_of
            ),
            key=lambda b, t=target: (abs(b[4] - t), b[0]),
        )
        if merch in LATE_TARGETS and target == LATE_TARGETS[merch][0]:
            late_by[n] = LATE_TARGETS[merch][1]
        else:
            short_of[n] = max(lines[0][1] // 50, 2)


def pay_lag(n):
    """Days after the due day of the payment (30 days after the B/L): at most
    two days late, so that an unpaid order is never long overdue."""
    return 29 + n % 4


history = []
for n, cust, merch, d, c, lines in booked:
    ship = c + late_by.get(n, -1)
    # shipped long enough ago to have arrived; air freight for the last ones
    ship_mode[n] = "air" if n == 22 or ship + TRANSIT[cust] > -2 else "sea"
    stage = "closed" if ship + 1 + pay_lag(n) <= -2 else "delivered"
    history.append((n, cust, merch, d, c, stage, lines, T_EXPORT))
orders += history

# The order book in hand: one more order due on every day of the next two
# months, in the stage its dates put it in (confirmed, in production, inspected).
used_days = {o[4] for o in orders}
pipeline = set()
next_n = 200
for i, c in enumerate(range(8, 53)):
    if c in used_days:
        continue
    n, next_n = next_n, next_n + 1
    pipeline.add(n)
    orders.append(
        (
            n,
            cust_cycle[(i * 5) % len(cust_cycle)],
            # the merchandiser with the fewest orders of the last four months
            min(
                merch_cycle,
                key=lambda m: (
                    sum(1 for o in orders if o[2] == m and o[4] - 45 >= -123),
                    merch_cycle.index(m),
                ),
            ),
            None,
            c,
            None,
            lines_of(i * 3 + 1),
            T_EXPORT,
        )
    )


# The other orders came in 45 to 90 days before their due day. Those due in
# the last four months and the next two came in evenly over the last four
# months, for each merchandiser (neither the gaps in due days nor the orders in
# hand leave a month with few new orders): about one a day for the team, so
# that every month's scorecard counts ten orders or so per merchandiser.
BOOK_START = -123
for merch in merch_cycle:
    mine = sorted(
        (index for index, o in enumerate(orders) if o[2] == merch and o[3] is None),
        key=lambda index: orders[index][4],
    )
    recent = [index for index in mine if orders[index][4] - 45 >= BOOK_START]
    for index in mine:
        n, cust, merch_, _d, c, stage, lines, tmpl = orders[index]
        if index in recent:
            rank = recent.index(index)
            even = round(BOOK_START + (-5 - BOOK_START) * rank / (len(recent) - 1))
            d = max(min(even, c - 45, -5), c - 90)
        else:
            d = c - 50 - n % 16
        if stage is None:
            stage = "confirmed" if d >= -5 else "production" if c > 10 else "inspection"
        orders[index] = (n, cust, merch_, d, c, stage, lines, tmpl)
orders.sort(key=lambda o: o[0])


def ship_day_of(n, c):
    """The day the goods left: the day before the commitment, or late."""
    return min(c + late_by.get(n, -1), 0)


def transit_of(n, cust):
    return 5 if ship_mode.get(n) == "air" else TRANSIT[cust]


def pay_day_of(n, c):
    """The payment's day: the accountant registers the customers' transfers
    every third day (one payment run registers them all)."""
    paid = min(ship_day_of(n, c) + 1 + pay_lag(n), -2)
    return paid - (paid + 2) % 3


def so(n):
    return f"sale_order_{n:02d}_demo"


for n, cust, merch, d, c, stage, lines, tmpl in orders:
    w(f'    <record id="{so(n)}" model="sale.order">')
    w(f'        <field name="partner_id" ref="res_partner_{cust}_demo"/>')
    w(f'        <field name="merchandiser_id" ref="user_{merch}_demo"/>')
    w('        <field name="user_id" ref="user_michael_demo"/>')
    w(f'        <field name="date_order" eval="{dt(d)}"/>')
    w(f'        <field name="commitment_date" eval="{dt(c, 10)}"/>')
    w(f'        <field name="milestone_template_id" ref="{tmpl}"/>')
    w(
        '        <field name="client_order_ref">PO-%s-%04d</field>'
        % (cust[:3].upper(), 2200 + n * 7)
    )
    review = {
        "review": n == 1
        and ["review_specification", "review_quantity", "review_price"]
        or (n == 3 and "all")
        or [],
    }
    if stage == "review":
        items = review["review"]
    else:
        items = "all"
    names = [
        "review_specification",
        "review_quantity",
        "review_price",
        "review_delivery_date",
        "review_payment_terms",
        "review_packing",
    ]
    if items == "all":
        items = names
    if n == 4:
        items = names[:5]
    for f in items:
        w(f'        <field name="{f}" eval="True"/>')
    ol = ", ".join(
        f"Command.create({{'product_id': ref('product_{p}_demo'), 'product_uom_qty': {q}, 'tax_id': [Command.clear()]}})"
        for p, q in lines
    )
    w(f'        <field name="order_line" eval="[{ol}]"/>')
    w("    </record>")


def ids(ns):
    return "[" + ", ".join(f"ref('{so(n)}')" for n in ns) + "]"


by_stage = lambda *stages: [o[0] for o in orders if o[5] in stages]
confirmed_all = [o[0] for o in orders if o[5] not in ("review", "cancel")]


def po_of(n):
    return f"obj().search([('gendan_sale_order_ids', 'in', [ref('{so(n)}')])]).ids"


w(
    "    <!-- Quotations get their T&A plan on request, confirmed orders on confirmation. -->"
)
w('    <function model="sale.order" name="action_gendan_regenerate_plan">')
w(f'        <value eval="{ids(by_stage("review", "cancel"))}"/>')
w("    </function>")
w('    <function model="gendan.milestone" name="action_skip">')
w(
    f"        <value model=\"gendan.milestone\" eval=\"obj().search([('order_id', 'in', {ids(by_stage('cancel'))})]).ids\"/>"
)
w("    </function>")
w('    <function model="sale.order" name="action_cancel">')
w(f'        <value eval="{ids(by_stage("cancel"))}"/>')
w("    </function>")
w(
    "    <!-- One order at a time, and its RFQ is sent at once, so that each order gets its own purchase order. -->"
)
for n in confirmed_all:
    w('    <function model="sale.order" name="action_confirm">')
    w(f"        <value eval=\"[ref('{so(n)}')]\"/>")
    w("    </function>")
    w('    <function model="purchase.order" name="print_quotation">')
    w(f'        <value model="purchase.order" eval="{po_of(n)}"/>')
    w("    </function>")
w(
    "    <!-- Confirmation stamps today as the order date: put the orders back on their real dates and replan. -->"
)
for n, cust, merch, d, c, stage, lines, tmpl in orders:
    if n in confirmed_all:
        w(f'    <record id="{so(n)}" model="sale.order">')
        w(f'        <field name="date_order" eval="{dt(d)}"/>')
        w("    </record>")
w('    <function model="sale.order" name="action_gendan_regenerate_plan">')
w(f'        <value eval="{ids(confirmed_all)}"/>')
w("    </function>")
w(
    "    <!-- The orders came in on their order date, not at install: so does their creation (confirmation time). -->"
)
w('    <function model="sale.order" name="_gendan_demo_backdate_creation">')
w(f'        <value eval="{ids([o[0] for o in orders])}"/>')
w("    </function>")

w(
    "    <!-- Customer confirmations (signed PI, email) recorded a few days after the order. -->"
)
channels = ["signed_pi", "email", "signed_pi", "email"]
for i, (n, cust, merch, d, c, stage, lines, tmpl) in enumerate(orders):
    if n in confirmed_all and stage != "review_confirmed":
        lag = 1 + (n % 4)
        w(
            '    <function model="sale.order" name="_gendan_record_customer_confirmation">'
        )
        w(f"        <value eval=\"[ref('{so(n)}')]\"/>")
        w(f"        <value>{channels[n % 4]}</value>")
        w(f'        <value eval="{dt(d + lag, 15 if n % 2 else 11)}"/>')
        w("    </function>")


def pick_of(n, code):
    if code == "incoming":
        return f"obj().search([('purchase_id.gendan_sale_order_ids', 'in', [ref('{so(n)}')]), ('picking_type_code', '=', 'incoming')]).ids"
    return f"obj().search([('sale_id', '=', ref('{so(n)}')), ('picking_type_code', '=', 'outgoing')]).ids"


def ms(n, line):
    return f"obj().search([('order_id', '=', ref('{so(n)}')), ('template_line_id', '=', ref('gendan_tracking.{line}'))]).ids"


# Manual milestone completions for orders past confirmation
EX = "gendan_milestone_template_export_line_%02d"
stage_rank = {
    "review": 0,
    "review_confirmed": 0,
    "confirmed": 1,
    "production": 2,
    "inspection": 3,
    "inspection_failed": 3,
    "inspection_ready": 3,
    "inspection_reinspected": 3,
    "shipping": 4,
    "shipping_late": 4,
    "delivered": 5,
    "closed": 6,
    "cancel": -1,
}
w(
    "    <!-- Milestones the merchandisers closed by hand; some late, with the reason. -->"
)
for n, cust, merch, d, c, stage, lines, tmpl in orders:
    r = stage_rank[stage]
    if tmpl != T_EXPORT or r < 1:
        continue
    done = [(1, d, None)]
    slip = late_by.get(n, 0)
    if r >= 2:
        late = n in (9, 13, 17) or (n > 20 and n % 9 == 0)
        done.append((4, d + 12 + (6 if late else -3), "customer" if late else None))
    if r == 3:
        # the supplier's raw material arrived before production started
        done.append((5, c - 37, None))
    if r >= 3:
        late = n in (14, 17)
        done.append((6, c - 30 + (4 if late else -3), "supplier" if late else None))
        done.append(
            (7, c - 18 + (3 if n == 15 else -3), "supplier" if n == 15 else None)
        )
    if r >= 4:
        late = n == 20 or slip
        done.append(
            (8, c - 10 + (slip + 2 if late else -3), "supplier" if late else None)
        )
        done.append((10, c - 10 + (slip if slip else -3), "supplier" if slip else None))
    if r >= 5:
        done.append(
            (11, c - 3 + (slip - 1 if slip else -3), "internal" if slip else None)
        )
    if n in pipeline:
        # what the calendar of the plan has reached, done a little early
        if d + 9 > -1:
            done = [x for x in done if x[0] != 4]
        if r == 2:
            for line, plan in ((5, c - 35), (6, c - 30), (7, c - 18)):
                if plan - 2 <= -1:
                    done.append((line, plan - 2, None))
        if r == 3:
            done += [(8, c - 12, None), (10, c - 12, None)]
    for line, actual, reason in done:
        if actual > 0:
            actual, reason = 0, reason or "internal"
        vals = f"'actual_date': {day(actual)}"
        if reason:
            vals += f", 'delay_reason': '{reason}'"
        w('    <function model="gendan.milestone" name="write">')
        w(f'        <value model="gendan.milestone" eval="{ms(n, EX % line)}"/>')
        w(f'        <value eval="{{{vals}}}"/>')
        w("    </function>")

# open late milestone reasons
w('    <function model="gendan.milestone" name="write">')
w(
    f'        <value model="gendan.milestone" eval="{ms(11, EX % 5)} + {ms(13, EX % 5)}"/>'
)
w(
    "        <value eval=\"{'delay_reason': 'supplier', 'note': 'Supplier short of raw material; partial delivery agreed.'}\"/>"
)
w("    </function>")

# POs: promises, confirmation, expedite logs
prod_plus = [o[0] for o in orders if stage_rank[o[5]] >= 2]
w(
    "    <!-- Purchase orders created by the MTO/buy route: supplier promises, then confirmation. -->"
)
promise = {}
for n, cust, merch, d, c, stage, lines, tmpl in orders:
    if stage_rank[stage] < 1:
        continue
    p = max(c - 38, d + 3) if n not in (11, 13, 15) else c - 20
    promise[n] = p
    vals = f"'date_order': {dt(min(d + 2, 0), 8)}, 'supplier_promised_date': {day(p)}, 'supplier_confirmed': {n in prod_plus}"
    if stage_rank[stage] < 4:
        vals += f", 'next_followup_date': {day(3 + n % 5 if n not in (10, 13) else -1)}"
    w('    <function model="purchase.order" name="write">')
    w(f'        <value model="purchase.order" eval="{po_of(n)}"/>')
    w(f'        <value eval="{{{vals}}}"/>')
    w("    </function>")
w('    <function model="purchase.order" name="button_confirm">')
w(
    '        <value model="purchase.order" eval="'
    + " + ".join(po_of(n) for n in prod_plus)
    + '"/>'
)
w("    </function>")
logs = [
    (
        10,
        -6,
        "Mr. Zhou (sales)",
        "Kiln maintenance delayed the glaze line by one week.",
        4,
    ),
    (
        10,
        -1,
        "Mr. Zhou (sales)",
        "Called again: plates fired, storage sets waiting for lids.",
        6,
    ),
    (11, -8, "Ms. Li (export)", "Dyeing house backlog; towels re-scheduled.", None),
    (11, -2, "Ms. Li (export)", "Supplier confirms new date after visit.", 9),
    (
        13,
        -5,
        "Mr. Huang (factory manager)",
        "Bluetooth chip shortage, waiting for the new batch.",
        12,
    ),
    (13, 0, "Mr. Huang (factory manager)", "Chips arrived; assembly line booked.", 10),
    (8, -3, "Ms. Wu (sales)", "Routine follow-up: production on schedule.", None),
    (
        15,
        -9,
        "Mr. Chen (QC)",
        "Asked for rework plan after the failed final inspection.",
        4,
    ),
]
w(
    "    <!-- The goods of the orders in hand come from their suppliers a few days before they ship. -->"
)
for n, cust, merch, d, c, stage, lines, tmpl in orders:
    if n in pipeline and stage_rank[stage] >= 2:
        w('    <function model="stock.picking" name="write">')
        w(f'        <value model="stock.picking" eval="{pick_of(n, "incoming")}"/>')
        w(f"        <value eval=\"{{'scheduled_date': {dt(c - 5, 10)}}}\"/>")
        w("    </function>")
w("    <!-- Expediting log (催货记录) -->")
for n, dd, contact, note, newp in logs:
    vals = f"'purchase_id': obj().search([('gendan_sale_order_ids', 'in', [ref('{so(n)}')])], limit=1).id, 'date': {day(dd)}, 'contact': {contact!r}, 'note': {note!r}"
    if newp is not None:
        vals += f", 'new_promised_date': {day(newp)}"
    w('    <function model="gendan.expedite.log" name="create">')
    w(
        f'        <value model="purchase.order" eval="{{{escape(vals, {chr(34): "&quot;"})}}}"/>'
    )
    w("    </function>")

# production issues
issues = [
    (
        11,
        "material",
        "Dyed yarn for the navy towels is out of shade; the dye lot is being redone.",
        "kevin",
        -9,
        None,
    ),
    (
        13,
        "capacity",
        "Assembly line shared with another customer's rush order.",
        "lily",
        -12,
        -4,
    ),
    (
        9,
        "specification",
        "Customer changed the lid colour from black to grey after PP sample.",
        "grace",
        -14,
        -10,
    ),
]
for i, (n, typ, desc, owner, rep, res) in enumerate(issues):
    w(
        f'    <record id="gendan_production_issue_{i + 1}_demo" model="gendan.production.issue">'
    )
    w(f'        <field name="order_id" ref="{so(n)}"/>')
    w(f'        <field name="name">{escape(desc.split(";")[0].split(",")[0])}</field>')
    w(f'        <field name="issue_type">{typ}</field>')
    w(f'        <field name="description">{escape(desc)}</field>')
    w(f'        <field name="owner_id" ref="user_{owner}_demo"/>')
    w(f'        <field name="date_reported" eval="{day(rep)}"/>')
    if res is not None:
        w(f'        <field name="date_resolved" eval="{day(res)}"/>')
        w(
            '        <field name="resolution">Supplier moved the order to line 2; overtime approved.</field>'
        )
        w('        <field name="state">resolved</field>')
    w("    </record>")


# Inspections
def inspection(xid, n, product, stage_, ok, state_after):
    w(f'    <record id="{xid}" model="qc.inspection">')
    w(
        f"        <field name=\"object_id\" eval=\"'product.product,%s' % ref('product_{product}_demo')\"/>"
    )
    w(f'        <field name="sale_order_id" ref="{so(n)}"/>')
    w(f'        <field name="inspection_stage">{stage_}</field>')
    w('        <field name="test" ref="qc_test_export_demo"/>')
    w('        <field name="qty">125</field>')
    w("    </record>")
    for q in ("appearance", "packing"):
        good = ok or q == "packing"
        w(f'    <record id="{xid}_{q}" model="qc.inspection.line">')
        w(f'        <field name="inspection_id" ref="{xid}"/>')
        w(
            f'        <field name="name">{"Appearance and finish (AQL 2.5)" if q == "appearance" else "Carton marking and packing"}</field>'
        )
        w(f'        <field name="test_line" ref="qc_question_{q}_demo"/>')
        w('        <field name="question_type">qualitative</field>')
        w(
            f"        <field name=\"possible_ql_values\" eval=\"[Command.set([ref('qc_value_{q}_ok_demo'), ref('qc_value_{q}_ko_demo')])]\"/>"
        )
        if state_after != "ready":
            w(
                f'        <field name="qualitative_value" ref="qc_value_{q}_{"ok" if good else "ko"}_demo"/>'
            )
        w("    </record>")
    w(
        f'    <function model="qc.inspection" name="action_todo"><value eval="[ref(\'{xid}\')]"/></function>'
    )
    if state_after != "ready":
        w(
            f'    <function model="qc.inspection" name="action_confirm"><value eval="[ref(\'{xid}\')]"/></function>'
        )
        if not ok:
            w(
                f'    <function model="qc.inspection" name="action_approve"><value eval="[ref(\'{xid}\')]"/></function>'
            )


w("    <!-- Inspections at the suppliers: passed, failed, re-inspected, waiting. -->")
inspected = []
for n, cust, merch, d, c, stage, lines, tmpl in orders:
    r = stage_rank[stage]
    if r < 3:
        continue
    p0 = lines[0][0]
    if stage == "inspection_ready":
        inspection(f"qc_inspection_{n:02d}_final_demo", n, p0, "final", True, "ready")
    elif stage == "inspection_failed":
        inspection(f"qc_inspection_{n:02d}_final_demo", n, p0, "final", False, "done")
    elif stage == "inspection_reinspected" or n == 22 or (n > 26 and n % 8 == 3):
        inspection(f"qc_inspection_{n:02d}_final_demo", n, p0, "final", False, "done")
        w(f'    <record id="qc_inspection_{n:02d}_final_demo" model="qc.inspection"/>')
        inspection(
            f"qc_inspection_{n:02d}_reinspect_demo", n, p0, "final", True, "done"
        )
        w(
            f'    <record id="qc_inspection_{n:02d}_reinspect_demo" model="qc.inspection">'
        )
        w(
            f'        <field name="reinspection_of_id" ref="qc_inspection_{n:02d}_final_demo"/>'
        )
        w("    </record>")
    else:
        inspection(f"qc_inspection_{n:02d}_final_demo", n, p0, "final", True, "done")

# Receipts for shipping+ -> material received, delivery ready (shipping)
ship_plus = [o[0] for o in orders if stage_rank[o[5]] >= 4]
w(
    "    <!-- Goods received from the suppliers: the deliveries become ready (stage Shipping). -->"
)
w('    <function model="stock.picking" name="button_validate">')
w(
    '        <value model="stock.picking" eval="'
    + " + ".join(pick_of(n, "incoming") for n in ship_plus)
    + '"/>'
)
w("    </function>")

# Shipment data
carriers = [
    "COSCO Shipping",
    "Maersk",
    "Evergreen",
    "ONE",
    "Hapag-Lloyd",
    "MSC",
    "CMA CGM",
]
w("    <!-- Shipments: booking, ETD/ETA, B/L and container numbers. -->")
for n, cust, merch, d, c, stage, lines, tmpl in orders:
    if n not in ship_plus:
        continue
    mode = ship_mode.get(n, "sea")
    transit = transit_of(n, cust)
    ship_day = ship_day_of(n, c)
    etd = (
        ship_day
        if stage_rank[stage] >= 5
        else -3
        if stage == "shipping_late"
        else c - 1
    )
    eta = etd + transit
    state = {"shipping": "planned", "shipping_late": "departed"}.get(stage) or (
        "arrived" if eta < 0 else "in_transit"
    )
    # a delivered order's goods have arrived: no shipment still on its way
    assert stage_rank[stage] < 5 or state == "arrived", (n, etd, eta)
    vals = (
        f"'transport_mode': '{mode}', 'carrier_name': '{carriers[n % 7] if mode == 'sea' else 'DHL Global Forwarding'}', "
        f"'etd': {day(etd)}, 'eta': {day(eta)}, 'transport_state': '{state}'"
    )
    if stage_rank[stage] >= 5 or stage == "shipping_late":
        vals += f", 'atd': {day(etd)}, 'bl_number': 'NGB{2600000 + n * 3571}', 'container_number': 'CSNU{7100000 + n * 1237}', 'tracking_ref': 'BK{880000 + n * 41}'"
    if state == "arrived":
        vals += f", 'ata': {day(eta)}"
    w('    <function model="stock.picking" name="write">')
    w(f'        <value model="stock.picking" eval="{pick_of(n, "outgoing")}"/>')
    w(f'        <value eval="{{{vals}}}"/>')
    w("    </function>")

deliv_plus = [o[0] for o in orders if stage_rank[o[5]] >= 5]
w("    <!-- Deliveries validated: goods shipped, stage Delivered. -->")
w('    <function model="stock.picking" name="button_validate">')
w(
    '        <value model="stock.picking" eval="'
    + " + ".join(pick_of(n, "outgoing") for n in deliv_plus if n not in short_of)
    + '"/>'
)
w("    </function>")
for n, cust, merch, d, c, stage, lines, tmpl in orders:
    if n not in deliv_plus:
        continue
    if n not in short_of:
        continue
    # short shipment: the rest is not sent later (no backorder)
    short_qty = lines[0][1] - short_of[n]
    w('    <function model="stock.move" name="write">')
    w(
        f"        <value model=\"stock.move\" eval=\"obj().search([('picking_id', 'in', obj().env['stock.picking'].search([('sale_id', '=', ref('{so(n)}')), ('picking_type_code', '=', 'outgoing')]).ids), ('product_id', '=', ref('product_{lines[0][0]}_demo'))]).ids\"/>"
    )
    w(f"        <value eval=\"{{'quantity': {short_qty}, 'picked': True}}\"/>")
    w("    </function>")
    w(
        '    <function model="stock.picking" name="_action_done" context="{\'cancel_backorder\': True}">'
    )
    w(f'        <value model="stock.picking" eval="{pick_of(n, "outgoing")}"/>')
    w("    </function>")

w("    <!-- Commercial invoices. -->")
w('    <function model="sale.order" name="_create_invoices">')
w(f'        <value eval="{ids(deliv_plus)}"/>')
# one invoice per order (grouped), not one per customer
w('        <value eval="True"/>')
w("    </function>")
for n, cust, merch, d, c, stage, lines, tmpl in orders:
    if n in deliv_plus:
        w('    <function model="account.move" name="write">')
        w(
            f"        <value model=\"account.move\" eval=\"obj().search([('line_ids.sale_line_ids.order_id', '=', ref('{so(n)}'))]).ids\"/>"
        )
        w(
            f"        <value eval=\"{{'invoice_date': {day(min(ship_day_of(n, c) + 1, 0))}}}\"/>"
        )
        w("    </function>")
w('    <function model="account.move" name="action_post">')
w(
    '        <value model="account.move" eval="'
    + " + ".join(
        f"obj().search([('line_ids.sale_line_ids.order_id', '=', ref('{so(n)}'))]).ids"
        for n in deliv_plus
    )
    + '"/>'
)
w("    </function>")

closed = by_stage("closed")
w("    <!-- Payments received, in payment runs: stage Closed. -->")
runs = {}
for n in closed:
    c = [o for o in orders if o[0] == n][0][4]
    runs.setdefault(pay_day_of(n, c), []).append(n)
for paid, run in sorted(runs.items()):
    for n in run:
        w('    <function model="ir.model.data" name="create">')
        w(
            f"        <value model=\"account.move\" eval=\"{{'module': 'gendan_tracking', 'name': 'account_move_invoice_{n:02d}_demo', 'model': 'account.move', 'noupdate': True, 'res_id': obj().search([('line_ids.sale_line_ids.order_id', '=', ref('{so(n)}'))], limit=1).id}}\"/>"
        )
        w("    </function>")
    invoices = ", ".join(f"ref('account_move_invoice_{n:02d}_demo')" for n in run)
    w(
        f"    <record id=\"account_payment_register_{run[0]:02d}_demo\" model=\"account.payment.register\" context=\"{{'active_model': 'account.move', 'active_ids': [{invoices}]}}\">"
    )
    w(f'        <field name="payment_date" eval="{day(paid)}"/>')
    w('        <field name="group_payment" eval="False"/>')
    w("    </record>")
    w(
        f'    <function model="account.payment.register" name="action_create_payments"><value eval="[ref(\'account_payment_register_{run[0]:02d}_demo\')]"/></function>'
    )


# ---- The events above ran today; date them back to when they happened in the story.
def rule_ms(n, rule):
    return f"obj().search([('order_id', '=', ref('{so(n)}')), ('auto_rule', '=', '{rule}'), ('res_model', '!=', False)]).ids"


def cap(x):
    # yesterday at the latest: an event dated today at 14:00 may not have happened yet
    return min(x, -1)


w(
    "    <!-- The events above ran today: date them back to when they happened in the story. -->"
)
shipped_on_time = []
for n, cust, merch, d, c, stage, lines, tmpl in orders:
    r = stage_rank[stage]
    if r < 2:
        continue
    events = []
    po_day = cap(d + (9 if n == 11 else 4))
    events.append(
        (
            "purchase.order",
            po_of(n),
            f"'date_approve': {dt(po_day, 10)}",
            "po_confirmed",
            po_day,
        )
    )
    if r >= 3:
        insp_day = cap(c - (5 if n == 17 else 8))
        events.append(
            (
                "qc.inspection",
                f"obj().search([('sale_order_id', '=', ref('{so(n)}')), ('state', '=', 'success'), ('inspection_stage', '!=', 'incoming')]).ids",
                f"'date': {dt(insp_day, 9)}, 'date_done': {dt(insp_day, 14)}",
                "inspection_passed",
                insp_day,
            )
        )
        events.append(
            (
                "qc.inspection",
                f"obj().search([('sale_order_id', '=', ref('{so(n)}')), ('state', '=', 'failed')]).ids",
                f"'date': {dt(cap(c - 11), 9)}, 'date_done': {dt(cap(c - 11), 14)}",
                None,
                None,
            )
        )
    if r >= 4:
        # on the supplier's promise (two days late now and then), before production
        rec_day = cap(promise[n] + (2 if n % 6 == 1 else 0))
        events.append(
            (
                "stock.picking",
                pick_of(n, "incoming"),
                f"'date_done': {dt(rec_day, 11)}",
                "material_received",
                rec_day,
            )
        )
    if r >= 5:
        ship_day = ship_day_of(n, c)
        events.append(
            (
                "stock.picking",
                pick_of(n, "outgoing"),
                f"'date_done': {dt(ship_day, 16)}",
                "shipped",
                ship_day,
            )
        )
        if ship_day > c:
            events.append(
                (
                    "gendan.order.error",
                    f"obj().search([('order_id', '=', ref('{so(n)}')), ('error_type', '=', 'late_shipment')]).ids",
                    f"'date': {day(ship_day)}",
                    None,
                    None,
                )
            )
        else:
            # validated today, after its commitment date, but it shipped on time in the story
            shipped_on_time.append(n)
    if r >= 6:
        events.append(
            (
                "gendan.milestone",
                rule_ms(n, "payment_received"),
                f"'actual_date': {day(pay_day_of(n, c))}",
                None,
                None,
            )
        )
    for model, domain, vals, rule, when in events:
        w(f'    <function model="{model}" name="write">')
        w(f'        <value model="{model}" eval="{domain}"/>')
        w(f'        <value eval="{{{vals}}}"/>')
        w("    </function>")
        if model == "stock.picking":
            w('    <function model="stock.move" name="write">')
            w(
                f'        <value model="stock.picking" eval="obj().browse({domain}).move_ids.ids"/>'
            )
            w(f'        <value eval="{{{vals.replace("date_done", "date")}}}"/>')
            w("    </function>")
        if rule:
            w('    <function model="gendan.milestone" name="write">')
            w(f'        <value model="gendan.milestone" eval="{rule_ms(n, rule)}"/>')
            w(f"        <value eval=\"{{'actual_date': {day(when)}}}\"/>")
            w("    </function>")

w('    <function model="gendan.order.error" name="unlink">')
w(
    f"        <value model=\"gendan.order.error\" eval=\"obj().search([('order_id', 'in', {ids(shipped_on_time)}), ('error_type', '=', 'late_shipment')]).ids\"/>"
)
w("    </function>")
w("    <!-- Order errors found by the team. -->")
old_a = [o for o in orders if o[4] == -6 - 2 * 40][0]
old_b = [o for o in orders if o[4] == -6 - 2 * 48][0]
old_c = [o for o in orders if o[4] == -6 - 2 * 44][0]
errors = [
    (
        11,
        "data_entry",
        "Carton marks typed with the wrong customer item number.",
        "michael",
        -20,
    ),
    (
        old_a[0],
        "specification",
        "Colour code on the purchase order differed from the approved sample.",
        "grace",
        old_a[3] + 6,
    ),
    (
        old_b[0],
        "price",
        "Unit price copied from last year's price list.",
        "michael",
        old_b[3] + 3,
    ),
    (
        old_c[0],
        "document",
        "Packing list sent with gross weight missing.",
        "lily",
        old_c[4] - 2,
    ),
]
for i, (n, typ, desc, by, dd) in enumerate(errors):
    merch = [o for o in orders if o[0] == n][0][2]
    w(f'    <record id="gendan_order_error_{i + 1}_demo" model="gendan.order.error">')
    w(f'        <field name="order_id" ref="{so(n)}"/>')
    w(f'        <field name="merchandiser_id" ref="user_{merch}_demo"/>')
    w(f'        <field name="error_type">{typ}</field>')
    w(f'        <field name="date" eval="{day(dd)}"/>')
    w(f'        <field name="found_by_id" ref="user_{by}_demo"/>')
    w(f'        <field name="description">{escape(desc)}</field>')
    w("    </record>")


# ---------------- risks, costs, documents, complaints (control)
def dtn(n, hour=9):
    return dt(n, hour)


w("    <!-- Risks (风险) of several levels. -->")
risks = [
    (
        13,
        "Bluetooth chip shortage may delay assembly",
        "supplier_delay",
        4,
        5,
        "open",
        "kevin",
        "Second chip source qualified; air freight of chips if needed.",
        3,
    ),
    (
        11,
        "Towel shade out of tolerance on the navy colour",
        "quality",
        3,
        4,
        "mitigating",
        "kevin",
        "Lab dip approved again; shade band sent to the dyeing house.",
        5,
    ),
    (
        20,
        "Vessel rollover at Ningbo port",
        "logistics",
        3,
        3,
        "open",
        "lily",
        "Booked on the next vessel with a space guarantee.",
        2,
    ),
    (
        10,
        "Customer pays balance 60 days after B/L",
        "payment",
        2,
        4,
        "open",
        "lily",
        "Ask for a letter of credit on the next order.",
        10,
    ),
    (
        8,
        "Copper price increase on lamp bases",
        "cost",
        2,
        2,
        "open",
        "kevin",
        "Price fixed with the supplier until the end of the month.",
        14,
    ),
    (
        6,
        "Customer may change the ornament colours",
        "spec_change",
        2,
        3,
        "mitigating",
        "grace",
        "Colour card signed by the buyer before bulk.",
        7,
    ),
    (
        22,
        "Air freight rates peak before Christmas",
        "cost",
        1,
        2,
        "closed",
        "kevin",
        "Rate fixed with the forwarder.",
        -3,
    ),
]
for i, (n, name, cat, prob, imp, state, owner, mitig, dl) in enumerate(risks):
    w(f'    <record id="gendan_risk_{i + 1:02d}_demo" model="gendan.risk">')
    w(f'        <field name="order_id" ref="{so(n)}"/>')
    w(f'        <field name="name">{escape(name)}</field>')
    w(f'        <field name="category">{cat}</field>')
    w(f'        <field name="probability">{prob}</field>')
    w(f'        <field name="impact">{imp}</field>')
    w(f'        <field name="owner_id" ref="user_{owner}_demo"/>')
    w(f'        <field name="mitigation">{escape(mitig)}</field>')
    w(f'        <field name="date_deadline" eval="{day(dl)}"/>')
    w(f'        <field name="state">{state}</field>')
    w("    </record>")

w("    <!-- Cost sheets (成本核算): budget against actual, two orders over budget. -->")
for n, cust, merch, d, c, stage, lines, tmpl in orders:
    if stage_rank[stage] < 2:
        continue
    revenue = sum(q * [x for x in products if x[0] == pkey][0][5] for pkey, q in lines)
    cost = sum(q * [x for x in products if x[0] == pkey][0][4] for pkey, q in lines)
    over = {21: 1.12, 23: 1.02, 13: 1.05}.get(n, 0.97)
    done = stage_rank[stage] >= 5
    # The goods' actual cost comes from the confirmed purchase order (its own
    # cost line, made by the cost sync): the material line is a budget only,
    # so that an overrun is the purchase price against the budget.
    rows = [
        (
            "material",
            "Goods bought from the supplier",
            round(cost / (over if done or n == 13 else 1.0), 2),
            0.0,
        ),
        (
            "packaging",
            "Export cartons and labels",
            round(revenue * 0.02, 2),
            round(revenue * 0.02 * (1.0 if n != 21 else 1.3), 2) if done else 0.0,
        ),
        (
            "inspection",
            "Third-party inspection",
            280.0,
            280.0 if stage_rank[stage] >= 3 else 0.0,
        ),
        (
            "freight",
            "Inland trucking and port charges",
            round(revenue * 0.03, 2),
            round(revenue * 0.03 * (1.25 if n == 23 else 0.95), 2) if done else 0.0,
        ),
    ]
    for j, (ctype, label, budget, actual) in enumerate(rows):
        w(
            f'    <record id="gendan_cost_line_{n:02d}_{j + 1}_demo" model="gendan.cost.line">'
        )
        w(f'        <field name="order_id" ref="{so(n)}"/>')
        w(f'        <field name="cost_type">{ctype}</field>')
        w(f'        <field name="name">{label}</field>')
        w(f'        <field name="budget_amount">{budget}</field>')
        if actual:
            w(f'        <field name="actual_amount">{actual}</field>')
        w("    </record>")

w("    <!-- Export documents (单证), partly complete. -->")
doc_states = {
    18: ["ready", "ready", "draft", "missing"],
    19: ["ready", "draft", "missing", "missing"],
    20: ["sent", "sent", "ready", "draft"],
    21: ["sent", "sent", "sent", "sent"],
    22: ["sent", "sent", "sent", "ready"],
    23: ["sent", "sent", "sent", "sent"],
    24: ["sent", "sent", "sent", "sent"],
    25: ["sent", "sent", "sent", "sent"],
    14: ["draft", "missing", "missing", "missing"],
}
for n, cust, merch, d, c, stage, lines, tmpl in orders:
    if n > 26 and stage_rank[stage] >= 5:
        # the documents went with the goods; a closed order here and there never
        # got its certificate of origin (the customer did not need it after all)
        doc_states[n] = [
            "sent",
            "sent",
            "sent",
            "missing" if n % 10 == 7 and stage == "closed" else "sent",
        ]
for n, states in doc_states.items():
    for j, (dtype, state) in enumerate(
        zip(
            [
                "commercial_invoice",
                "packing_list",
                "bill_of_lading",
                "certificate_of_origin",
            ],
            states,
        )
    ):
        w(
            f'    <record id="gendan_document_{n:02d}_{dtype}_demo" model="gendan.document">'
        )
        w(f'        <field name="order_id" ref="{so(n)}"/>')
        w(f'        <field name="doc_type">{dtype}</field>')
        if state in ("ready", "sent"):
            w(
                '        <field name="file" type="base64" file="gendan_tracking/demo/files/export_document_sample.pdf"/>'
            )
            w(f'        <field name="file_name">{dtype}_{so(n)[:13]}.pdf</field>')
            w("    </record>")
            if state == "sent":
                w(
                    f'    <record id="gendan_document_{n:02d}_{dtype}_demo" model="gendan.document">'
                )
                w('        <field name="state">sent</field>')
                w("    </record>")
            continue
        w(f'        <field name="state">{state}</field>')
        w("    </record>")

w("    <!-- Customer complaints (客诉) in every state. -->")
complaints = [
    (
        23,
        "Two cartons crushed on arrival in Jebel Ali",
        "quality",
        "medium",
        -6,
        "new",
        None,
        None,
        "<p>Two cartons of speakers arrived crushed; 40 units damaged.</p>",
        None,
    ),
    (
        21,
        "Chairs delivered one week after the agreed date",
        "delay",
        "high",
        -12,
        "investigating",
        -11,
        None,
        "<p>The chairs missed the promotion start date.</p>",
        "<p>Finish changed after the PP sample; production restarted.</p>",
    ),
    (
        24,
        "Wrong barcode labels on 120 baskets",
        "documents",
        "low",
        -40,
        "resolved",
        -40,
        -36,
        "<p>Barcode labels show last season's item number.</p>",
        "<p>Labels template not updated after the item change.</p>",
    ),
    (
        25,
        "Short shipment of 20 lamps",
        "quantity",
        "medium",
        -50,
        "closed",
        -49,
        -45,
        "<p>1,480 lamps received instead of 1,500.</p>",
        "<p>One carton left at the consolidation warehouse.</p>",
    ),
]
for i, (n, subject, ctype, sev, rec, state, resp, resv, desc, cause) in enumerate(
    complaints
):
    w(f'    <record id="gendan_complaint_{i + 1}_demo" model="gendan.complaint">')
    w(f'        <field name="subject">{escape(subject)}</field>')
    w(f'        <field name="order_id" ref="{so(n)}"/>')
    w(f'        <field name="complaint_type">{ctype}</field>')
    w(f'        <field name="severity">{sev}</field>')
    w(f'        <field name="date_received" eval="{dtn(rec, 8)}"/>')
    w(f'        <field name="description">{escape(desc)}</field>')
    if cause:
        w(f'        <field name="root_cause">{escape(cause)}</field>')
    if resp is not None:
        w(f'        <field name="date_first_response" eval="{dtn(resp, 15)}"/>')
    if resv is not None:
        w(f'        <field name="date_resolved" eval="{dtn(resv, 17)}"/>')
        w(
            '        <field name="resolution">&lt;p&gt;Credit note for the affected units; checklist updated.&lt;/p&gt;</field>'
        )
    w(f'        <field name="state">{state}</field>')
    w("    </record>")

w(
    "    <!-- Contracts (合同): signed when the customer confirmed, executing in production, completed once paid; their key clauses. -->"
)
contract_state = {0: "negotiation", 1: "signed", 6: "completed"}
for n, cust, merch, d, c, stage, lines, tmpl in orders:
    r = stage_rank[stage]
    if n not in confirmed_all:
        continue
    state = contract_state.get(r, "executing")
    signed = d + 1 + (n % 4)
    shipped = ship_day_of(n, c)
    on_time = r >= 5 and n not in late_by
    clauses = [
        ("30% deposit by T/T before production", "payment", "michael", d + 7, r >= 2),
        (
            "AQL 2.5 final inspection passed before shipment",
            "quality",
            merch,
            c - 7,
            r >= 4,
        ),
        ("Shipment on or before the agreed date", "delivery", merch, c, on_time),
        (
            "70% balance against the copy of the B/L",
            "payment",
            "michael",
            min(shipped, c) + 30,
            r >= 6,
        ),
    ]
    if cust in ("northwind", "thames"):
        clauses.append(
            (
                "Late delivery penalty: 0.5% per day, at most 5%",
                "penalty",
                "michael",
                c,
                on_time,
            )
        )
    w(f'    <record id="{so(n)}" model="sale.order">')
    w(f'        <field name="contract_number">NB-{2600 + n * 13}</field>')
    w(
        f'        <field name="contract_state">{state if r > 0 else "negotiation"}</field>'
    )
    if r > 0:
        w(f'        <field name="contract_signed_date" eval="{day(min(signed, 0))}"/>')
    commands = ", ".join(
        f"Command.create({{'name': {name!r}, 'clause_type': '{ctype}', 'owner_id': ref('user_{owner}_demo'), 'date_due': {day(due)}, 'fulfilled': {done}}})"
        for name, ctype, owner, due, done in clauses
    )
    w(f'        <field name="contract_clause_ids" eval="[{commands}]"/>')
    w("    </record>")

w(
    "    <!-- Milestones done at confirmation were planned from the install day: plan them from the order date. -->"
)
w('    <function model="sale.order" name="_gendan_demo_replan_done_milestones">')
w(f'        <value eval="{ids(confirmed_all)}"/>')
w("    </function>")
w("    <!-- Today's states and delays, as the daily follow-up computes them. -->")
w('    <function model="gendan.milestone" name="_cron_daily_followup"/>')
w("</odoo>")
open("gendan_tracking/demo/gendan_tracking_demo.xml", "w").write("\n".join(out) + "\n")
