-- API keys, the usage the gateway reports for them, and its hourly rollup.

create table api_keys (
    id           uuid primary key,
    tenant_id    uuid        not null references tenants (id),
    created_by   uuid        references users (id) on delete set null,
    name         varchar(64) not null,
    -- The first 8 characters of the key ("gk-" and 5 more), which the console shows to tell keys apart.
    prefix       char(8)     not null,
    -- SHA-256 of the whole key, hex: the key itself is shown once and never stored.
    secret_hash  char(64)    not null unique,
    -- Null while PENDING_REASSIGNMENT (its group left the tenant's region); kept on REVOKED keys for history.
    group_id     uuid        references model_groups (id),
    status       varchar(24) not null check (status in ('ACTIVE', 'PENDING_REASSIGNMENT', 'REVOKED')),
    created_at   timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    constraint api_keys_status_matches_group check (
        (status = 'ACTIVE' and group_id is not null)
        or (status = 'PENDING_REASSIGNMENT' and group_id is null)
        or status = 'REVOKED')
);

create index api_keys_tenant on api_keys (tenant_id, created_at);
create index api_keys_creator on api_keys (created_by);

create table usage_records (
    id            bigint generated always as identity primary key,
    -- The gateway's id of the call: a replayed report is recognised and charged once.
    request_id    varchar(128)   not null unique,
    tenant_id     uuid           not null references tenants (id),
    key_id        uuid           not null references api_keys (id),
    -- The group that admitted the call (it may have left the tenant's region since).
    group_id      uuid           not null references model_groups (id),
    input_tokens  bigint         not null check (input_tokens >= 0),
    output_tokens bigint         not null check (output_tokens >= 0),
    base_cost     numeric(20, 6) not null check (base_cost >= 0),
    cost          numeric(20, 6) not null check (cost >= 0),
    occurred_at   timestamptz    not null,
    recorded_at   timestamptz    not null default now()
);

create index usage_records_tenant_time on usage_records (tenant_id, occurred_at);
create index usage_records_key_time on usage_records (key_id, occurred_at);

-- Usage per tenant, group and hour, maintained in the same transaction as each usage record, so that usage
-- pages and the dashboard read a few hundred rows instead of scanning raw usage.
create table usage_hourly (
    tenant_id     uuid           not null references tenants (id),
    group_id      uuid           not null references model_groups (id),
    hour          timestamptz    not null,
    requests      bigint         not null,
    input_tokens  bigint         not null,
    output_tokens bigint         not null,
    cost          numeric(20, 6) not null,
    primary key (tenant_id, hour, group_id)
);
