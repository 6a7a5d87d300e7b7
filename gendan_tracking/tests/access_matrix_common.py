"""Table-driven access matrix shared by both Gendan apps.

Each Gendan model gets one entry in a spec table (``MODEL_SPECS`` of the app's
``test_access_matrix``). An entry says what kind of model it is and how to make
one record on an order of merchandiser A and one on an order of merchandiser B.
The expected rights come from the kind (DESIGN.md, "Access rights"), never from
the ACL files, so a wrong ACL or record rule fails the matrix:

- ``order``: follow-up of an order. A merchandiser reads, creates and writes
  the records of the orders they follow, and the other orders' only when the
  company setting ``gendan_see_all_orders`` is on; managers and administrators
  do everything; sales users without merchandising groups, portal users and
  users of another company nothing.
- ``config``: configuration (templates). Merchandisers read, managers manage.
- ``admin_config``: appraisal configuration: merchandisers and managers read,
  appraisal administrators manage.
- ``report``: SQL-view reports: read only, own orders (or all with the setting)
  for merchandisers, everything for managers.
- ``personal``: records about one merchandiser (scorecards, satisfaction):
  the merchandiser sees their own only, whatever the company setting;
  managers and administrators per ``manager_ops``/``admin_ops``.
- ``wizard``: transient models: only the ACL matters (no record rules).
- ``abstract``: abstract models (services without a table): nothing to grant.

A spec with ``shared=True`` is a catalogue shared by all companies (no company
field, no parent with one): it is exempt from the multi-company rule check.
"""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon

ROLES = (
    "merch_a",
    "merch_b",
    "manager",
    "admin",
    "sales",
    "portal",
    "other_company",
)
OPERATIONS = ("read", "write", "create", "unlink")
ALL = frozenset(OPERATIONS)
READ = frozenset({"read"})
RWC = frozenset({"read", "write", "create"})
NONE = frozenset()


