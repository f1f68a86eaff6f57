"""Texts the demo's rows are made of: titles, notes and bodies of tasks, meetings and
activities, marketing e-mails, web pages and forms, and names of pipeline records."""

from __future__ import annotations

TASK_TEMPLATES = (
    ("todo", "Quarterly business review with {company}"),
    ("todo", "Prepare renewal proposal for {company}"),
    ("call", "Call {contact} about product usage"),
    ("email", "Send onboarding checklist to {contact}"),
    ("todo", "Review health score of {company}"),
    ("call", "Renewal check-in with {contact} ({company})"),
    ("email", "Email {contact} the release notes"),
    ("todo", "Confirm go-live date with {company}"),
    ("call", "Executive sponsor call with {contact}"),
    ("todo", "Upsell conversation: {company}"),
    ("email", "Follow up with {contact} on open support ticket"),
    ("todo", "Update success plan for {company}"),
    ("call", "Introduce the new support process to {contact}"),
    ("email", "Share QBR deck with {contact}"),
    ("todo", "Check {module} adoption at {company}"),
    ("todo", "Plan {module} training for {company}"),
)
TASK_NOTES = (
    "Bring usage numbers for the last quarter.",
    "They asked about SSO pricing.",
    "Champion is leaving in March; find a new sponsor.",
    "Check open tickets before the call.",
    "Renewal is multi-year; loop in finance.",
    "Send the recap afterwards.",
)
MEETING_TEMPLATES = (
    "QBR — {company}",
    "Onboarding session: {company}",
    "Renewal discussion with {company}",
    "Product roadmap review with {company}",
    "Check-in with {first} ({company})",
    "Training: {module} for {company}",
    "Executive business review — {company}",
    "Kick-off call: {company}",
    "Health check with {first} ({company})",
)
MEETING_AGENDAS = (
    "Agenda: adoption since last review, open tickets, goals for next quarter.",
    "Agenda: renewal terms, seat count, roadmap questions.",
    "Agenda: walk through the admin settings and reporting.",
    "Agenda: success plan review and next steps.",
)
NOTE_TEMPLATES = (
    "Spoke with {first} about the renewal. Budget is approved; waiting for legal.",
    "{first} reports the team uses the reporting module daily. Asked for a training on dashboards.",
    "Usage dropped after their reorg. {first} will re-introduce us to the new ops lead.",
    "Great QBR. {company} wants to expand to the sales team next quarter.",
    "{first} raised concerns about response times on support tickets. Escalated internally.",
    "Sent the success plan. {first} will review with their VP.",
    "Integration with their ERP is live. Next: SSO.",
    "{company} is evaluating a competitor for one department. Booking an exec call.",
    "Kick-off went well; {first} owns the project on their side.",
)
CALL_NOTES = (
    "Discussed adoption and next steps.",
    "Left a voicemail about the renewal.",
    "Walked through the new reporting features.",
    "Agreed to a QBR next month.",
    "Quick sync on the open ticket.",
    "Talked through seat count for renewal.",
)
CALL_OUTCOMES = (("connected", 60), ("left_voicemail", 18), ("no_answer", 14), ("busy", 5), ("wrong_number", 3))
CSM_EMAIL_SUBJECTS = (
    "Your quarterly review — {company}",
    "Renewal options for {company}",
    "Following up on our call",
    "Training materials as promised",
    "New features you asked about",
    "Next steps for your rollout",
    "Checking in",
    "Invitation: customer advisory board",
    "Your success plan for next quarter",
)
CSM_EMAIL_BODIES = (
    "Hi {first}, thanks for your time today. As promised, here is a summary and the next steps.",
    "Hi {first}, your renewal is coming up. Shall we find 30 minutes to go through the options?",
    "Hi {first}, attached are the slides and the recording from our session.",
    "Hi {first}, just checking in — how is the rollout going on your side?",
)
MARKETING_SUBJECTS = (
    "Product update: faster dashboards",
    "Webinar: Customer success in 2026",
    "Your monthly usage report",
    "New: automation templates",
    "Customer story: how teams cut churn",
    "Invitation: user conference",
    "Tips: get more out of reporting",
    "Security update",
)
PAGES = (
    ("Pricing", "https://www.example.com/pricing"),
    ("Release notes", "https://www.example.com/releases"),
    ("Integrations", "https://www.example.com/integrations"),
    ("Help center: SSO setup", "https://help.example.com/sso"),
    ("Help center: exporting data", "https://help.example.com/export"),
    ("Case studies", "https://www.example.com/customers"),
    ("Enterprise plan", "https://www.example.com/enterprise"),
    ("Blog: health scores explained", "https://www.example.com/blog/health-scores"),
    ("Status page", "https://status.example.com"),
    ("Careers", "https://www.example.com/careers"),
)
FORMS = (
    ("Contact sales", "https://www.example.com/contact"),
    ("Webinar registration", "https://www.example.com/webinars"),
    ("Request a training", "https://help.example.com/training"),
    ("Beta programme sign-up", "https://www.example.com/beta"),
    ("Customer survey", "https://survey.example.com/nps"),
)
SEQUENCES = (
    "Renewal reminder (90 days)",
    "Onboarding week 1",
    "Re-engagement",
    "Expansion: add-ons",
    "Executive sponsor intro",
)
REPLY_BODIES = (
    "Thanks, this is helpful. Let's talk next week.",
    "Could you send the pricing for 20 more seats?",
    "I've forwarded this to our IT team.",
    "We're good for now, thanks!",
    "Can we move our call to Friday?",
)
DEAL_KINDS = ("New business", "Expansion: {n} seats", "Upsell: {module}", "Add-on: {module}", "Enterprise upgrade")
PROJECT_NAMES = (
    "{company} onboarding",
    "{company} — {module} rollout",
    "{company} data migration",
    "{company} SSO setup",
    "{company} reporting setup",
)
SERVICE_NAMES = (
    "Custom integration — {company}",
    "Admin training for {company}",
    "Health check workshop — {company}",
    "Data import for {company}",
    "Reporting setup — {company}",
)
TICKET_SUBJECTS = (  # (subject, category)
    ("Cannot sign in after SSO change", "bug"),
    ("Export to CSV times out", "bug"),
    ("Dashboard shows wrong totals", "bug"),
    ("How do I add a new user?", "how_to_question"),
    ("Invoice has the wrong VAT number", "billing"),
    ("Webhook not firing", "bug"),
    ("Request: dark mode", "feature_request"),
    ("Email notifications delayed", "bug"),
    ("Import fails on row 1,204", "bug"),
    ("API rate limit reached", "how_to_question"),
    ("Report filter resets after refresh", "bug"),
    ("How do I delete an old pipeline?", "how_to_question"),
    ("Mobile app crashes on login", "bug"),
    ("Question about data retention", "how_to_question"),
    ("Custom field missing in export", "bug"),
    ("Need a copy of our contract", "billing"),
    ("Calendar sync stopped working", "bug"),
    ("Permissions for the finance team", "how_to_question"),
    ("Please add a Polish translation", "feature_request"),
    ("Change of billing address", "billing"),
)
