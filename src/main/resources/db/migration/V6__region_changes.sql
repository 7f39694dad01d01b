-- The audit trail of tenant region changes.

create table region_changes (
    id                      uuid primary key,
    tenant_id               uuid        not null references tenants (id),
    changed_by              uuid        references users (id) on delete set null,
    from_region             varchar(16) not null check (from_region in ('CN', 'OVERSEAS')),
    to_region               varchar(16) not null check (to_region in ('CN', 'OVERSEAS')),
    compliance_acknowledged boolean     not null,
    -- The keys this change unbound (PENDING_REASSIGNMENT), as they were at the time.
    unbound_keys            uuid[]      not null,
    changed_at              timestamptz not null default now(),
    constraint region_changes_changes_something check (from_region <> to_region)
);

create index region_changes_tenant on region_changes (tenant_id, changed_at desc);
