-- Billing: the append-only ledger behind tenants.balance, and top-up orders.

create table ledger_entries (
    id            uuid primary key,
    -- Assigned while the tenant's row is locked by the same statement, so within one tenant it orders the
    -- entries exactly as their balance_after values were computed (created_at can tie).
    seq           bigint generated always as identity unique,
    tenant_id     uuid           not null references tenants (id),
    kind          varchar(16)    not null check (kind in ('TOP_UP', 'USAGE', 'ADJUSTMENT')),
    amount        numeric(20, 6) not null,
    balance_after numeric(20, 6) not null,
    -- TOP_UP: the order id; USAGE: the gateway's request id; ADJUSTMENT: the operator's reason.
    reference     text           not null,
    created_at    timestamptz    not null default now(),
    -- Credits are positive, usage debits (a zero-cost call may be recorded), adjustments go either way.
    constraint ledger_entries_amount_sign check (
        (kind = 'TOP_UP' and amount > 0)
        or (kind = 'USAGE' and amount <= 0)
        or (kind = 'ADJUSTMENT' and amount <> 0))
);

create index ledger_entries_tenant_seq on ledger_entries (tenant_id, seq desc);

-- An order is credited once, whatever the application does.
create unique index ledger_entries_top_up_once on ledger_entries (reference) where kind = 'TOP_UP';

-- The ledger is history: rows are only ever inserted. Corrections are new ADJUSTMENT entries.
create function ledger_entries_append_only() returns trigger
    language plpgsql as
$$
begin
    raise exception 'ledger_entries is append-only: % is not allowed', tg_op
        using errcode = 'restrict_violation';
end;
$$;

create trigger ledger_entries_no_update_or_delete
    before update or delete on ledger_entries
    for each row execute function ledger_entries_append_only();

create trigger ledger_entries_no_truncate
    before truncate on ledger_entries
    for each statement execute function ledger_entries_append_only();

-- The gateway's key check refuses a tenant whose balance is <= 0, so caches of it must hear when the
-- balance crosses zero. NOTIFY is delivered on commit only, to every replica listening, whoever appended;
-- the channel and payload are those of system.ChangeNotifications (topic "balance", the tenant's id).
create function ledger_entries_notify_zero_crossing() returns trigger
    language plpgsql as
$$
begin
    if (new.balance_after - new.amount > 0) <> (new.balance_after > 0) then
        perform pg_notify('gahorouter_changes',
                          json_build_object('topic', 'balance', 'id', new.tenant_id)::text);
    end if;
    return null;
end;
$$;

create trigger ledger_entries_zero_crossing
    after insert on ledger_entries
    for each row execute function ledger_entries_notify_zero_crossing();

create table top_up_orders (
    id                 uuid primary key,
    tenant_id          uuid           not null references tenants (id),
    amount             numeric(18, 2) not null check (amount >= 1.00 and amount <= 100000.00),
    -- The payment provider's name (gahorouter.billing.provider at the time of the order).
    provider           varchar(32)    not null,
    status             varchar(16)    not null default 'PENDING' check (status in ('PENDING', 'PAID', 'FAILED')),
    -- The provider's id of the payment; set as soon as the provider accepted the order.
    provider_reference text unique,
    payment_url        text,
    created_at         timestamptz    not null default now(),
    paid_at            timestamptz,
    constraint top_up_orders_paid_at check ((status = 'PAID') = (paid_at is not null))
);

create index top_up_orders_tenant on top_up_orders (tenant_id, created_at desc);
