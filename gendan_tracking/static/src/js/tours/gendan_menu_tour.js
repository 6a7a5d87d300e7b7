/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("gendan_tracking_menu_tour", {
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
            content: "The Merchandising app is open",
            trigger: '.o_main_navbar .o_menu_brand:contains("Merchandising")',
        },
        {
            content: "Its order view is loaded",
            trigger: ".o_action_manager .o_view_controller",
        },
    ],
});
