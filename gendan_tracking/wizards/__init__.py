from . import gendan_otif_export_wizard
