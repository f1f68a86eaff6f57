"""The demo workspace's fixed part, the same in both scales: workspace settings, object
types, custom properties and pipelines (written after the accounts, which it refers to)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from cslib.bulk import Bulk
from cslib.demo.accounts import ACCOUNT_CREATED_ON, USER_IDS
from cslib.models import (
    ObjectType,
    Pipeline,
    PipelineStage,
    PropertyDefinition,
    WorkspaceSettings,
)

OBJECT_TYPES = (
    # key, singular, plural, is_custom, has_pipeline
    ("company", "Company", "Companies", False, False),
    ("contact", "Contact", "Contacts", False, False),
    ("deal", "Deal", "Deals", False, True),
    ("subscription", "Subscription", "Subscriptions", False, True),
    ("project", "Project", "Projects", False, True),
    ("service", "Service", "Services", False, True),
    ("ticket", "Ticket", "Tickets", False, True),
    ("implementation", "Implementation", "Implementations", True, True),
)


def _opts(*labels: str) -> list[dict]:
    return [{"value": lbl.lower().replace(" ", "_").replace("-", "_"), "label": lbl} for lbl in labels]


MODULES = ("Analytics", "Automation", "Reporting", "Integrations", "Mobile", "SSO")
PARTNERS = (
    "In-house",
    "Nordic Consulting ApS",
    "Bluepeak Partners",
    "Wiśniewski IT Sp. z o.o.",
    "Summit Integrations Inc.",
)
PROPERTIES = (
    # object type, name, label, type, options, group, description
    (
        "company",
        "csm_sentiment",
        "CSM sentiment",
        "enumeration",
        _opts("Positive", "Neutral", "Negative"),
        "Customer success",
        "How the CSM feels about the relationship.",
    ),
    (
        "company",
        "product_usage",
        "Product usage (weekly active users %)",
        "number",
        None,
        "Customer success",
        "Share of licensed users active in the last 7 days.",
    ),
    ("company", "plan", "Plan", "enumeration", _opts("Starter", "Professional", "Enterprise"), "Revenue", None),
    (
        "deal",
        "deal_type",
        "Deal type",
        "enumeration",
        _opts("New business", "Expansion", "Renewal"),
        "Deal information",
        None,
    ),
    (
        "deal",
        "closed_lost_reason",
        "Closed lost reason",
        "enumeration",
        _opts("Price", "Competitor", "No budget", "Timing", "No decision"),
        "Deal information",
        None,
    ),
    (
        "subscription",
        "billing_period",
        "Billing period",
        "enumeration",
        _opts("Monthly", "Annual"),
        "Information",
        None,
    ),
    ("subscription", "seats", "Seats", "number", None, "Information", None),
    (
        "ticket",
        "category",
        "Category",
        "enumeration",
        _opts("Bug", "How-to question", "Billing", "Feature request"),
        "Information",
        None,
    ),
    ("implementation", "go_live_date", "Go-live date", "date", None, "Implementation", None),
    ("implementation", "implementation_partner", "Implementation partner", "string", None, "Implementation", None),
    ("implementation", "modules", "Modules", "enumeration", _opts(*MODULES), "Implementation", None),
)

# Pipelines: key -> (object type, name, stages). A stage: (name, probability, is_closed,
# is_won, required properties).
PIPELINES = {
    "sales": (
        "deal",
        "Sales pipeline",
        (
            ("Appointment scheduled", 0.2, False, False, []),
            ("Qualified to buy", 0.4, False, False, []),
            ("Presentation scheduled", 0.6, False, False, []),
            ("Decision maker bought-in", 0.8, False, False, []),
            ("Contract sent", 0.9, False, False, ["amount"]),
            ("Closed won", 1.0, True, True, ["amount", "close_date"]),
            ("Closed lost", 0.0, True, False, ["closed_lost_reason"]),
        ),
    ),
    "renewals": (
        "deal",
        "Renewals pipeline",
        (
            ("Renewal upcoming", 0.7, False, False, []),
            ("In negotiation", 0.85, False, False, ["amount"]),
            ("Renewed", 1.0, True, True, ["amount", "close_date"]),
            ("Churned", 0.0, True, False, ["closed_lost_reason"]),
        ),
    ),
    "subscriptions": (
        "subscription",
        "Subscriptions",
        (
            ("Trial", None, False, False, []),
            ("Active", None, False, False, []),
            ("Past due", None, False, False, []),
            ("Cancelled", None, True, False, []),
        ),
    ),
    "onboarding": (
        "project",
        "Onboarding",
        (
            ("Kick-off", None, False, False, []),
            ("Configuration", None, False, False, []),
            ("Training", None, False, False, []),
            ("Go-live", None, False, False, ["close_date"]),
            ("Completed", None, True, True, ["close_date"]),
        ),
    ),
    "services": (
        "service",
        "Professional services",
        (
            ("Scoping", None, False, False, []),
            ("Proposal sent", None, False, False, ["amount"]),
            ("In delivery", None, False, False, []),
            ("Delivered", None, True, True, ["close_date"]),
            ("Cancelled", None, True, False, []),
        ),
    ),
    "support": (
        "ticket",
        "Support pipeline",
        (
            ("New", None, False, False, []),
            ("Waiting on contact", None, False, False, []),
            ("Waiting on us", None, False, False, []),
            ("Closed", None, True, False, []),
        ),
    ),
    "implementation": (
        "implementation",
        "Implementation",
        (
            ("Planning", None, False, False, []),
            ("Build", None, False, False, ["implementation_partner"]),
            ("Testing", None, False, False, []),
            ("Go-live", None, False, False, ["go_live_date"]),
            ("Live", None, True, True, []),
        ),
    ),
}


@dataclass(frozen=True)
class Stage:
    id: int
    name: str
    is_closed: bool
    is_won: bool


@dataclass(frozen=True)
class PipelineInfo:
    id: int
    object_type: str
    stages: tuple[Stage, ...]

    def stage(self, name: str) -> Stage:
        return next(s for s in self.stages if s.name == name)


def write_workspace(bulk: Bulk, now: datetime) -> dict[str, PipelineInfo]:
    """Insert the fixed rows; returns the pipelines by key."""
    ts = bulk.ts
    start = datetime.combine(ACCOUNT_CREATED_ON, datetime.min.time())
    created = ts(start + timedelta(hours=9))
    bulk.insert(
        ObjectType.__table__,
        (
            "id",
            "key",
            "singular",
            "plural",
            "is_custom",
            "has_pipeline",
            "created_at",
        ),
        [(i, *row, created) for i, row in enumerate(OBJECT_TYPES, start=1)],
    )
    bulk.insert(
        PropertyDefinition.__table__,
        (
            "id",
            "object_type",
            "name",
            "label",
            "type",
            "options",
            "group_name",
            "description",
            "is_readonly",
            "display_order",
        ),
        [
            (i, obj, name, label, type_, bulk.js(opts) if opts else None, group, desc, False, 100 + i)
            for i, (obj, name, label, type_, opts, group, desc) in enumerate(PROPERTIES, start=1)
        ],
    )
    pipelines: dict[str, PipelineInfo] = {}
    pipe_rows, stage_rows = [], []
    sid = 0
    for pid, (key, (obj, name, stages)) in enumerate(PIPELINES.items(), start=1):
        order = sum(1 for p in pipelines.values() if p.object_type == obj)
        pipe_rows.append((pid, obj, name, order, 1))
        infos = []
        for n, (sname, prob, closed, won, required) in enumerate(stages):
            sid += 1
            stage_rows.append((sid, pid, sname, n, prob, closed, won, bulk.js(required)))
            infos.append(Stage(sid, sname, closed, won))
        pipelines[key] = PipelineInfo(pid, obj, tuple(infos))
    bulk.insert(Pipeline.__table__, ("id", "object_type", "name", "display_order", "version"), pipe_rows)
    bulk.insert(
        PipelineStage.__table__,
        (
            "id",
            "pipeline_id",
            "name",
            "display_order",
            "probability",
            "is_closed",
            "is_won",
            "required_properties",
        ),
        stage_rows,
    )
    revenue = [pipelines[k].id for k in ("sales", "renewals", "subscriptions")]
    bulk.insert(
        WorkspaceSettings.__table__,
        (
            "id",
            "name",
            "account_created_on",
            "owner_property",
            "customer_object",
            "projects_object",
            "revenue_pipeline_ids",
            "currency",
            "is_demo",
            "updated_at",
            "updated_by_id",
            "version",
        ),
        [
            (
                1,
                "Customer Success",
                bulk.day(ACCOUNT_CREATED_ON),
                "owner_id",
                "company",
                "project",
                bulk.js(revenue),
                "USD",
                True,
                ts(now),
                USER_IDS["admin"],
                1,
            )
        ],
    )
    return pipelines
