from . import gendan_appraisal_appeal_wizard
from . import gendan_appraisal_exclusion_wizard
