-- Key policies (expiry, spend limit, IP allowlist, rate limits), rotation's previous secret, and each key's
-- spend per UTC day, counted in the usage transaction.

alter table api_keys
    add column expires_at          timestamptz,
    add column spend_limit         numeric(20, 6) check (spend_limit > 0),
    add column spend_limit_period  varchar(8) check (spend_limit_period in ('DAILY', 'WEEKLY', 'MONTHLY', 'TOTAL')),
    -- Normalised addresses and networks ("10.0.0.0/8", "2001:db8::1"); null = any client.
    add column allowed_ips         varchar(43)[] check (cardinality(allowed_ips) between 1 and 100),
    add column rate_limit_rpm      integer check (rate_limit_rpm > 0),
    add column rate_limit_tpm      integer check (rate_limit_tpm > 0),
    -- After a rotation: the replaced secret's hash, accepted until previous_expires_at.
    add column previous_secret_hash char(64) unique,
    add column previous_expires_at  timestamptz,
    add column rotated_at           timestamptz,
    add constraint api_keys_limit_has_period check ((spend_limit is null) = (spend_limit_period is null)),
    add constraint api_keys_previous_has_expiry check ((previous_secret_hash is null) = (previous_expires_at is null));

-- A key's charged cost per UTC day of the calls' occurredAt; a period's spend is the sum of its days.
create table key_spend (
    key_id uuid           not null references api_keys (id),
    day    date           not null,
    spent  numeric(20, 6) not null check (spent >= 0),
    primary key (key_id, day)
);

-- The first UTC day of the current spend period (weeks start on Monday); -infinity for TOTAL.
create function key_period_start(period varchar) returns date
    language sql stable
as $$
    select case period
        when 'DAILY' then (now() at time zone 'UTC')::date
        when 'WEEKLY' then date_trunc('week', now() at time zone 'UTC')::date
        when 'MONTHLY' then date_trunc('month', now() at time zone 'UTC')::date
        else date '-infinity'
    end
$$;
