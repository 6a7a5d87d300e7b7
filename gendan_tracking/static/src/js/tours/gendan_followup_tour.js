/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("gendan_tracking_followup_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Merchandising app",
            trigger: '.o_app[data-menu-xmlid="gendan_tracking.menu_gendan_root"]',
            run: "click",
        },
        {
            content: "The board is grouped by follow-up stage",
            trigger: '.o_kanban_view .o_kanban_group .o_column_title:contains("Review")',
        },
        {
            content: "Open the order of Tour Customer Ltd from the board",
            trigger: '.o_kanban_record:contains("Tour Customer Ltd")',
            run: "click",
        },
        {
            content: "Open the Follow-up tab",
            trigger: '.o_form_view .o_notebook a[name="gendan_followup"]',
            run: "click",
        },
        {
            content: "Mark the sample milestone done",
            trigger:
                '.o_field_widget[name="milestone_ids"] .o_data_row:contains("Tour sample approved") button[name="action_mark_done"]',
            run: "click",
        },
        {
            content: "The milestone shows as done",
            trigger:
                '.o_field_widget[name="milestone_ids"] .o_data_row:contains("Tour sample approved") .o_field_badge:contains("Done")',
        },
    ],
});
