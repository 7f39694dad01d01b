-- Foundation: tenants, their users, console sessions and password-reset codes.

create table tenants (
    id            uuid primary key,
    name          varchar(64)    not null,
    region        varchar(16)    not null check (region in ('CN', 'OVERSEAS')),
    contact_name  varchar(64)    not null,
    contact_phone varchar(32)    not null,
    -- Kept equal to the sum of the ledger by the billing transactions (see V3).
    balance       numeric(20, 6) not null default 0,
    created_at    timestamptz    not null default now(),
    -- Optimistic lock: region changes compare and bump it.
    version       bigint         not null default 0
);

create table users (
    id            uuid primary key,
    tenant_id     uuid         references tenants (id),
    email         varchar(254) not null,
    name          varchar(64)  not null,
    password_hash varchar(255) not null,
    role          varchar(16)  not null check (role in ('SYSTEM_ADMIN', 'TENANT_ADMIN', 'MEMBER')),
    created_at    timestamptz  not null default now(),
    -- Only the platform operator belongs to no tenant.
    constraint users_tenant_matches_role check ((role = 'SYSTEM_ADMIN') = (tenant_id is null))
);

-- One email is one account in one tenant, whatever its case.
create unique index users_email_unique on users (lower(email));
create index users_tenant on users (tenant_id);

create table sessions (
    id           uuid primary key,
    -- SHA-256 of the opaque bearer token, hex; the token itself is never stored.
    token_hash   char(64)    not null unique,
    user_id      uuid        not null references users (id) on delete cascade,
    created_at   timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    expires_at   timestamptz not null,
    revoked_at   timestamptz
);

create index sessions_user on sessions (user_id) where revoked_at is null;

create table password_reset_codes (
    id         uuid primary key,
    user_id    uuid        not null references users (id) on delete cascade,
    -- SHA-256 of the user id and the 6-digit code, hex.
    code_hash  char(64)    not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    attempts   int         not null default 0,
    used_at    timestamptz
);

create index password_reset_codes_user on password_reset_codes (user_id, created_at desc);
