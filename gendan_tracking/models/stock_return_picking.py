from odoo import _, models


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    def _create_return(self):
        new_picking = super()._create_return()
        complaint_id = self.env.context.get("gendan_complaint_id")
        if complaint_id:
            complaint = self.env["gendan.complaint"].browse(complaint_id).exists()
            complaint.return_picking_id = new_picking
            complaint.message_post(
                body=_("Return %(picking)s created.", picking=new_picking.name)
            )
        return new_picking
