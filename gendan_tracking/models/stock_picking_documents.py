from odoo import _, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _gendan_missing_documents(self):
        """Required documents not ready yet on the orders of outgoing deliveries."""
        outgoing = self.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.sale_id
        )
        return outgoing.sale_id._gendan_missing_documents()

    def _pre_action_done_hook(self):
        if not self.env.context.get("gendan_skip_document_check"):
            missing = self.sudo()._gendan_missing_documents()
            if missing:
                return self._gendan_action_document_check(missing)
        return super()._pre_action_done_hook()

    def _gendan_action_document_check(self, missing_documents):
        wizard = self.env["gendan.delivery.document.check"].create(
            {
                "picking_ids": [(6, 0, self.ids)],
                "document_ids": [(6, 0, missing_documents.ids)],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Documents Missing"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": dict(self.env.context),
        }
