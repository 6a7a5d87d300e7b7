"""Before the update: the settings block of the risk thresholds goes.

The cost tolerance, low-margin threshold and documents days leave
``res.company`` and the settings for the risk rules (post-migrate moves their
values). Their settings block is an inherited view of its own
(``res_config_settings_view_form_control``); Odoo validates the settings form
with every inherited view when it updates the first one, while that block
still names the removed fields, and the update would fail. The stale block is
dropped here, and the update creates it again from its new definition.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        DELETE FROM ir_ui_view
         WHERE id IN (
               SELECT res_id FROM ir_model_data
                WHERE module = 'gendan_tracking'
                  AND model = 'ir.ui.view'
                  AND name = 'res_config_settings_view_form_control')
        """
    )
    cr.execute(
        """
        DELETE FROM ir_model_data
         WHERE module = 'gendan_tracking'
           AND model = 'ir.ui.view'
           AND name = 'res_config_settings_view_form_control'
        """
    )
