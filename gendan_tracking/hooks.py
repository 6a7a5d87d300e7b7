def post_init_hook(env):
    """Every company has the default escalation line and the risk rules (the
    main company's are shipped as data)."""
    companies = env["res.company"].sudo().search([])
    env["gendan.escalation.rule"]._gendan_ensure_defaults(companies)
    env["gendan.risk.rule"]._gendan_ensure_defaults(companies)
