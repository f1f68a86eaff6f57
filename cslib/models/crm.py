"""CRM records: object types, properties, pipelines, companies, contacts, pipeline records,
associations and the append-only property history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from cslib.models.base import Base, utcnow


class ObjectType(Base):
    """Companies, contacts, deals, subscriptions, projects, services, tickets and custom objects."""

    __tablename__ = "object_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    singular: Mapped[str] = mapped_column(String(100))
    plural: Mapped[str] = mapped_column(String(100))
    is_custom: Mapped[bool] = mapped_column(Boolean, default=False)
    has_pipeline: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PropertyDefinition(Base):
    """A property of an object type. Standard ones map to a column; custom ones live in
    the record's `custom` JSON."""

    __tablename__ = "property_definitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(ForeignKey("object_types.key", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(120))
    type: Mapped[str] = mapped_column(String(20))
    options: Mapped[list | None] = mapped_column(JSON)
    group_name: Mapped[str] = mapped_column(String(80), default="Information")
    description: Mapped[str | None] = mapped_column(Text)
    is_readonly: Mapped[bool] = mapped_column(Boolean, default=False)
    display_order: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (UniqueConstraint("object_type", "name", name="uq_property_definitions_object_name"),)


class Pipeline(Base):
    __tablename__ = "pipelines"

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(ForeignKey("object_types.key", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    display_order: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class PipelineStage(Base):
    __tablename__ = "pipeline_stages"

    id: Mapped[int] = mapped_column(primary_key=True)
    pipeline_id: Mapped[int] = mapped_column(ForeignKey("pipelines.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    display_order: Mapped[int] = mapped_column(Integer, default=0)
    probability: Mapped[float | None] = mapped_column(Float)
    is_closed: Mapped[bool] = mapped_column(Boolean, default=False)
    is_won: Mapped[bool] = mapped_column(Boolean, default=False)
    # Property names a record must have before it may enter this stage.
    required_properties: Mapped[list] = mapped_column(JSON, default=list)


class Company(Base):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    domain: Mapped[str | None] = mapped_column(String(253))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    csm_owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_activity_at: Mapped[datetime | None]
    lifecycle_stage: Mapped[str | None] = mapped_column(String(40))
    industry: Mapped[str | None] = mapped_column(String(80))
    arr: Mapped[float | None] = mapped_column(Float)
    renewal_date: Mapped[date | None] = mapped_column(Date)
    nps: Mapped[int | None] = mapped_column(Integer)
    employees: Mapped[int | None] = mapped_column(Integer)
    country: Mapped[str | None] = mapped_column(String(80))
    city: Mapped[str | None] = mapped_column(String(80))
    phone: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(Text)
    health_score: Mapped[float | None] = mapped_column(Float)
    health_category: Mapped[str | None] = mapped_column(String(20))
    custom: Mapped[dict] = mapped_column(JSON, default=dict)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"))
    deleted_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # Covering indexes for the Overview: count, ARR and renewals of one owner's customers.
        Index("ix_companies_owner_renewal", "owner_id", "deleted_at", "merged_into_id", "renewal_date", "arr"),
        Index("ix_companies_csm_owner_renewal", "csm_owner_id", "deleted_at", "merged_into_id", "renewal_date", "arr"),
        # Lists (cslib.lists) count and page live records (deleted_at and merged_into_id
        # NULL): these answer "owned by" and "last activity in a range" from the index alone.
        Index("ix_companies_owner_live", "owner_id", "deleted_at", "merged_into_id"),
        Index("ix_companies_csm_owner_live", "csm_owner_id", "deleted_at", "merged_into_id"),
        Index("ix_companies_name", "name"),
        Index("ix_companies_domain", "domain"),
        Index("ix_companies_created_at", "created_at"),
        Index("ix_companies_last_activity_at", "last_activity_at", "deleted_at", "merged_into_id"),
        Index("ix_companies_renewal_date", "renewal_date"),
        # Covering indexes for reports: ARR by renewal month, customers by owner and status.
        Index("ix_companies_renewal_arr", "renewal_date", "arr", "deleted_at", "merged_into_id"),
        Index("ix_companies_health_score", "health_score", "health_category", "deleted_at", "merged_into_id"),
        Index("ix_companies_owner_health", "owner_id", "health_category", "deleted_at", "merged_into_id"),
        Index("ix_companies_csm_owner_health", "csm_owner_id", "health_category", "deleted_at", "merged_into_id"),
        Index("ix_companies_arr", "arr"),
        Index("ix_companies_lifecycle_stage", "lifecycle_stage"),
        Index("ix_companies_health_category", "health_category"),
        # Deleted and merged companies (few): lists of alerts leave their alerts out.
        Index("ix_companies_deleted_at", "deleted_at"),
        # Deleting a company checks that none was merged into it (a foreign key): without
        # this, each delete read the whole table (undoing an import of 100,000 companies).
        Index("ix_companies_merged_into", "merged_into_id"),
        # Imports find companies by domain and by name whatever their case.
        Index("ix_companies_domain_lower", func.lower(domain)),
        Index("ix_companies_name_lower", func.lower(name)),
    )


class CompanyDomain(Base):
    """Every domain of a company; `companies.domain` mirrors the primary one for lists."""

    __tablename__ = "company_domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    domain: Mapped[str] = mapped_column(String(253), index=True)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_company_domains_domain_lower", func.lower(domain)),)


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    job_title: Mapped[str | None] = mapped_column(String(120))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_activity_at: Mapped[datetime | None]
    lifecycle_stage: Mapped[str | None] = mapped_column(String(40))
    custom: Mapped[dict] = mapped_column(JSON, default=dict)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    deleted_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_contacts_merged_into", "merged_into_id"),
        # Imports find contacts by e-mail whatever its case.
        Index("ix_contacts_email_lower", func.lower(email)),
    )


