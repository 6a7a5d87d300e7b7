"""Models whose records Gendan caches in the registry (``tools.ormcache``):
creating, changing or deleting one of their records clears the cache."""

from odoo import api, models


class GendanRegistryCacheSource(models.AbstractModel):
    _name = "gendan.registry.cache.source"
    _description = "Source of a Gendan registry cache"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
