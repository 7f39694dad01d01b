-- Model-group catalog: the operator's groups and the per-tenant overrides (grants and blocks).

create table model_groups (
    id              uuid primary key default gen_random_uuid(),
    name            varchar(64)    not null,
    platform        varchar(64)    not null,
    rate_multiplier numeric(10, 4) not null check (rate_multiplier > 0),
    service_region  varchar(16)    not null check (service_region in ('CN', 'OVERSEAS')),
    visibility      varchar(16)    not null check (visibility in ('PUBLIC', 'RESTRICTED')),
    status          varchar(16)    not null check (status in ('ACTIVE', 'MAINTENANCE', 'DISABLED')),
    -- Upstream model ids, in the operator's order (the gateway's /v1/models lists them).
    models          text[]         not null default '{}',
    created_at      timestamptz    not null default now(),
    updated_at      timestamptz    not null default now(),
    version         bigint         not null default 0
);

-- Names identify groups to people: unique whatever their case.
create unique index model_groups_name_unique on model_groups (lower(name));

-- No row means the default: a PUBLIC group is available, a RESTRICTED one is not.
create table tenant_group_access (
    tenant_id  uuid        not null references tenants (id) on delete cascade,
    group_id   uuid        not null references model_groups (id) on delete cascade,
    access     varchar(16) not null check (access in ('GRANTED', 'BLOCKED')),
    updated_at timestamptz not null default now(),
    primary key (tenant_id, group_id)
);

create index tenant_group_access_group on tenant_group_access (group_id);
