from . import gendan_appraisal_xlsx
