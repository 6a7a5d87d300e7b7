from . import gendan_appraisal_appeal_wizard
