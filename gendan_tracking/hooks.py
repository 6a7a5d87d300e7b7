def post_init_hook(env):
    """Every company has the default escalation line (the main company's is
    shipped as data)."""
    env["gendan.escalation.rule"]._gendan_ensure_defaults(
        env["res.company"].sudo().search([])
    )
