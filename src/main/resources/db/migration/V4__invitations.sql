-- Invitation links by which members join a tenant.

create table invitations (
    id          uuid primary key,
    tenant_id   uuid         not null references tenants (id),
    -- SHA-256 of the link's token, hex; the token itself is shown once, at creation.
    token_hash  char(64)     not null unique,
    -- When set, only this email (any case) may accept.
    email       varchar(254),
    created_by  uuid         references users (id) on delete set null,
    created_at  timestamptz  not null default now(),
    expires_at  timestamptz  not null,
    max_uses    int          not null check (max_uses between 1 and 1000),
    uses        int          not null default 0,
    revoked_at  timestamptz,
    constraint invitations_uses_within_max check (uses <= max_uses)
);

create index invitations_tenant on invitations (tenant_id, created_at desc);
