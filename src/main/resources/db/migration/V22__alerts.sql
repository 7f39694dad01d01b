-- Alerts: a tenant's thresholds and webhook (alert_settings) and the durable outbox of their crossings
-- (alert_deliveries), written in the transaction that moved the balance or the spend (alert.Alerts) and
-- delivered by a poller on whichever replica claims a row first (for update skip locked).

create table alert_settings (
    tenant_id              uuid primary key references tenants (id),
    low_balance_threshold  numeric(20, 6),
    -- Percentages of a key's spend limit, ascending, distinct.
    key_budget_thresholds  integer[]    not null default '{}',
    webhook_url            text,
    -- The HMAC-SHA256 key of X-Signature; stored because the server signs with it (shown once).
    webhook_secret         text,
    -- True while the balance is above the threshold: the next move to or below it is a crossing and disarms;
    -- a move back above re-arms.
    low_balance_armed      boolean      not null default true,
    updated_at             timestamptz  not null default now(),
    constraint alert_settings_webhook check ((webhook_url is null) = (webhook_secret is null))
);

create table alert_deliveries (
    id              uuid primary key,
    seq             bigint generated always as identity unique,
    tenant_id       uuid           not null references tenants (id),
    type            varchar(16)    not null check (type in ('LOW_BALANCE', 'KEY_BUDGET')),
    -- KEY_BUDGET only.
    key_id          uuid,
    -- LOW_BALANCE: the balance threshold; KEY_BUDGET: the percentage of the key's limit.
    threshold       numeric(20, 6) not null,
    -- LOW_BALANCE: the balance after the crossing; KEY_BUDGET: the key's spend in the period.
    value           numeric(20, 6) not null,
    channel         varchar(8)     not null check (channel in ('EMAIL', 'WEBHOOK')),
    -- The email address or the webhook URL at the time of the crossing.
    recipient       text           not null,
    status          varchar(16)    not null default 'PENDING' check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        integer        not null default 0,
    -- When a poller may next claim it (a claim pushes it out by a lease, so a replica that dies mid-delivery
    -- leaves it to another).
    next_attempt_at timestamptz    not null default now(),
    last_error      text,
    occurred_at     timestamptz    not null default now(),
    created_at      timestamptz    not null default now(),
    delivered_at    timestamptz,
    constraint alert_deliveries_key check ((type = 'KEY_BUDGET') = (key_id is not null)),
    constraint alert_deliveries_delivered check ((status = 'DELIVERED') = (delivered_at is not null))
);

create index alert_deliveries_due on alert_deliveries (next_attempt_at) where status = 'PENDING';
create index alert_deliveries_tenant_seq on alert_deliveries (tenant_id, seq desc);
