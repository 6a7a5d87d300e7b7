"""Reminders Gendan schedules itself (milestone due/overdue, supplier
follow-up): marked done, as the system, when what they ask for is over."""


def close_activities(records, xmlids, feedback):
    """Mark done the open activities of the types ``xmlids`` on ``records``
    (one search; the type ids come from the cached xmlid lookup). Activities
    people planned themselves stay."""
    if not records:
        return
    xmlid_to_id = records.env["ir.model.data"]._xmlid_to_res_id
    activities = (
        records.env["mail.activity"]
        .sudo()
        .search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("activity_type_id", "in", [xmlid_to_id(xmlid) for xmlid in xmlids]),
            ]
        )
    )
    if activities:
        activities.action_feedback(feedback=feedback)
