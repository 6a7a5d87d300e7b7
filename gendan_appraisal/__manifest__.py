# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Gendan Merchandiser Appraisal",
    "summary": "Monthly and annual merchandiser appraisal computed from order "
    "follow-up data",
    "version": "18.0.1.0.0",
    "category": "Sales/Merchandising",
    "license": "LGPL-3",
    "author": "Gendan",
    "website": "https://github.com/gendan/gendan",
    "depends": ["gendan_tracking"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/gendan_appraisal_security.xml",
        "views/menus.xml",
        "security/ir.model.access.csv",
        "data/gendan_appraisal_competency_data.xml",
        "data/gendan_appraisal_indicator_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "report/gendan_appraisal_reports.xml",
        "views/gendan_appraisal_views.xml",
        "views/gendan_appraisal_line_views.xml",
        "views/gendan_appraisal_annual_views.xml",
        "views/gendan_satisfaction_views.xml",
        "views/gendan_satisfaction_templates.xml",
        "views/sale_order_views.xml",
        "views/gendan_appraisal_indicator_views.xml",
        "views/gendan_appraisal_template_views.xml",
        "views/gendan_appraisal_competency_views.xml",
    ],
    "demo": [
        "demo/gendan_appraisal_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "gendan_appraisal/static/src/js/tours/*.js",
        ],
    },
    "application": False,
    "installable": True,
}
