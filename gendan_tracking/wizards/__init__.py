from . import gendan_otif_export_wizard
from . import gendan_delivery_document_check
from . import gendan_customer_confirmation_wizard
from . import gendan_milestone_done_wizard
from . import gendan_ta_import_wizard
from . import gendan_template_import_wizard
from . import gendan_sample_decision_wizard
from . import gendan_milestone_replan_wizard
