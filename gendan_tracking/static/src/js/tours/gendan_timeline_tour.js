/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * Drags a timeline item with the pointer events vis-timeline listens to (its
 * Hammer.js recognises a tap on pointerdown/pointerup, then a pan on
 * pointerdown, pointermoves beyond its threshold and pointerup; the moves and
 * the release are listened to on the window). The item is tapped first (vis
 * only drags a selected item), then dragged horizontally until its centre is
 * over the centre of ``target``: a box item is centred on its day, so the drop
 * lands on the target's day (the view snaps to the nearest midnight). The
 * view then calls vis-timeline's onMove, as for a real drag, and the
 * controller's _onMove replans through the server.
 */
async function dragItemOnto(item, target) {
    const pointer = (type, x, y, buttons) =>
        new PointerEvent(type, {
            bubbles: true,
            cancelable: true,
            composed: true,
            pointerId: 1,
            pointerType: "mouse",
            isPrimary: true,
            button: 0,
            buttons,
            clientX: x,
            clientY: y,
        });
    const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    // the timeline animates its window to fit the items: wait until they stay put
    let last = "";
    for (let stable = 0; stable < 3; ) {
        await pause(150);
        const now = JSON.stringify([item.getBoundingClientRect(), target.getBoundingClientRect()]);
        stable = now === last ? stable + 1 : 0;
        last = now;
    }
    const from = item.getBoundingClientRect();
    const to = target.getBoundingClientRect();
    const startX = from.left + from.width / 2;
    const y = from.top + from.height / 2;
    const endX = to.left + to.width / 2;
    // tap: select the item
    item.dispatchEvent(pointer("pointerdown", startX, y, 1));
    item.dispatchEvent(pointer("pointerup", startX, y, 0));
    await pause(400);
    // pan: drag it
    item.dispatchEvent(pointer("pointerdown", startX, y, 1));
    const steps = 10;
    for (let step = 1; step <= steps; step++) {
        await pause(30);
        const x = startX + ((endX - startX) * step) / steps;
        item.dispatchEvent(pointer("pointermove", x, y, 1));
    }
    await pause(30);
    item.dispatchEvent(pointer("pointerup", endX, y, 0));
}

registry.category("web_tour.tours").add("gendan_timeline_tour", {
    steps: () => [
        {
            content: "Open the Follow-up tab",
            trigger: '.o_form_view .o_notebook a[name="gendan_followup"]',
            run: "click",
        },
        {
            content: "Open the order's timeline",
            trigger: 'button[name="action_gendan_view_timeline"]',
            run: "click",
        },
        {
            content: "The timeline shows the order's milestones",
            trigger: '.o_gendan_tl_item.vis-box:contains("Tour goods shipped")',
        },
        {
            content: "Done milestones are coloured and cannot be dragged",
            trigger: ".o_gendan_tl_item.o_gendan_tl_done.o_gendan_tl_locked",
        },
        {
            content: "Drag the sample approval onto the shipping day",
            trigger: '.o_gendan_tl_item.vis-box:contains("Tour sample approved")',
            async run() {
                const target = [...document.querySelectorAll(".o_gendan_tl_item.vis-box")].find(
                    (el) => el.textContent.includes("Tour goods shipped")
                );
                await dragItemOnto(this.anchor, target);
            },
        },
        {
            content: "A date shown to the customer moves: the dialog asks why",
            trigger: ".modal .o_field_widget[name='delay_reason'] input[data-value='supplier']",
            run: "click",
        },
        {
            content: "The preview lists the pushed successor",
            trigger: ".modal .o_gendan_replan_preview:contains('Tour final inspection')",
        },
        {
            content: "Explain it",
            trigger: ".modal .o_field_widget[name='delay_note'] textarea",
            run: "edit The fabric arrived late",
        },
        {
            content: "Confirm the replan",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The dialog closes and the timeline is shown again",
            trigger: "body:not(:has(.modal)) .o_gendan_tl_item.vis-box:contains('Tour final inspection')",
        },
    ],
});
