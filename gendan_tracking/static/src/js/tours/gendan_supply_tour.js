/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("gendan_tracking_purchase_followup_tour", {
    steps: () => [
        {
            content: "The purchase follow-up list shows the late PO in red",
            trigger: '.o_list_view tr.o_data_row.text-danger td[name="name"]:contains("GENDAN-TOUR-PO")',
        },
        {
            content: "Slack days are negative",
            trigger: 'tr.o_data_row td[name="supply_slack_days"]:contains("-5")',
        },
        {
            content: "Open the purchase order",
            trigger: 'tr.o_data_row td[name="name"]:contains("GENDAN-TOUR-PO")',
            run: "click",
        },
        {
            content: "Supply late ribbon",
            trigger: '.o_form_view .ribbon:contains("Supply late")',
        },
        {
            content: "Open the Merchandising tab",
            trigger: 'a[name="gendan_followup"]',
            run: "click",
        },
        {
            content: "Add an expediting log entry",
            trigger: 'div[name="expedite_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            content: "Contact",
            trigger: 'div[name="expedite_ids"] .o_selected_row div[name="contact"] input',
            run: "edit Mr. Wang",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: '.o_form_saved div[name="expedite_ids"] td:contains("Mr. Wang")',
        },
    ],
});

registry.category("web_tour.tours").add("gendan_tracking_shipment_tour", {
    steps: () => [
        {
            content: "Open the Shipment tab of the delivery",
            trigger: 'a[name="gendan_shipment"]',
            run: "click",
        },
        {
            content: "Transport mode",
            trigger: 'div[name="transport_mode"] select',
            run: 'select "sea"',
        },
        {
            content: "Carrier",
            trigger: 'div[name="carrier_name"] input',
            run: "edit COSCO",
        },
        {
            content: "B/L number",
            trigger: 'div[name="bl_number"] input',
            run: "edit COSU1234567",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved with the shipment group shown",
            trigger: '.o_form_saved div[name="bl_number"] input',
        },
    ],
});
