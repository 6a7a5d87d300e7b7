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
