/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("gendan_dashboard_tour", {
    url: "/odoo/action-gendan_tracking.gendan_analysis_dashboard_client_action",
    steps: () => [
        {
            content: "The dashboard shows its cards, not a record",
            trigger: ".o_gendan_dashboard .o_gendan_kpi_otif .o_gendan_kpi_value:contains('%')",
        },
        {
            content: "No record pager on a dashboard",
            trigger: ".o_gendan_dashboard:not(:has(.o_pager))",
        },
        {
            content: "Choose the merchandiser",
            trigger: ".o_gendan_filter_merchandiser",
            run: "selectByLabel Dana Dashboard",
        },
        {
            content: "The figures follow the filter",
            trigger: ".o_gendan_kpi_otif .text-muted.small:contains('of 1 orders due')",
        },
        {
            content: "Open the orders behind the OTIF card",
            trigger: ".o_gendan_kpi_otif",
            run: "click",
        },
        {
            content: "The order analysis opens from the dashboard, loaded",
            trigger: ".o_breadcrumb:contains('Dashboard')",
        },
        {
            content: "Its rows are shown",
            trigger: ".o_action_manager .o_pivot_view .o_pivot table, .o_action_manager .o_list_view .o_list_table",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('Dashboard')",
            run: "click",
        },
        {
            content: "It keeps the merchandiser chosen",
            trigger: ".o_gendan_kpi_otif .text-muted.small:contains('of 1 orders due')",
        },
    ],
});
