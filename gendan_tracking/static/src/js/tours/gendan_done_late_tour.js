/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("gendan_done_late_tour", {
    url: "/odoo/action-gendan_tracking.sale_order_action_gendan",
    steps: () => [
        {
            content: "Open the order from the board",
            trigger: '.o_kanban_record:contains("Late Tour Buyer")',
            run: "click",
        },
        {
            content: "Open the Follow-up tab",
            trigger: '.o_form_view .o_notebook a[name="gendan_followup"]',
            run: "click",
        },
        {
            content: "Press Done on the late milestone",
            trigger:
                '.o_field_widget[name="milestone_ids"] .o_data_row:contains("Tour late step") button[name="action_mark_done"]',
            run: "click",
        },
        {
            content: "A dialog asks why it is late: the customer",
            trigger: '.modal .o_field_widget[name="delay_reason"] input[data-value="customer"]',
            run: "click",
        },
        {
            content: "with a note",
            trigger: '.modal .o_field_widget[name="delay_note"] textarea',
            run: "edit The customer changed the artwork",
        },
        {
            content: "Mark it done",
            trigger: '.modal button[name="action_done"]',
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The milestone shows as done",
            trigger:
                '.o_field_widget[name="milestone_ids"] .o_data_row:contains("Tour late step") .o_field_badge:contains("Done")',
        },
    ],
});
