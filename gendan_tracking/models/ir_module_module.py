from odoo import api, models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    @api.model
    def _load_module_terms(
        self, modules, langs, overwrite=False, imported_module=False
    ):
        """Once terms are loaded (module install, or a language installed later),
        milestones copied from a T&A template take the template's translations
        and documents named after their type take the type's label."""
        result = super()._load_module_terms(
            modules, langs, overwrite=overwrite, imported_module=imported_module
        )
        if "gendan_tracking" in modules and "gendan.milestone" in self.env:
            self.env["gendan.milestone"].sudo()._gendan_fill_name_translations()
            self.env["gendan.document"].sudo()._gendan_translate_type_names("en_US")
        return result
