"""Icons shared by several pages: one per activity type (a record's timeline, the Feed)."""

ACTIVITY_ICONS = {
    "note": ":material/edit_note:",
    "call": ":material/call:",
    "email": ":material/mail:",
    "email_open": ":material/drafts:",
    "email_click": ":material/ads_click:",
    "email_reply": ":material/reply:",
    "page_view": ":material/web:",
    "form_submission": ":material/assignment:",
    "sequence_enrollment": ":material/schedule_send:",
    "sequence_unenrollment": ":material/cancel_schedule_send:",
    "meeting_booked": ":material/event_available:",
    "meeting": ":material/event:",
}
