"""Generates gendan_appraisal/demo/gendan_appraisal_demo.xml. Run from the repository root: python3 scripts/demo_gen_appraisal.py"""
# ruff: noqa: B007, B905, E731

out = []
w = out.append


def day(n):
    return "(DateTime.today() %s relativedelta(days=%d)).strftime('%%Y-%%m-%%d')" % (
        "-" if n < 0 else "+",
        abs(n),
    )


w('<?xml version="1.0" encoding="utf-8"?>')
w('<odoo noupdate="1">')
w("    <!-- Satisfaction surveys (客户满意度) on delivered and closed orders. -->")
surveys = [
    (
        21,
        4,
        4,
        5,
        "phone",
        "Chairs arrived one week late, but the quality is excellent.",
        -8,
    ),
    (
        22,
        5,
        5,
        5,
        "email",
        "Air shipment in time for our catalogue launch. Thank you, Kevin!",
        -1,
    ),
    (
        23,
        3,
        4,
        4,
        "email",
        "Two cartons crushed on arrival; replacement agreed quickly.",
        -5,
    ),
    (24, 4, 5, 4, "phone", "Good follow-up during production, photos every week.", -40),
    (25, 5, 4, 5, "portal", "", -33),
    (27, 3, 3, 4, "phone", "We need the shipping documents earlier.", -2),
    (29, 4, 4, 4, "email", "", -6),
    (31, 5, 4, 4, "portal", "Good packing, no damage.", -10),
    (34, 4, 3, 3, "phone", "Replies to our emails were slow this time.", -3),
    (37, 4, 4, 5, "email", "", -12),
    (40, 5, 5, 4, "portal", "", -4),
    (43, 3, 4, 4, "phone", "Colour slightly darker than the approved sample.", -10),
    (46, 4, 5, 5, "email", "", -28),
    (49, 4, 4, 4, "portal", "", -50),
]
for n, pq, sq, cm, src, comment, dd in surveys:
    w(f'    <record id="gendan_satisfaction_{n:02d}_demo" model="gendan.satisfaction">')
    w(f'        <field name="order_id" ref="gendan_tracking.sale_order_{n:02d}_demo"/>')
    w(f'        <field name="date" eval="{day(dd)}"/>')
    w(f'        <field name="product_quality">{pq}</field>')
    w(f'        <field name="service_quality">{sq}</field>')
    w(f'        <field name="communication">{cm}</field>')
    w(f'        <field name="source">{src}</field>')
    if comment:
        w(f'        <field name="comment">{comment}</field>')
    w('        <field name="state">done</field>')
    w("    </record>")

users = "obj([ref('gendan_tracking.user_lily_demo'), ref('gendan_tracking.user_kevin_demo'), ref('gendan_tracking.user_grace_demo')])"
w(
    "    <!-- Monthly scorecards (月度考核) of the last three months, computed from the order data by the real engine. -->"
)
for m in (3, 2, 1):
    first = f"(DateTime.today().date().replace(day=1) - relativedelta(months={m}))"
    last = f"(DateTime.today().date().replace(day=1) - relativedelta(months={m - 1}, days=1))"
    w('    <function model="gendan.appraisal" name="_create_scorecards">')
    w(f'        <value eval="{first}"/>')
    w(f'        <value eval="{last}"/>')
    w(f'        <value model="res.users" eval="{users}"/>')
    w("    </function>")


def cards(user, m):
    return f"obj().search([('user_id', '=', ref('gendan_tracking.user_{user}_demo')), ('date_from', '=', DateTime.today().date().replace(day=1) - relativedelta(months={m}))]).ids"


def manual_lines(user, m):
    return f"obj().search([('appraisal_id.user_id', '=', ref('gendan_tracking.user_{user}_demo')), ('appraisal_id.date_from', '=', DateTime.today().date().replace(day=1) - relativedelta(months={m})), ('kind', '=', 'manual')]).ids"


w('    <function model="gendan.appraisal" name="write">')
w(
    "        <value model=\"gendan.appraisal\" eval=\"obj().search([('user_id', 'in', [ref('gendan_tracking.user_lily_demo'), ref('gendan_tracking.user_kevin_demo'), ref('gendan_tracking.user_grace_demo')])]).ids\"/>"
)
w("        <value eval=\"{'reviewer_id': ref('gendan_tracking.user_michael_demo')}\"/>")
w("    </function>")

