from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .control_common import GendanControlCommon


@tagged("post_install", "-at_install")
class TestComplaint(GendanControlCommon):
    def _complaint(self, **values):
        return (
            self.env["gendan.complaint"]
            .with_user(self.merchandiser)
            .create(
                dict(
                    {
                        "subject": "Handles cracked",
                        "order_id": self.order.id,
                        "complaint_type": "quality",
                    },
                    **values,
                )
            )
        )

    def test_response_and_resolution_times(self):
        received = fields.Datetime.now() - timedelta(hours=5)
        complaint = self._complaint(date_received=received)
        self.assertTrue(complaint.name.startswith("CMP/"))
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.merchandiser_id, self.merchandiser)
        self.assertFalse(complaint.date_first_response)
        self.assertEqual(complaint.response_hours, 0.0)
        complaint.action_investigate()
        self.assertAlmostEqual(complaint.response_hours, 5.0, delta=0.05)
        first_response = complaint.date_first_response
        complaint.write({"date_received": received - timedelta(hours=1)})
        self.assertAlmostEqual(complaint.response_hours, 6.0, delta=0.05)
        complaint.action_resolve()
        self.assertEqual(complaint.date_first_response, first_response)
        self.assertTrue(complaint.date_resolved)
        self.assertAlmostEqual(complaint.resolution_hours, 6.0, delta=0.05)
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(self.order.complaint_count, 1)
        self.assertEqual(self.merchandiser.gendan_complaint_count, 1)

    def test_bad_input(self):
        complaint = self._complaint()
        with self.assertRaises(ValidationError):
            complaint.write(
                {"date_resolved": complaint.date_received - timedelta(hours=2)}
            )
        with self.assertRaises(ValidationError):
            self._complaint(cost_amount=-10.0)

    def test_return_from_complaint(self):
        picking = self.order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        picking.move_ids.quantity = 100
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        complaint = self._complaint()
        action = complaint.action_create_return()
        self.assertEqual(action["res_model"], "stock.return.picking")
        wizard_form = Form(
            self.env["stock.return.picking"]
            .with_user(self.merchandiser)
            .with_context(**action["context"])
        )
        with wizard_form.product_return_moves.edit(0) as line:
            line.quantity = 10
        wizard = wizard_form.save()
        result = wizard.action_create_returns()
        return_picking = self.env["stock.picking"].browse(result["res_id"])
        self.assertEqual(complaint.return_picking_id, return_picking)
        self.assertEqual(return_picking.return_id, picking)
        self.assertEqual(return_picking.move_ids.product_uom_qty, 10)

    def test_no_delivery_no_return(self):
        complaint = self._complaint()
        with self.assertRaises(UserError):
            complaint.action_create_return()

    def test_quality_complaint_links_inspections(self):
        picking = self.order.picking_ids[0]
        inspection = self.env["qc.inspection"].create(
            {"object_id": "stock.picking,%d" % picking.id}
        )
        if "sale_order_id" in inspection._fields and not inspection.sale_order_id:
            inspection.sale_order_id = self.order
        complaint = self._complaint()
        self.assertEqual(complaint.inspection_ids, inspection)
        self.assertEqual(complaint.inspection_count, 1)
        complaint.complaint_type = "delay"
        self.assertFalse(complaint.inspection_ids)
