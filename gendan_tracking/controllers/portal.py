"""The supplier's follow-up on Odoo's vendor portal (``/my/purchase/<id>``).

Odoo's controller is extended, not forked: the page gets a Follow-up section
(``_purchase_order_get_page_view_values``), and four POST routes let the
supplier act. Each checks that the purchase order is the caller's (Odoo's
``_document_check_access``: 404 otherwise), hands the input to one
``purchase.order.gendan_portal_*`` method (which validates it and goes through
the event pipeline) inside a savepoint, and redirects back to the page with a
message: a refused input leaves nothing saved.
"""

import logging

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.purchase.controllers.portal import CustomerPortal

_logger = logging.getLogger(__name__)

MESSAGE_KEY = "gendan_portal_message"


class GendanSupplierPortal(CustomerPortal):
    def _purchase_order_get_page_view_values(self, order, access_token, **kwargs):
        values = super()._purchase_order_get_page_view_values(
            order, access_token, **kwargs
        )
        followup = order._gendan_portal_followup_values()
        values["gendan_followup"] = followup
        message = request.session.pop(MESSAGE_KEY, None)
        if message and message.get("order_id") == order.id:
            values["gendan_message"] = message
        return values

    def _gendan_purchase(self, order_id):
        """The caller's purchase order (as Odoo's portal gives it), or None."""
        try:
            order_sudo = self._document_check_access("purchase.order", order_id)
        except (AccessError, MissingError):
            return None
        if not order_sudo._gendan_portal_orders():
            return None
        return order_sudo

    def _gendan_act(self, order_id, name, action, success):
        """Run ``action(purchase)`` (the purchase as the portal user) in a
        savepoint; redirect to the page with ``success`` or the error."""
        order_sudo = self._gendan_purchase(order_id)
        if order_sudo is None:
            return request.not_found()
        purchase = request.env["purchase.order"].browse(order_sudo.id)
        try:
            with request.env.cr.savepoint():
                action(purchase)
                request.env.flush_all()
        except (UserError, ValidationError, AccessError) as error:
            request.env.invalidate_all()
            message = {"type": "danger", "text": str(error.args[0])}
        else:
            message = {"type": "success", "text": success}
        message.update(order_id=order_id, action=name)
        request.session[MESSAGE_KEY] = message
        return request.redirect(f"/my/purchase/{order_id}#gendan_followup")

    @http.route(
        "/my/purchase/<int:order_id>/gendan/acknowledge",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_gendan_acknowledge(self, order_id, **kw):
        return self._gendan_act(
            order_id,
            "acknowledge",
            lambda purchase: purchase.gendan_portal_acknowledge(),
            _("Thank you: the purchase order is acknowledged."),
        )

    @http.route(
        "/my/purchase/<int:order_id>/gendan/promise",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_gendan_promise(self, order_id, promised_date=None, note=None, **kw):
        return self._gendan_act(
            order_id,
            "promise",
            lambda purchase: purchase.gendan_portal_promise(promised_date, note),
            _("Your new delivery date is recorded."),
        )

    @http.route(
        "/my/purchase/<int:order_id>/gendan/progress",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_gendan_progress(
        self,
        order_id,
        milestone_id=None,
        actual_date=None,
        progress_percent=None,
        note=None,
        **kw,
    ):
        files = [
            (upload.filename, upload.read())
            for upload in request.httprequest.files.getlist("attachments")
            if upload.filename
        ]
        return self._gendan_act(
            order_id,
            "progress",
            lambda purchase: purchase.gendan_portal_progress(
                milestone_id,
                actual_date=actual_date or None,
                progress_percent=progress_percent,
                note=note,
                files=files,
            ),
            _("Your progress report is recorded."),
        )

    @http.route(
        "/my/purchase/<int:order_id>/gendan/inspection_request",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_gendan_inspection_request(
        self, order_id, ready_date=None, note=None, **kw
    ):
        return self._gendan_act(
            order_id,
            "inspection_request",
            lambda purchase: purchase.gendan_portal_inspection_request(
                ready_date, note=note
            ),
            _("Your inspection request is sent to our quality team."),
        )
