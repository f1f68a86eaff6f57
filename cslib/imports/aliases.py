"""What columns an import file may name and the headers other systems write for them:
`Target` (what a column fills), the association kinds, the targets each object offers
beside its properties, and the header tables of the original CRM's exports and of
Salesforce reports and Data Loader files, as data, one table per source.
"""

from __future__ import annotations

from dataclasses import dataclass

OBJECTS = ("company", "contact", "deal", "task")


@dataclass(frozen=True)
class Target:
    """What a column fills. `kind` is "property" (`name` = the property's name), "record_id",
    an association kind of `ASSOCIATION_KINDS`, "additional_domains", "skip" (`name` None) or
    "new" (`name` = "type:label" of a custom property to create)."""

    kind: str
    name: str | None = None

    def new_property(self) -> tuple[str, str]:
        """(type, label) of the property a "new" target creates: `name` is "type:label"
        (the type guessed from the values, which the user may change) or just the label (a
        text property)."""
        kind, colon, label = str(self.name or "").partition(":")
        if not colon:
            return "string", kind
        return kind, label


SKIP = Target("skip")
RECORD_ID = Target("record_id")
ADDITIONAL_DOMAINS = Target("additional_domains")
COMPANY_IDS = Target("company_ids")
COMPANY_NAMES = Target("company_names")
COMPANY_DOMAIN = Target("company_domain")
CONTACT_IDS = Target("contact_ids")
DEAL_IDS = Target("deal_ids")

# Association kinds: the other record's type and what the cell holds. IDs are ours or the
# source IDs records keep from another system; several in a cell are separated by ";" or ",".
ASSOCIATION_KINDS = {
    "company_ids": ("company", "id"),
    "company_names": ("company", "name"),
    "company_domain": ("company", "domain"),
    "contact_ids": ("contact", "id"),
    "deal_ids": ("deal", "id"),
}
# The non-property targets each object offers. Companies take no associations: contacts,
# deals and tasks name their companies, and are imported after them. Contacts are found by
# ID only (names are not unique). A contact's company is never guessed from its e-mail's
# domain: free-mail domains would tie strangers to one company.
EXTRA_TARGETS = {
    "company": (ADDITIONAL_DOMAINS,),
    "contact": (COMPANY_IDS, COMPANY_NAMES, COMPANY_DOMAIN),
    "deal": (COMPANY_IDS, COMPANY_NAMES, COMPANY_DOMAIN, CONTACT_IDS),
    "task": (COMPANY_IDS, COMPANY_NAMES, CONTACT_IDS, DEAL_IDS),
}

