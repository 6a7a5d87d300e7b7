/** @odoo-module **/
/**
 * The milestone timeline (js_class "gendan_milestone_timeline"): OCA
 * web_timeline's view, where
 * - a milestone is coloured by its state and marked when it is on the
 *   critical path; done and skipped milestones cannot be dragged;
 * - a drop replans the milestone through gendan.milestone's
 *   action_gendan_timeline_drop (action_gendan_replan: its open successors
 *   move with it), never a write of its date. When the move puts a date shown
 *   to the customer later, the server answers with the replan dialog (the
 *   delay reason first); cancelling it puts the milestone back;
 * - a drop never changes the group (order, merchandiser or supplier).
 */
import { deserializeDate, formatDate, serializeDate } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { escape } from "@web/core/utils/strings";
import { useService } from "@web/core/utils/hooks";
import { TimelineController } from "@web_timeline/views/timeline/timeline_controller.esm";
import { TimelineModel } from "@web_timeline/views/timeline/timeline_model.esm";
import { TimelineRenderer } from "@web_timeline/views/timeline/timeline_renderer.esm";
import { TimelineView } from "@web_timeline/views/timeline/timeline_view.esm";

const { DateTime } = luxon;
const OPEN_STATES = ["pending", "in_progress", "late"];
// wider than this, a fitted window shows the month behind and the quarter ahead
const MAX_FIT_DAYS = 200;

// luxon formats (localised by the web client's locale) of the axis labels, by
// the scale vis-timeline draws
const MINOR_FORMATS = {
    millisecond: "SSS",
    second: "ss",
    minute: "HH:mm",
    hour: "HH:mm",
    weekday: "ccc d",
    day: "d",
    week: "d",
    month: "LLL",
    year: "yyyy",
};
const MAJOR_FORMATS = {
    millisecond: "HH:mm:ss",
    second: "DDD HH:mm",
    minute: "DDD",
    hour: "DDD",
    weekday: "LLLL yyyy",
    day: "LLLL yyyy",
    week: "LLLL yyyy",
    month: "yyyy",
    year: "",
};

function axisLabel(formats) {
    return (date, scale) => {
        const format = formats[scale];
        return format ? DateTime.fromMillis(date.valueOf()).toFormat(format) : "";
    };
}

export class GendanTimelineModel extends TimelineModel {
    /** The item of a milestone: state colour, critical mark, draggable or not. */
    _event_data_transform(record) {
        const item = super._event_data_transform(record);
        const open = OPEN_STATES.includes(record.state);
        const label =
            this.last_group_bys[0] === "order_id" ? record.name : record.display_name;
        const classes = ["o_gendan_tl_item", `o_gendan_tl_${record.state}`];
        if (record.is_critical) {
            classes.push("o_gendan_tl_critical");
        }
        if (!open) {
            classes.push("o_gendan_tl_locked");
        }
        item.className = classes.join(" ");
        item.style = "";
        item.editable = open ? { updateTime: true, updateGroup: false, remove: false } : false;
        item.content =
            (record.is_critical ? '<span class="fa fa-bolt o_gendan_tl_critical_icon"></span> ' : "") +
            `<span name="name">${escape(label)}</span>`;
        item.title = this._gendanTitle(record);
        return item;
    }

    _gendanTitle(record) {
        const states = Object.fromEntries(this.fields.state.selection || []);
        const format = (value) => (value ? formatDate(deserializeDate(value)) : "-");
        const lines = [
            record.display_name,
            `${this.fields.planned_date.string}: ${format(record.planned_date)}`,
        ];
        if (record.projected_date && record.projected_date !== record.planned_date) {
            lines.push(`${this.fields.projected_date.string}: ${format(record.projected_date)}`);
        }
        if (record.actual_date) {
            lines.push(`${this.fields.actual_date.string}: ${format(record.actual_date)}`);
        }
        lines.push(states[record.state] || record.state);
        if (record.is_critical) {
            lines.push(_t("On the critical path"));
        }
        return lines.map((line) => escape(line)).join("<br/>");
    }

    /** Reload without fitting the window again (after a drop). */
    async gendanReload(searchParams) {
        this.gendanKeepWindow = true;
        await this.load(searchParams);
    }
}

export class GendanTimelineRenderer extends TimelineRenderer {
    init_timeline() {
        super.init_timeline();
        this.timeline.setOptions({
            editable: {
                add: false,
                remove: false,
                updateGroup: false,
                updateTime: Boolean(this.model.canEdit),
                overrideItems: false,
            },
            // the axis in the user's language (vis-timeline's own moment.js
            // knows English only)
            format: { minorLabels: axisLabel(MINOR_FORMATS), majorLabels: axisLabel(MAJOR_FORMATS) },
            // stacked by date in each row: the plan reads from top to bottom
            order: (a, b) => a.start - b.start || a.id - b.id,
            // a milestone is planned on a day: drops snap to the nearest midnight
            snap: (date) => DateTime.fromJSDate(date).plus({ hours: 12 }).startOf("day").toJSDate(),
        });
    }

