/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("gendan_appraisal_self_review_tour", {
    url: "/odoo/action-gendan_appraisal.gendan_appraisal_action_my",
    steps: () => [
        {
            content: "Open my scorecard",
            trigger: ".o_data_row .o_data_cell:contains('2025')",
            run: "click",
        },
        {
            content: "Start the self-review",
            trigger: "button[name='action_self_review']",
            run: "click",
        },
        {
            content: "Open the self-assessment tab",
            trigger: ".o_notebook a:contains('Self-Assessment')",
            run: "click",
        },
        {
            content: "Write the self-assessment",
            trigger: ".o_field_widget[name='self_assessment'] textarea",
            run: "edit Every order shipped on time this month.",
        },
        {
            content: "Submit it for review",
            trigger: "button[name='action_submit_review']",
            run: "click",
        },
        {
            content: "The scorecard is in review",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Review')",
        },
        {
            content: "Back to my scorecards",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "The list shows the scorecard in review",
            trigger: ".o_list_view .o_data_row:contains('Review')",
        },
    ],
});
