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
    ],
    "demo": [],
    "assets": {
        "web.assets_tests": [
            "gendan_appraisal/static/src/js/tours/*.js",
        ],
    },
    "application": False,
    "installable": True,
}
