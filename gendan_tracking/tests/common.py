from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.mail.tests.common import mail_new_test_user


class GendanCommon(BaseCommon):
    """Shared fixtures: a merchandiser, a manager, a customer and a product."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.merchandiser = mail_new_test_user(
            cls.env,
            login="gendan_merch",
            name="Mia Merchandiser",
            groups="gendan_tracking.group_merchandiser",
        )
        cls.manager = mail_new_test_user(
            cls.env,
            login="gendan_manager",
            name="Max Manager",
            groups="gendan_tracking.group_merchandising_manager",
        )
        cls.customer = cls.env["res.partner"].create({"name": "Acme Imports Ltd"})
        cls.product = cls.env["product.product"].create(
            {"name": "Ceramic Mug", "type": "consu", "list_price": 10.0}
        )


from odoo import Command  # noqa: E402


class GendanOrderCommon(GendanCommon):
    """Orders with a small, known T&A template on the company's Mon-Fri calendar."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Gendan Mon-Fri", "tz": "Europe/Brussels"}
        )
        cls.company.resource_calendar_id = cls.calendar
        cls.template = cls.env["gendan.milestone.template"].create(
            {
                "name": "Test export plan",
                "company_id": cls.company.id,
                "line_ids": [
                    Command.create(
                        {
                            "name": "Customer confirms PI",
                            "sequence": 10,
                            "category": "order",
                            "anchor": "order_date",
                            "offset_days": 2,
                            "auto_rule": "customer_confirmed",
                        }
                    ),
                    Command.create(
                        {
                            "name": "Sample approved",
                            "sequence": 20,
                            "category": "production",
                            "anchor": "order_date",
                            "offset_days": 5,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Final inspection",
                            "sequence": 30,
                            "category": "quality",
                            "anchor": "commitment_date",
                            "offset_days": -2,
                            "responsible": "quality",
                        }
                    ),
                    Command.create(
                        {
                            "name": "Goods shipped",
                            "sequence": 40,
                            "category": "logistics",
                            "anchor": "commitment_date",
                            "offset_days": 0,
                            "auto_rule": "shipped",
                        }
                    ),
                    Command.create(
                        {
                            "name": "Invoice posted",
                            "sequence": 50,
                            "category": "finance",
                            "anchor": "commitment_date",
                            "offset_days": 1,
                            "auto_rule": "invoice_posted",
                        }
                    ),
                    Command.create(
                        {
                            "name": "Payment received",
                            "sequence": 60,
                            "category": "finance",
                            "anchor": "commitment_date",
                            "offset_days": 30,
                            "auto_rule": "payment_received",
                        }
                    ),
                ],
            }
        )
        cls.company.gendan_default_template_id = cls.template

    @classmethod
    def _create_order(
        cls, user=None, commitment_date=None, qty=2.0, product=None, **values
    ):
        user = user or cls.merchandiser
        vals = {
            "partner_id": cls.customer.id,
            "milestone_template_id": cls.template.id,
            "commitment_date": commitment_date,
            "order_line": [
                Command.create(
                    {
                        "product_id": (product or cls.product).id,
                        "product_uom_qty": qty,
                        "price_unit": 10.0,
                    }
                )
            ],
        }
        vals.update(values)
        return cls.env["sale.order"].with_user(user).create(vals).with_user(user)

    @staticmethod
    def _review(order):
        order.write(
            {
                "review_specification": True,
                "review_quantity": True,
                "review_price": True,
                "review_delivery_date": True,
                "review_payment_terms": True,
                "review_packing": True,
            }
        )

    def _milestone(self, order, name):
        return order.milestone_ids.filtered(lambda m: m.name == name)
