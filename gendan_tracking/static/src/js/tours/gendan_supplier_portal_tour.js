/** @odoo-module **/

import { registry } from "@web/core/registry";

// A day as YYYY-MM-DD, ``days`` from today (the browser's day).
function isoDay(days) {
    const day = new Date(Date.now() + days * 86400000);
    return day.toISOString().slice(0, 10);
}

const PNG =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

// Language-independent steps: ids, names and classes, never labels, so that
// the same tour runs for a supplier who reads the portal in Chinese.
function supplierSteps() {
    return [
        {
            content: "The Follow-up section is on the purchase order page",
            trigger: "section#gendan_followup",
        },
        {
            content: "Acknowledge the purchase order",
            trigger: "button[name='gendan_acknowledge']",
            run: "click",
        },
        {
            content: "Acknowledged",
            trigger: ".o_gendan_portal_message.alert-success[data-action='acknowledge']",
        },
        {
            content: "A new promised date, later than required",
            trigger: "#gendan_promised_date",
            run() {
                this.anchor.value = isoDay(60);
            },
        },
        {
            content: "Why",
            trigger: "#gendan_promise_note",
            run: "edit Kiln repair",
        },
        {
            content: "Send the promise",
            trigger: "button[name='gendan_promise']",
            run: "click",
        },
        {
            content: "The promise is recorded",
            trigger: ".o_gendan_portal_message.alert-success[data-action='promise']",
        },
        {
            content: "The history shows the supplier's note",
            trigger: ".o_gendan_promise_history td:contains('Kiln repair')",
        },
        {
            content: "Production started, a few days ago",
            trigger: "#gendan_actual_date",
            run() {
                this.anchor.value = isoDay(-2);
            },
        },
        {
            content: "A note",
            trigger: "#gendan_progress_note",
            run: "edit Line 2 running",
        },
        {
            content: "A photo",
            trigger: "#gendan_attachments",
            run() {
                const bytes = Uint8Array.from(atob(PNG), (c) => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], "production.png", { type: "image/png" }));
                this.anchor.files = transfer.files;
            },
        },
        {
            content: "Report",
            trigger: "button[name='gendan_progress']",
            run: "click",
        },
        {
            content: "Reported",
            trigger: ".o_gendan_portal_message.alert-success[data-action='progress']",
        },
        {
            content: "The goods are ready in two weeks",
            trigger: "#gendan_ready_date",
            run() {
                this.anchor.value = isoDay(14);
            },
        },
        {
            content: "Request an inspection",
            trigger: "button[name='gendan_inspection_request']",
            run: "click",
        },
        {
            content: "The inspection request is sent",
            trigger: ".o_gendan_portal_message.alert-success[data-action='inspection_request']",
        },
        {
            content: "The inspection is booked",
            trigger: ".o_gendan_inspections tbody tr",
        },
    ];
}

registry.category("web_tour.tours").add("gendan_tracking_supplier_portal_tour", {
    steps: () => [
        {
            content: "The page is in English",
            trigger: "section#gendan_followup[lang='en-US'] h3:contains('Follow-up')",
        },
        ...supplierSteps(),
    ],
});

registry.category("web_tour.tours").add("gendan_tracking_supplier_portal_tour_zh", {
    steps: () => [
        {
            content: "The page is in Chinese",
            trigger: "section#gendan_followup[lang='zh-CN']",
        },
        {
            content: "Dates in the Chinese format of the language (not of its .po)",
            trigger: ".o_gendan_promise_history td:contains('年')",
        },
        ...supplierSteps(),
    ],
});
