from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from ..tools import dates

CUSTOMER_NAME = "Secret Retail Holdings GmbH"
SALE_PRICE = 987.65
INTERNAL_NOTE = "CALL-NOTE-INTERNAL-4711"


class SupplierPortalMixin:
    """A followed sale order (customer, sale price and an internal expediting
    note the supplier must never see), served by a confirmed purchase order of
    a vendor whose contact has portal access, with a Supplier milestone; and
    another vendor with its own portal user and purchase order."""

    @classmethod
    def _setup_supplier_portal(cls, supplier_lang=None):
        env = cls.env
        cls.company = env.company
        cls.today = dates.company_today(cls.company)
        cls.merchandiser = new_test_user(
            env,
            login="sp_merch",
            name="Mia Merchandiser",
            groups="gendan_tracking.group_merchandiser,purchase.group_purchase_user",
        )
        cls.quality_user = new_test_user(
            env,
            login="sp_quality",
            name="Quinn Quality",
            groups="base.group_user,quality_control_oca.group_quality_control_user",
        )
        cls.company.gendan_quality_user_id = cls.quality_user
        cls.vendor = env["res.partner"].create(
            {"name": "Ningbo Portal Ceramics", "is_company": True}
        )
        contact = env["res.partner"].create(
            {"name": "Wang Wei", "parent_id": cls.vendor.id, "lang": supplier_lang}
        )
        cls.supplier = new_test_user(
            env,
            login="sp_supplier",
            password="sp_supplier1",
            name="Wang Wei",
            partner_id=contact.id,
            groups="base.group_portal",
            lang=supplier_lang or "en_US",
        )
        cls.other_vendor = env["res.partner"].create(
            {"name": "Other Factory", "is_company": True}
        )
        cls.other_supplier = new_test_user(
            env,
            login="sp_other",
            password="sp_other1",
            name="Li Other",
            groups="base.group_portal",
        )
        cls.other_supplier.partner_id.parent_id = cls.other_vendor
        customer = env["res.partner"].create(
            {"name": CUSTOMER_NAME, "is_company": True}
        )
        cls.product = env["product.product"].create(
            {"name": "Stoneware Mug", "type": "consu", "list_price": SALE_PRICE}
        )
        cls.order = env["sale.order"].create(
            {
                "partner_id": customer.id,
                "merchandiser_id": cls.merchandiser.id,
                "user_id": cls.merchandiser.id,
                "commitment_date": fields.Datetime.to_datetime(
                    cls.today + timedelta(days=60)
                ),
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 100,
                            "price_unit": SALE_PRICE,
                        }
                    )
                ],
            }
        )
        cls.order.action_confirm()
        cls.order.date_order = fields.Datetime.now() - timedelta(days=20)
        cls.purchase = cls._make_purchase(cls.vendor, cls.order)
        cls.purchase.required_date = cls.today + timedelta(days=30)
        cls.other_purchase = cls._make_purchase(cls.other_vendor, cls.order)
        cls.milestone = cls._supplier_milestone("Production started", 20)
        cls.milestone.auto_rule = "production_started"
        cls.merchant_milestone = env["gendan.milestone"].create(
            {
                "order_id": cls.order.id,
                "name": "Internal costing review",
                "planned_date": cls.today + timedelta(days=5),
                "responsible_role": "merchandiser",
            }
        )
        env["gendan.expedite.log"].create(
            {
                "purchase_id": cls.purchase.id,
                "contact": "Mr. Wang",
                "channel": "phone",
                "note": INTERNAL_NOTE,
                "new_promised_date": cls.today + timedelta(days=25),
            }
        )

    @classmethod
    def _make_purchase(cls, vendor, order):
        purchase = cls.env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "date_order": fields.Datetime.now() - timedelta(days=10),
                "gendan_sale_order_ids": [Command.link(order.id)],
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_qty": 100,
                            "price_unit": 4.2,
                        }
                    )
                ],
            }
        )
        purchase.button_confirm()
        return purchase

    @classmethod
    def _supplier_milestone(cls, name, days, order=None):
        return cls.env["gendan.milestone"].create(
            {
                "order_id": (order or cls.order).id,
                "name": name,
                "category": "production",
                "customer_visible": False,
                "planned_date": cls.today + timedelta(days=days),
                "responsible_role": "supplier",
            }
        )

    def _counts(self):
        """What a refused input must leave unchanged."""
        self.env.invalidate_all()
        purchase = self.purchase
        return {
            "logs": self.env["gendan.expedite.log"].search_count([]),
            "messages": self.env["mail.message"].search_count(
                [("model", "=", "purchase.order"), ("res_id", "=", purchase.id)]
            ),
            "attachments": self.env["ir.attachment"].search_count(
                [("res_model", "=", "purchase.order")]
            ),
            "inspections": self.env["qc.inspection"].search_count([]),
            "activities": self.env["mail.activity"].search_count([]),
            "promised": purchase.supplier_promised_date,
            "confirmed": purchase.supplier_confirmed,
            "milestones": [
                (m.state, m.actual_date, m.progress_percent)
                for m in self.order.milestone_ids.sorted("id")
            ],
        }
