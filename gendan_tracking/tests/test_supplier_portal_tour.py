from odoo.tests import HttpCase, tagged

from .supplier_portal_common import SupplierPortalMixin


class SupplierPortalTourMixin(SupplierPortalMixin):
    """After the tour: the supplier's actions went through the pipeline."""

    def _assert_tour_outcome(self):
        self.env.invalidate_all()
        purchase = self.purchase
        self.assertTrue(purchase.supplier_confirmed)
        self.assertEqual(purchase.supplier_confirmed_by_id, self.supplier.partner_id)
        log = purchase.expedite_ids[0]
        self.assertEqual((log.channel, log.note), ("portal", "Kiln repair"))
        self.assertGreater(purchase.supplier_promised_date, purchase.required_date)
        # the merchandiser is told, and the supply risk is raised
        self.assertTrue(
            purchase.activity_ids.filtered(lambda a: a.user_id == self.merchandiser)
        )
        self.assertTrue(
            self.env["gendan.risk"].search(
                [("order_id", "=", self.order.id), ("rule", "=", "supply_late")]
            )
        )
        self.assertEqual(self.milestone.state, "done")
        photo = purchase.message_ids.attachment_ids
        self.assertEqual(photo.name, "production.png")
        inspection = self.env["qc.inspection"].search(
            [("purchase_id", "=", purchase.id)]
        )
        self.assertEqual(inspection.state, "plan")
        self.assertEqual(inspection.sale_order_id, self.order)
        self.assertEqual(inspection.activity_ids.user_id, self.quality_user)


@tagged("post_install", "-at_install", "gendan_browser")
class TestSupplierPortalTour(SupplierPortalTourMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_supplier_portal()

    def test_supplier_portal_tour(self):
        self.start_tour(
            f"/my/purchase/{self.purchase.id}",
            "gendan_tracking_supplier_portal_tour",
            login="sp_supplier",
        )
        self._assert_tour_outcome()


@tagged("post_install", "-at_install", "gendan_browser")
class TestSupplierPortalTourZh(SupplierPortalTourMixin, HttpCase):
    """The same tour for a supplier who reads Chinese. The Chinese labels of
    the new strings come with the regenerated zh_CN.po: the tour checks what
    does not depend on them (the page's language, the actions)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls._setup_supplier_portal(supplier_lang="zh_CN")

    def test_supplier_portal_tour_zh(self):
        self.assertEqual(self.supplier.lang, "zh_CN")
        self.start_tour(
            f"/my/purchase/{self.purchase.id}",
            "gendan_tracking_supplier_portal_tour_zh",
            login="sp_supplier",
        )
        self._assert_tour_outcome()
