from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class GendanSamplePortal(CustomerPortal):
    """The customer decides on the samples of their order from its portal
    page (``/my/orders/<id>``)."""

    @http.route(
        "/my/orders/<int:order_id>/gendan/sample/<int:sample_id>",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def gendan_sample_decision(
        self, order_id, sample_id, access_token=None, decision=None, comment=None, **kw
    ):
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        # the sample must belong to the order the customer may see; the
        # decision is the customer's (env.user), run as the system
        sample = (
            request.env["gendan.sample"]
            .sudo()
            .search([("id", "=", sample_id), ("order_id", "=", order_sudo.id)])
        )
        if not sample:
            raise request.not_found()
        user = request.env.user
        partner = order_sudo.partner_id if user._is_public() else user.partner_id
        photos = [
            (upload.filename, upload.read(), upload.mimetype)
            for upload in request.httprequest.files.getlist("photos")
            if upload.filename
        ]
        try:
            with request.env.cr.savepoint():
                sample._gendan_decide(
                    decision,
                    comment=comment if isinstance(comment, str) else None,
                    partner=partner,
                    photos=photos,
                    channel="portal",
                )
        except (UserError, ValidationError) as error:
            return request.render(
                "gendan_tracking.portal_sample_decision_error",
                {
                    "error": error.args[0],
                    "back_url": order_sudo.get_portal_url(anchor="gendan_samples"),
                },
                status=400,
            )
        return request.redirect(
            order_sudo.get_portal_url(
                anchor="gendan_samples", query_string="&gendan_sample_decided=1"
            )
        )