selfs = {
    "lily": "Closed the Casa Verde lamps and the Northwind chairs; the chair order shipped late because the customer changed the finish.",
    "kevin": "Handled the Maison Belle air shipment on time. I need to follow suppliers of textiles more closely.",
    "grace": "Two failed inspections at Yiwu; I organised rework and re-inspection. Documents were complete for every shipment.",
}
comments = {
    "lily": "Reliable follow-up and clear reports to customers. Watch the review of drawings before confirming.",
    "kevin": "Good communication with customers; expediting of suppliers must start earlier.",
    "grace": "Strong on quality; plan inspections earlier to keep slack before shipping.",
}
scores = {
    "lily": (88, 85, 80, 90),
    "kevin": (78, 82, 75, 80),
    "grace": (85, 90, 84, 88),
}
# target state per month and user
flow = {
    3: {"lily": "done", "kevin": "done", "grace": "acknowledged"},
    2: {"lily": "acknowledged", "kevin": "approved", "grace": "approved"},
    1: {"lily": "approved_appealed", "kevin": "self_review", "grace": "draft"},
}
manual_codes = ["initiative", "teamwork", "time_utilisation", "document_management"]
for m in (3, 2, 1):
    for user, target in flow[m].items():
        # scores of the manual lines, one write per indicator
        for code, score in zip(manual_codes, scores[user]):
            w('    <function model="gendan.appraisal.line" name="write">')
            w(
                f"        <value model=\"gendan.appraisal.line\" eval=\"obj().search([('appraisal_id', 'in', obj().env['gendan.appraisal'].search([('user_id', '=', ref('gendan_tracking.user_{user}_demo')), ('date_from', '=', DateTime.today().date().replace(day=1) - relativedelta(months={m}))]).ids), ('indicator_id', '=', ref('gendan_appraisal.indicator_{code}'))]).ids\"/>"
            )
            w(f"        <value eval=\"{{'score': {score - m}}}\"/>")
            w("    </function>")
        if target == "draft":
            continue
        w('    <function model="gendan.appraisal" name="write">')
        w(f'        <value model="gendan.appraisal" eval="{cards(user, m)}"/>')
        w(f"        <value eval=\"{{'self_assessment': {selfs[user]!r}}}\"/>")
        w("    </function>")
        w(
            f'    <function model="gendan.appraisal" name="action_self_review" uid="gendan_tracking.user_{user}_demo">'
        )
        w(f'        <value model="gendan.appraisal" eval="{cards(user, m)}"/>')
        w("    </function>")
        if target == "self_review":
            continue
        w(
            f'    <function model="gendan.appraisal" name="action_submit_review" uid="gendan_tracking.user_{user}_demo">'
        )
        w(f'        <value model="gendan.appraisal" eval="{cards(user, m)}"/>')
        w("    </function>")
        w('    <function model="gendan.appraisal" name="write">')
        w(f'        <value model="gendan.appraisal" eval="{cards(user, m)}"/>')
        w(
            f"        <value eval=\"{{'reviewer_comment': {comments[user]!r}, 'improvement_plan': 'Weekly supplier call list; check the T&amp;A plan every Monday.'}}\"/>"
        )
        w("    </function>")
        if target == "review":
            continue
        w(
            '    <function model="gendan.appraisal" name="action_approve" uid="gendan_tracking.user_michael_demo">'
        )
        w(f'        <value model="gendan.appraisal" eval="{cards(user, m)}"/>')
        w("    </function>")
        if target == "approved":
            continue
        if target == "approved_appealed":
            w(
                f'    <function model="gendan.appraisal" name="_appeal" uid="gendan_tracking.user_{user}_demo">'
            )
            w(f'        <value model="gendan.appraisal" eval="{cards(user, m)}"/>')
            w(
                "        <value>One order shipped late because the customer changed the artwork after confirming it; please exclude it from my on-time rate.</value>"
            )
            w("    </function>")
            continue
        w(
            f'    <function model="gendan.appraisal" name="action_acknowledge" uid="gendan_tracking.user_{user}_demo">'
        )
        w(f'        <value model="gendan.appraisal" eval="{cards(user, m)}"/>')
        w("    </function>")
        if target == "done":
            w(
                '    <function model="gendan.appraisal" name="action_done" uid="gendan_tracking.user_michael_demo">'
            )
            w(f'        <value model="gendan.appraisal" eval="{cards(user, m)}"/>')
            w("    </function>")

w(
    "    <!-- Annual results (年度考核) of this year, from the approved monthly scorecards. -->"
)
for user, pct, promo, train in [
    ("lily", 5.0, True, "Contract law basics for export sales."),
    ("kevin", 3.0, False, "Supplier expediting and production planning."),
    ("grace", 4.0, False, "English business writing."),
]:
    w(
        f'    <record id="gendan_appraisal_annual_{user}_demo" model="gendan.appraisal.annual">'
    )
    w(f'        <field name="user_id" ref="gendan_tracking.user_{user}_demo"/>')
    w(
        '        <field name="year" eval="(DateTime.today() - relativedelta(months=3)).year"/>'
    )
    w(f'        <field name="salary_adjustment_pct">{pct}</field>')
    w(f'        <field name="promotion_recommended" eval="{promo}"/>')
    w(f'        <field name="training_needs">{train}</field>')
    w("    </record>")
w('    <function model="gendan.appraisal.annual" name="action_compute">')
w(
    "        <value eval=\"[ref('gendan_appraisal_annual_lily_demo'), ref('gendan_appraisal_annual_kevin_demo'), ref('gendan_appraisal_annual_grace_demo')]\"/>"
)
w("    </function>")
w(
    "    <!-- The manager's competency ratings (能力评估), 1 to 5, against the scheme's expected levels. -->"
)
competencies = [
    "attention",
    "communication",
    "organisation",
    "stress",
    "computer",
    "problem_solving",
    "teamwork",
    "learning",
    "language",
    "legal",
    "time",
]
ratings = {
    "lily": [4, 5, 4, 3, 4, 4, 4, 4, 3, 3, 4],
    "kevin": [3, 5, 3, 3, 4, 3, 4, 3, 4, 2, 3],
    "grace": [5, 4, 4, 4, 3, 4, 4, 4, 2, 3, 4],
}
for user, values in ratings.items():
    for code, rating in zip(competencies, values):
        w('    <function model="gendan.appraisal.annual.competency" name="write">')
        w(
            f"        <value model=\"gendan.appraisal.annual.competency\" eval=\"obj().search([('annual_id', '=', ref('gendan_appraisal_annual_{user}_demo')), ('competency_id', '=', ref('gendan_appraisal.competency_{code}'))]).ids\"/>"
        )
        w(f"        <value eval=\"{{'rating': {rating}}}\"/>")
        w("    </function>")
w("</odoo>")
open("gendan_appraisal/demo/gendan_appraisal_demo.xml", "w").write(
    "\n".join(out) + "\n"
)
