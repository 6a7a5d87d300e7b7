/** @odoo-module **/
import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatFloat } from "@web/views/fields/formatters";
import { useSetupAction } from "@web/search/action_hook";
import { Layout } from "@web/search/layout";

const MODEL = "gendan.analysis.dashboard";

/**
 * The merchandising dashboard: KPI cards for a period, filtered by
 * merchandiser, customer and supplier; each card opens the list or analysis
 * behind its figure. The figures come from gendan.analysis.dashboard.
 */
export class GendanDashboard extends Component {
    static template = "gendan_tracking.GendanDashboard";
    static components = { Layout };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.display = { controlPanel: {} };
        this.state = useState({ data: null, params: {} });
        // back from a card's list (breadcrumb): the same period and filters
        useSetupAction({ getLocalState: () => ({ gendanParams: this.state.params }) });
        onWillStart(() => this.load((this.props.state && this.props.state.gendanParams) || {}));
    }

    async load(params) {
        const data = await this.orm.call(MODEL, "get_dashboard_data", [params]);
        this.state.data = data;
        this.state.params = {
            date_from: data.date_from,
            date_to: data.date_to,
            merchandiser_id: data.merchandiser_id || false,
            partner_id: data.partner_id || false,
            supplier_id: data.supplier_id || false,
        };
    }

    async onFilter(name, ev) {
        const value = ev.target.value;
        const params = Object.assign({}, this.state.params);
        params[name] = name.endsWith("_id") ? parseInt(value) || false : value || false;
        await this.load(params);
    }

    async open(method) {
        const action = await this.orm.call(MODEL, "open_kpi", [this.state.params, method]);
        await this.actionService.doAction(action);
    }

    number(value, digits = 1) {
        return formatFloat(value || 0, { digits: [16, digits] });
    }

    get cards() {
        const k = this.state.data.kpis;
        return [
            {
                key: "otif",
                method: "action_open_otif",
                title: _t("OTIF (on time, in full)"),
                value: `${this.number(k.otif_pct)} %`,
                detail: _t("%(otif)s of %(due)s orders due", {
                    otif: k.otif_order_count,
                    due: k.due_order_count,
                }),
            },
            {
                key: "cycle",
                method: "action_open_cycle",
                title: _t("Average cycle (days)"),
                value: this.number(k.avg_cycle_days),
                detail: _t("confirmation to last delivery, %(count)s orders shipped", {
                    count: k.shipped_order_count,
                }),
            },
            {
                key: "late",
                method: "action_open_late_orders",
                title: _t("Late orders now"),
                value: String(k.late_order_count),
                detail: _t("open orders behind plan today"),
                danger: k.late_order_count > 0,
            },
            {
                key: "risks",
                method: "action_open_high_risks",
                title: _t("Open high risks"),
                value: String(k.high_risk_count),
                detail: _t("high and critical, not closed"),
                danger: k.high_risk_count > 0,
            },
            {
                key: "complaints",
                method: "action_open_complaints",
                title: _t("Complaints per 100 shipped orders"),
                value: this.number(k.complaints_per_100),
                detail: _t("%(count)s complaints on the orders shipped", {
                    count: k.complaint_count,
                }),
            },
            {
                key: "costs",
                method: "action_open_costs",
                title: _t("Cost variance"),
                value: `${this.number(k.cost_variance_pct)} %`,
                detail: _t("actual against budget, orders shipped"),
                danger: k.cost_variance_pct > 0,
            },
        ];
    }
}

registry.category("actions").add("gendan_dashboard", GendanDashboard);