class AccessMatrixCommon(BaseCommon):
    """Users of every kind and two orders, one per merchandiser."""

    ADMIN_GROUPS = "base.group_system,gendan_tracking.group_merchandising_manager"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.gendan_see_all_orders = False
        cls.company_2 = cls.env["res.company"].create({"name": "Gendan Other Co"})
        cls.company_2.gendan_see_all_orders = True
        cls.customer = cls.env["res.partner"].create(
            {"name": "Portal Customer Ltd", "email": "portal.customer@example.com"}
        )
        cls.customer_b = cls.env["res.partner"].create({"name": "Other Customer"})

        def user(login, groups, **kw):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                email=f"{login}@example.com",
                company_id=kw.pop("company", cls.company).id,
                company_ids=[(6, 0, kw.pop("companies", cls.company).ids)],
                **kw,
            )

        cls.users = {
            "merch_a": user("gdm_merch_a", "gendan_tracking.group_merchandiser"),
            "merch_b": user("gdm_merch_b", "gendan_tracking.group_merchandiser"),
            "manager": user(
                "gdm_manager", "gendan_tracking.group_merchandising_manager"
            ),
            "admin": user("gdm_admin", cls.ADMIN_GROUPS),
            "sales": user("gdm_sales", "sales_team.group_sale_salesman"),
            "portal": user("gdm_portal", "base.group_portal"),
            "other_company": user(
                "gdm_other_co",
                "gendan_tracking.group_merchandiser",
                company=cls.company_2,
                companies=cls.company_2,
            ),
        }
        cls.users["portal"].partner_id = cls.customer
        cls.product = cls.env["product.product"].create(
            {"name": "Matrix Mug", "type": "consu", "list_price": 10.0}
        )
        cls.order_a = cls._matrix_order(cls.users["merch_a"], cls.customer)
        cls.order_b = cls._matrix_order(cls.users["merch_b"], cls.customer_b)
        # as when the quotation is sent: the customer follows their order,
        # which is what lets a portal user read it
        cls.order_a.message_subscribe(partner_ids=cls.customer.ids)

    @classmethod
    def _matrix_order(cls, merchandiser, partner):
        return (
            cls.env["sale.order"]
            .sudo()
            .create(
                {
                    "partner_id": partner.id,
                    "merchandiser_id": merchandiser.id,
                    # the sales user is the salesperson: they can read the
                    # order, which makes the field-level checks meaningful
                    "user_id": cls.users["sales"].id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": 3,
                                "price_unit": 10.0,
                            },
                        )
                    ],
                }
            )
        )

    # -- expectations --------------------------------------------------------

    def _expected(self, spec, role, operation, record_owner, see_all):
        """What DESIGN.md allows ``role`` to do on a record of ``record_owner``'s
        order (``"merch_a"``/``"merch_b"``/``None`` for records of no order)."""
        kind = spec["kind"]
        if kind == "wizard" and role == "other_company":
            # transient models have no record rules: a merchandiser of another
            # company may use the wizard (on their own company's records)
            role = "merch_b"
        if role == "other_company" and "other_company_ops" in spec:
            return operation in spec["other_company_ops"]
        if role in ("sales", "portal", "other_company"):
            return operation in spec.get("outsider_ops", NONE)
        if role in ("manager", "admin"):
            if kind == "personal":
                key = "admin_ops" if role == "admin" else "manager_ops"
                return operation in spec.get(key, ALL)
            if kind == "admin_config":
                return operation in (ALL if role == "admin" else READ)
            ops = spec.get("manager_ops", READ if kind == "report" else ALL)
            if kind == "wizard" and role == "admin":
                ops = spec.get("admin_ops", ops)
            return operation in ops
        # merchandisers
        merch_ops = spec.get(
            "merch_ops",
            {
                "order": RWC,
                "config": READ,
                "admin_config": READ,
                "report": READ,
                "wizard": ALL,
                "personal": READ,
            }[kind],
        )
        if operation not in merch_ops:
            return False
        if kind in ("order", "report") and record_owner not in (None, role):
            return see_all
        if kind == "personal" and record_owner != role:
            return False
        return True

    def _has_access(self, record, user, operation):
        record = record.with_user(user)
        if record._transient:
            return (
                self.env["ir.model.access"]
                .with_user(user)
                .check(record._name, operation, raise_exception=False)
            )
        return record.has_access(operation)

    def _run_matrix(self, specs):
        """Check every (model, record, role, operation) and the company setting
        both ways. Returns the number of cases checked."""
        cases = 0
        records_by_model = {
            model_name: spec["records"](self)
            for model_name, spec in specs.items()
            if model_name in self.env and spec["kind"] != "abstract"
        }
        for see_all in (False, True):
            self.company.sudo().gendan_see_all_orders = see_all
            self.env.invalidate_all()
            for model_name, records in records_by_model.items():
                spec = specs[model_name]
                for owner, record in records.items():
                    if not record._transient:
                        self.assertTrue(record, f"{model_name}: no {owner} record")
                    for role in ROLES:
                        for operation in OPERATIONS:
                            expected = self._expected(
                                spec, role, operation, owner, see_all
                            )
                            with self.subTest(
                                model=model_name,
                                owner=owner,
                                role=role,
                                operation=operation,
                                see_all=see_all,
                            ):
                                self.assertEqual(
                                    self._has_access(
                                        record, self.users[role], operation
                                    ),
                                    expected,
                                )
                            cases += 1
        self.company.sudo().gendan_see_all_orders = False
        return cases

    def _run_reparenting(self, specs):
        """Merchandiser A cannot move A's own record of any model with an
        ``order_id`` onto merchandiser B's order (Odoo checks record rules
        before a write, not after it), and nothing changes; a manager can.
        Returns the models checked."""
        checked = []
        for model_name, spec in specs.items():
            if model_name not in self.env or spec["kind"] in ("abstract", "report"):
                continue
            model = self.env[model_name]
            field = model._fields.get("order_id")
            if (
                model._transient
                or not field
                or field.type != "many2one"
                or field.comodel_name != "sale.order"
                or not field.store
                or field.related
            ):
                continue
            record = spec["records"](self).get("merch_a")
            self.assertTrue(record, f"{model_name}: no record of merchandiser A")
            self.assertEqual(record.order_id, self.order_a)
            checked.append(model_name)
            for see_all in (False, True):
                self.company.sudo().gendan_see_all_orders = see_all
                with self.subTest(model=model_name, see_all=see_all):
                    count_b = model.sudo().search_count(
                        [("order_id", "=", self.order_b.id)]
                    )
                    with self.assertRaises(AccessError), self.env.cr.savepoint():
                        record.with_user(self.users["merch_a"]).write(
                            {"order_id": self.order_b.id}
                        )
                    self.env.invalidate_all()
                    self.assertEqual(record.sudo().order_id, self.order_a)
                    self.assertEqual(
                        model.sudo().search_count([("order_id", "=", self.order_b.id)]),
                        count_b,
                    )
        self.company.sudo().gendan_see_all_orders = False
        return checked

    def _assert_covers_every_model(self, module, specs):
        """Every model of ``module`` is in the table: a new model without a line
        of the access matrix fails here."""
        model_names = set(
            self.env["ir.model"]
            .search([("model", "like", "gendan.%")])
            .filtered(lambda m: module in m.modules.split(", "))
            .mapped("model")
        )
        # models defined by the module (not only extended by it)
        defined = {
            name
            for name in model_names
            if self.env["ir.model.data"].search_count(
                [
                    ("module", "=", module),
                    ("model", "=", "ir.model"),
                    ("name", "=", "model_" + name.replace(".", "_")),
                ]
            )
        }
        self.assertTrue(defined)
        self.assertFalse(
            defined - set(specs),
            "Gendan models without a line in the access matrix",
        )

    def _assert_explicit_security(self, module, specs):
        """Every persistent model has ACL lines for the merchandising groups and
        a global multi-company record rule."""
        for model_name, spec in specs.items():
            if model_name not in self.env or spec["kind"] == "abstract":
                continue
            model = self.env[model_name]
            with self.subTest(model=model_name):
                accesses = (
                    self.env["ir.model.access"]
                    .sudo()
                    .search([("model_id.model", "=", model_name)])
                )
                self.assertTrue(accesses, "no ir.model.access line")
                self.assertFalse(
                    accesses.filtered(lambda a: not a.group_id),
                    "an access line without a group gives every user access",
                )
                if model._transient or spec.get("shared"):
                    continue
                rules = (
                    self.env["ir.rule"]
                    .sudo()
                    .search(
                        [("model_id.model", "=", model_name), ("global", "=", True)]
                    )
                )
                self.assertTrue(
                    rules.filtered(lambda r: "company_ids" in (r.domain_force or "")),
                    "no multi-company record rule",
                )
