-- The audit log: every state-changing action of a tenant's users and of the operator, written in the
-- transaction of the action (audit.AuditLog). Append-only like ledger_entries.

create table audit_log (
    id          uuid primary key,
    -- Orders the entries for newest-first paging (occurred_at is the transaction's start and can tie).
    seq         bigint generated always as identity unique,
    -- The tenant the entry belongs to; null for platform-wide operator actions and for failed sign-ins of
    -- unknown emails (only the operator sees those).
    tenant_id   uuid references tenants (id),
    action      varchar(48)  not null check (action ~ '^[A-Z][A-Z_]*$'),
    -- No foreign key: the entry outlives a removed member's account.
    actor_id    uuid,
    actor_email text,
    -- TENANT_ADMIN, MEMBER, SYSTEM_ADMIN; SYSTEM (a payment provider's webhook); ANONYMOUS (a failed sign-in of an
    -- unknown email, whose actor_email is the email named).
    actor_role  varchar(32)  not null,
    target_type varchar(32),
    target_id   text,
    summary     text         not null,
    ip          text,
    occurred_at timestamptz  not null default now()
);

create index audit_log_tenant_seq on audit_log (tenant_id, seq desc);
create index audit_log_tenant_action_seq on audit_log (tenant_id, action, seq desc);
create index audit_log_actor_seq on audit_log (actor_id, seq desc);

create function audit_log_append_only() returns trigger
    language plpgsql as
$$
begin
    raise exception 'audit_log is append-only: % is not allowed', tg_op
        using errcode = 'restrict_violation';
end;
$$;

create trigger audit_log_no_update_or_delete
    before update or delete on audit_log
    for each row execute function audit_log_append_only();

create trigger audit_log_no_truncate
    before truncate on audit_log
    for each statement execute function audit_log_append_only();
