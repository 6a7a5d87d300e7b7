# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Gendan Order Tracking",
    "summary": "Merchandiser order follow-up: review, T&A plan, production, "
    "quality, logistics, risks, costs and documents",
    "version": "18.0.1.0.0",
    "category": "Sales/Merchandising",
    "license": "LGPL-3",
    "author": "Gendan",
    "website": "https://github.com/gendan/gendan",
    "depends": [
        "sale_management",
        "sale_stock",
        "purchase_stock",
        "quality_control_stock_oca",
        "portal",
        "mail",
        "report_xlsx",
    ],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/gendan_tracking_security.xml",
        "security/ir.model.access.csv",
        "views/menus.xml",
        "views/gendan_milestone_template_views.xml",
        "views/gendan_milestone_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "report/gendan_order_report_views.xml",
        "report/gendan_milestone_report_views.xml",
        "report/gendan_analysis_dashboard_views.xml",
        "report/gendan_xlsx_reports.xml",
        "wizards/gendan_otif_export_wizard_views.xml",
    ],
    "demo": [],
    "assets": {
        "web.assets_tests": [
            "gendan_tracking/static/src/js/tours/*.js",
        ],
    },
    "application": True,
    "installable": True,
}
