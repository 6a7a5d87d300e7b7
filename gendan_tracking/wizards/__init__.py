from . import gendan_delivery_document_check