# The original CRM's export headers (its default property labels and association columns),
# where they are not already our labels. Values: a property name or a target.
CRM_HEADERS: dict[str, dict[str, str | Target]] = {
    "company": {
        "Record ID": RECORD_ID,
        "Company name": "name",
        "Company Domain Name": "domain",
        "Company owner": "owner_id",
        "Create Date": "created_at",
        "Last Activity Date": "last_activity_at",
        "Lifecycle Stage": "lifecycle_stage",
        "Industry": "industry",
        "City": "city",
        "Country/Region": "country",
        "Phone Number": "phone",
        "Number of Employees": "employees",
    },
    "contact": {
        "Record ID": RECORD_ID,
        "First Name": "first_name",
        "Last Name": "last_name",
        "Email": "email",
        "Phone Number": "phone",
        "Job Title": "job_title",
        "Contact owner": "owner_id",
        "Create Date": "created_at",
        "Last Activity Date": "last_activity_at",
        "Lifecycle Stage": "lifecycle_stage",
        "Company Domain Name": COMPANY_DOMAIN,
        "Associated Company": COMPANY_NAMES,
        "Associated Company IDs": COMPANY_IDS,
    },
    "deal": {
        "Record ID": RECORD_ID,
        "Deal Name": "name",
        "Deal Stage": "stage_id",
        "Pipeline": "pipeline_id",
        "Amount": "amount",
        "Close Date": "close_date",
        "Deal owner": "owner_id",
        "Create Date": "created_at",
        "Last Activity Date": "last_activity_at",
        "Company Domain Name": COMPANY_DOMAIN,
        "Associated Company": COMPANY_NAMES,
        "Associated Company IDs": COMPANY_IDS,
        "Associated Contact IDs": CONTACT_IDS,
    },
    "task": {
        "Record ID": RECORD_ID,
        "Task Title": "title",
        "Subject": "title",
        "Due Date": "due_at",
        "Task Status": "status",
        "Priority": "priority",
        "Task Type": "type",
        "Assigned To": "assignee_id",
        "Notes": "notes",
        "Create Date": "created_at",
        "Associated Company": COMPANY_NAMES,
        "Associated Company IDs": COMPANY_IDS,
        "Associated Contact IDs": CONTACT_IDS,
        "Associated Deal IDs": DEAL_IDS,
    },
}
# Salesforce: report exports head columns with field labels, Data Loader with API names.
SALESFORCE_HEADERS: dict[str, dict[str, str | Target]] = {
    "company": {
        # reports (Accounts)
        "Account ID": RECORD_ID,
        "Account Name": "name",
        "Account Owner": "owner_id",
        "Website": "domain",
        "Billing Country": "country",
        "Billing City": "city",
        "Phone": "phone",
        "Industry": "industry",
        "Employees": "employees",
        "Created Date": "created_at",
        "Last Activity": "last_activity_at",
        # Data Loader (Account)
        "Id": RECORD_ID,
        "Name": "name",
        "OwnerId": "owner_id",
        "CreatedDate": "created_at",
        "LastActivityDate": "last_activity_at",
        "BillingCountry": "country",
        "BillingCity": "city",
        "NumberOfEmployees": "employees",
        "Description": "description",
    },
    "contact": {
        # reports (Contacts & Accounts)
        "Contact ID": RECORD_ID,
        "First Name": "first_name",
        "Last Name": "last_name",
        "Email": "email",
        "Title": "job_title",
        "Phone": "phone",
        "Contact Owner": "owner_id",
        "Account Name": COMPANY_NAMES,
        "Account ID": COMPANY_IDS,
        "Created Date": "created_at",
        "Last Activity": "last_activity_at",
        # Data Loader (Contact)
        "Id": RECORD_ID,
        "FirstName": "first_name",
        "LastName": "last_name",
        "OwnerId": "owner_id",
        "AccountId": COMPANY_IDS,
        "CreatedDate": "created_at",
        "LastActivityDate": "last_activity_at",
    },
    "deal": {
        # reports (Opportunities)
        "Opportunity ID": RECORD_ID,
        "Opportunity Name": "name",
        "Stage": "stage_id",
        "Close Date": "close_date",
        "Amount": "amount",
        "Opportunity Owner": "owner_id",
        "Account Name": COMPANY_NAMES,
        "Account ID": COMPANY_IDS,
        "Created Date": "created_at",
        "Last Activity": "last_activity_at",
        # Data Loader (Opportunity)
        "Id": RECORD_ID,
        "Name": "name",
        "StageName": "stage_id",
        "CloseDate": "close_date",
        "OwnerId": "owner_id",
        "AccountId": COMPANY_IDS,
        "CreatedDate": "created_at",
        "LastActivityDate": "last_activity_at",
    },
    "task": {
        # reports (Activities); a task's owner is the person it is assigned to
        "Activity ID": RECORD_ID,
        "Assigned": "assignee_id",
        "Comments": "notes",
        "Account ID": COMPANY_IDS,
        # Data Loader (Task)
        "Id": RECORD_ID,
        "Subject": "title",
        "ActivityDate": "due_at",
        "Status": "status",
        "Priority": "priority",
        "TaskSubtype": "type",
        "OwnerId": "assignee_id",
        "Description": "notes",
        "AccountId": COMPANY_IDS,
        "WhoId": CONTACT_IDS,
        "CreatedDate": "created_at",
    },
}
# Weaker headers: used only when no other column fills the same target. "Annual Revenue"
# is the company's own yearly revenue, not what it pays us; it still goes to the ARR (the
# company's one currency property), which is what teams coming from these CRMs keep in it,
# unless the file has an ARR column of its own. The user can change it before importing.
FALLBACK_HEADERS: dict[str, dict[str, str | Target]] = {
    "company": {"Annual Revenue": "arr", "AnnualRevenue": "arr", "Website URL": "domain"},
    # the original CRM's contact property "Company Name" is free text; its
    # "Associated Company" column is the real link
    "contact": {"Company name": COMPANY_NAMES},
    "deal": {},
    "task": {},
}