class Record(Base):
    """A record of a pipeline object: deal, subscription, project, service, ticket or custom."""

    __tablename__ = "records"

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(ForeignKey("object_types.key"))
    name: Mapped[str] = mapped_column(String(200))
    pipeline_id: Mapped[int | None] = mapped_column(ForeignKey("pipelines.id", ondelete="SET NULL"))
    stage_id: Mapped[int | None] = mapped_column(ForeignKey("pipeline_stages.id", ondelete="SET NULL"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    amount: Mapped[float | None] = mapped_column(Float)
    close_date: Mapped[date | None] = mapped_column(Date)
    priority: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    stage_entered_at: Mapped[datetime | None]
    last_activity_at: Mapped[datetime | None]
    custom: Mapped[dict] = mapped_column(JSON, default=dict)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("records.id", ondelete="SET NULL"))
    deleted_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_records_type_pipeline_stage", "object_type", "pipeline_id", "stage_id"),
        Index("ix_records_type_owner", "object_type", "owner_id"),
        Index("ix_records_type_created", "object_type", "created_at"),
        Index("ix_records_merged_into", "merged_into_id"),
    )


class Association(Base):
    """A link between two records of any types, stored once per pair (from < to)."""

    __tablename__ = "associations"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_type: Mapped[str] = mapped_column(String(64))
    from_id: Mapped[int] = mapped_column(Integer)
    to_type: Mapped[str] = mapped_column(String(64))
    to_id: Mapped[int] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The import that made this link (its undo unmakes it); None for links made otherwise.
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id", ondelete="SET NULL"))

    __table_args__ = (
        UniqueConstraint("from_type", "from_id", "to_type", "to_id", name="uq_associations_pair"),
        Index("ix_associations_to", "to_type", "to_id", "from_type"),
        Index("ix_associations_import", "import_id"),
    )


class PropertyHistory(Base):
    """Append-only: one row per property change of any record, written by cslib on every write."""

    __tablename__ = "property_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[int] = mapped_column(Integer)
    property: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(20), default="ui")
    # The import that wrote this change (its undo restores the old value).
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id", ondelete="SET NULL"))

    __table_args__ = (
        Index("ix_property_history_import", "import_id"),
        Index("ix_property_history_object", "object_type", "object_id", "property", "changed_at"),
        # object_id last: "which records had this property changed in a period" from the
        # index alone (the "assigned in the last 30 days" filter, cslib.properties).
        Index("ix_property_history_property_time", "object_type", "property", "changed_at", "object_id"),
    )