    getXSSWhiteList() {
        const whiteList = super.getXSSWhiteList();
        return { ...whiteList, br: [] };
    }

    /** The "unassigned" row only when a milestone has no value to group by
     * (a supplier, most often), and named as such. */
    async split_groups(records) {
        const groups = await super.split_groups(records);
        const field = this.model.last_group_bys[0];
        if (!field) {
            return groups;
        }
        if (field === "order_id") {
            // the order and its customer
            const customers = Object.fromEntries(
                records.map((record) => [record.order_id && record.order_id[0], record.partner_id])
            );
            for (const group of groups) {
                const customer = customers[group.id];
                if (group.id !== -1 && customer) {
                    group.content = `${escape(group.content)}<br/><small class="text-muted">${escape(
                        customer[1]
                    )}</small>`;
                }
            }
        }
        const unassigned = groups.find((group) => group.id === -1);
        if (unassigned) {
            if (records.every((record) => record[field])) {
                groups.splice(groups.indexOf(unassigned), 1);
            } else {
                unassigned.content = escape(
                    _t("No %(field)s", { field: this.fields[field].string })
                );
            }
        }
        return groups;
    }

    /**
     * web_timeline's, but a window fitted to many months of orders (where
     * the weeks are unreadable) shows the month behind and the quarter ahead
     * instead, and a reload after a drop keeps the window.
     */
    async on_data_loaded(records, adjust_window) {
        let adjust = typeof adjust_window === "undefined" || adjust_window;
        if (this.model.gendanKeepWindow) {
            this.model.gendanKeepWindow = false;
            adjust = false;
        }
        const items = records
            .filter((record) => record[this.date_start])
            .map((record) => this.model._event_data_transform(record));
        const groups = await this.split_groups(records);
        this.timeline.setGroups(groups);
        this.timeline.setItems(items);
        if (!adjust || (this.mode.data && this.mode.data !== "fit")) {
            return;
        }
        const starts = items.map((item) => item.start.getTime());
        const ends = items.map((item) => (item.end || item.start).getTime());
        const days = (Math.max(...ends) - Math.min(...starts)) / 86400000;
        if (items.length && days > MAX_FIT_DAYS) {
            const today = DateTime.now().startOf("day");
            this.timeline.setWindow(
                today.minus({ days: 30 }).toJSDate(),
                today.plus({ days: 120 }).toJSDate(),
                { animation: false }
            );
        } else {
            this.timeline.fit();
        }
    }

    /** The arrows (web_timeline's, their head on the successor) grey, and
     * darker on the critical path. */
    draw_dependency(from, to, options) {
        const critical = from.data.evt.is_critical && to.data.evt.is_critical;
        return super.draw_dependency(from, to, {
            line_color: critical ? "#212529" : "#7b8a8b",
            line_width: critical ? 2 : 1,
            ...options,
        });
    }
}

export class GendanTimelineController extends TimelineController {
    setup() {
        super.setup();
        this.orm = useService("orm");
        this.notification = useService("notification");
    }

    /**
     * A drop (vis-timeline's onMove): replan the milestone on the day it was
     * dropped on, through the server; ``callback(null)`` puts it back.
     */
    async _onMove(item, callback) {
        const record = this.model.data.find((rec) => rec.id === item.id);
        const plannedDate = serializeDate(DateTime.fromJSDate(item.start));
        if (!record || !OPEN_STATES.includes(record.state) || plannedDate === record.planned_date) {
            callback(null);
            return;
        }
        callback(item);
        await this.gendanReplan(record.id, plannedDate);
    }

    /**
     * Replan one milestone on ``plannedDate`` (YYYY-MM-DD), as a drop does.
     * The tour calls it too.
     */
    async gendanReplan(milestoneId, plannedDate) {
        let result;
        try {
            result = await this.orm.call("gendan.milestone", "action_gendan_timeline_drop", [
                [milestoneId],
                plannedDate,
            ]);
        } catch (error) {
            await this.gendanReload();
            throw error;
        }
        if (result && result.type) {
            // the replan dialog: confirmed or cancelled, the timeline reloads
            await this.actionService.doAction(result, {
                onClose: () => this.gendanReload(),
            });
            return;
        }
        const moves = (result && result.moves) || [];
        if (moves.length > 1) {
            this.notification.add(
                _t("%(count)s milestones replanned (successors included).", {
                    count: moves.length,
                }),
                { type: "success" }
            );
        }
        await this.gendanReload();
    }

    async gendanReload() {
        await this.model.gendanReload(this.getSearchProps());
        this.render();
    }
}

export const GendanTimelineView = {
    ...TimelineView,
    Controller: GendanTimelineController,
    Model: GendanTimelineModel,
    Renderer: GendanTimelineRenderer,
};

registry.category("views").add("gendan_milestone_timeline", GendanTimelineView);
