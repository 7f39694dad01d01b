-- Raw usage at gateway scale: usage_records becomes a table partitioned by the UTC day of the call, so that old
-- raw records are dropped a whole partition at a time (gahorouter.usage.retention, default 35 days) while the
-- rollups and the ledger are kept forever. The server creates the partitions ahead of time (usage.UsagePartitions);
-- a call outside every daily partition lands in usage_records_default.
--
-- Idempotency moves with it: a unique index on a partitioned table must contain the partition key, so a report is
-- recognised as a replay by (request_id, occurred_day): a requestId replayed for a call of the same UTC day within
-- the retention is charged once; one replayed after its partition was dropped is not recognised.

alter table usage_records rename to usage_records_unpartitioned;
alter index usage_records_tenant_time rename to usage_records_unpartitioned_tenant_time;
alter index usage_records_key_time rename to usage_records_unpartitioned_key_time;

create table usage_records (
    -- The gateway's id of the call.
    request_id    varchar(128)   not null,
    tenant_id     uuid           not null references tenants (id),
    key_id        uuid           not null references api_keys (id),
    -- The group that admitted the call (it may have left the tenant's region since).
    group_id      uuid           not null references model_groups (id),
    input_tokens  bigint         not null check (input_tokens >= 0),
    output_tokens bigint         not null check (output_tokens >= 0),
    base_cost     numeric(20, 6) not null check (base_cost >= 0),
    cost          numeric(20, 6) not null check (cost >= 0),
    occurred_at   timestamptz    not null,
    -- The UTC day of occurred_at: the partition key.
    occurred_day  date           not null,
    recorded_at   timestamptz    not null default now(),
    constraint usage_records_day check (occurred_day = (occurred_at at time zone 'UTC')::date),
    constraint usage_records_once unique (request_id, occurred_day)
) partition by range (occurred_day);

create index usage_records_tenant_time on usage_records (tenant_id, occurred_at);
create index usage_records_key_time on usage_records (key_id, occurred_at);

create table usage_records_default partition of usage_records default;

-- Today's partition and the next two exist before the first report; the server keeps creating them ahead.
do
$$
declare
    day date;
begin
    for day in select generate_series((now() at time zone 'UTC')::date, (now() at time zone 'UTC')::date + 2,
                                      interval '1 day')::date
    loop
        execute format('create table if not exists %I partition of usage_records for values from (%L) to (%L)',
                       'usage_records_' || to_char(day, 'YYYYMMDD'), day, day + 1);
    end loop;
end;
$$;

insert into usage_records (request_id, tenant_id, key_id, group_id, input_tokens, output_tokens, base_cost, cost,
                           occurred_at, occurred_day, recorded_at)
select request_id, tenant_id, key_id, group_id, input_tokens, output_tokens, base_cost, cost, occurred_at,
       (occurred_at at time zone 'UTC')::date, recorded_at
from usage_records_unpartitioned;

drop table usage_records_unpartitioned;

-- When each key was last named in a reported call (maintained by the usage transaction, one update per key and
-- window), so that the region pre-check reads a key's last use from its own row instead of scanning raw usage.
alter table api_keys add column last_reported_at timestamptz;

update api_keys k
set last_reported_at = u.last_call
from (select key_id, max(occurred_at) as last_call from usage_records group by key_id) u
where u.key_id = k.id;

-- The pre-check lists a tenant's active keys bound to the groups it would lose.
create index api_keys_tenant_group on api_keys (tenant_id, group_id) where status = 'ACTIVE';
