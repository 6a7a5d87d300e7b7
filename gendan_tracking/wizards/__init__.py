from . import gendan_otif_export_wizard
from . import gendan_customer_confirmation_wizard
