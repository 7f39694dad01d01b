-- Usage per tenant, group and UTC day, maintained with usage_hourly in the same statement as each usage
-- record's rollup. Usage queries read whole days from here and only the partial days at the ends of a range
-- from usage_hourly: a 30-day range of 20 groups aggregates about 1,500 rows instead of 14,400.

create table usage_daily (
    tenant_id     uuid           not null references tenants (id),
    group_id      uuid           not null references model_groups (id),
    -- Midnight UTC of the day.
    day           timestamptz    not null,
    requests      bigint         not null,
    input_tokens  bigint         not null,
    output_tokens bigint         not null,
    cost          numeric(20, 6) not null,
    primary key (tenant_id, day, group_id)
);

-- Usage recorded before this migration. Replicas still running the previous version write only
-- usage_hourly: upgrade them all together (see the README's operations notes).
insert into usage_daily (tenant_id, group_id, day, requests, input_tokens, output_tokens, cost)
select tenant_id, group_id, date_trunc('day', hour, 'UTC'), sum(requests), sum(input_tokens), sum(output_tokens),
       sum(cost)
from usage_hourly
group by tenant_id, group_id, date_trunc('day', hour, 'UTC');
