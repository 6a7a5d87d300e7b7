from odoo import api, models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    @api.model
    def _load_module_terms(
        self, modules, langs, overwrite=False, imported_module=False
    ):
        """Once terms are loaded (module install, or a language installed later),
        milestones copied from a T&A template take the template's translations,
        documents named after their type take the type's label, and the open
        reminders and rule risks of that language's readers are worded in it."""
        result = super()._load_module_terms(
            modules, langs, overwrite=overwrite, imported_module=imported_module
        )
        if "gendan_tracking" in modules and "gendan.milestone" in self.env:
            self.env["gendan.milestone"].sudo()._gendan_fill_name_translations()
            self.env["gendan.document"].sudo()._gendan_translate_type_names("en_US")
            # reminders written before the language's terms existed
            self.env["gendan.milestone"].sudo()._gendan_reword_activities(langs)
            self.env["purchase.order"].sudo()._gendan_reword_followups(langs)
            self.env["gendan.risk"].sudo()._gendan_reword_rule_risks(langs)
        return result
