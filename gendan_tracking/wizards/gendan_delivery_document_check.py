from markupsafe import Markup

from odoo import _, fields, models
from odoo.exceptions import AccessError

from ..tools.groups import GROUP_MANAGER, GROUP_MERCHANDISER


class GendanDeliveryDocumentCheck(models.TransientModel):
    _name = "gendan.delivery.document.check"
    _description = "Delivery Documents Check"

    picking_ids = fields.Many2many("stock.picking", string="Deliveries", readonly=True)
    document_ids = fields.Many2many(
        "gendan.document",
        string="Missing Documents",
        readonly=True,
        groups=GROUP_MERCHANDISER,
    )
    missing_summary = fields.Text(string="Missing", readonly=True)
    can_force = fields.Boolean(compute="_compute_can_force")

    def _compute_can_force(self):
        can_force = self.env.user.has_group(GROUP_MANAGER)
        for wizard in self:
            wizard.can_force = can_force

    def action_force(self):
        """Validate the deliveries although required documents are missing
        (managers only); the override is logged on the orders."""
        self.ensure_one()
        if not self.env.user.has_group(GROUP_MANAGER):
            raise AccessError(
                _(
                    "Only a merchandising manager can ship while required documents "
                    "are missing."
                )
            )
        names = Markup("<br/>").join((self.missing_summary or "").splitlines())
        for order in self.picking_ids.sale_id:
            order.message_post(
                body=Markup("%s<br/>%s")
                % (
                    _(
                        "Delivery validated by %(user)s with required documents "
                        "missing:",
                        user=self.env.user.name,
                    ),
                    names,
                )
            )
        return self.picking_ids.with_context(
            gendan_documents_override=True
        ).button_validate()
