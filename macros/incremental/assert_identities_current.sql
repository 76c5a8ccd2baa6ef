-- Before an incremental run of a scoped model (amplitude__sessions, amplitude__event_enhanced) writes: int_amplitude__identities, which it walks to find the
-- users of the new rows, must already hold every new row (a run that selected amplitude__sessions without it, or
-- excluded it, finds it stale). Otherwise fail, naming it, before the high-water mark moves past those rows.
{% macro assert_identities_current() %}
    {#- A unit test has no tables to look at. -#}
    {%- if model.resource_type == 'unit_test' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set identities = amplitude_sessions.package_model_relation('int_amplitude__identities') -%}
    {%- set check -%}
        with new_rows as (
            {{ amplitude_sessions.select_new_events(
                ref('stg_amplitude__event'),
                amplitude_sessions.scope_watermark_tables(),
                ['source_relation', 'fivetran_synced_at', 'event_at'],
            ) }}
        ),

        new_marks as (
            select
                source_relation,
                max(fivetran_synced_at) as synced_through,
                max(event_at) as event_through
            from new_rows
            group by source_relation
        ),

        identity_marks as (
            select
                source_relation,
                max(last_synced_at) as synced_through,
                max(last_event_at) as event_through
            from {{ identities }}
            group by source_relation
        )

        select new_marks.source_relation
        from new_marks
        left join identity_marks
            on new_marks.source_relation = identity_marks.source_relation
        where
            identity_marks.source_relation is null
            or new_marks.synced_through > identity_marks.synced_through
            or (new_marks.synced_through is not null and identity_marks.synced_through is null)
            or new_marks.event_through > identity_marks.event_through
    {%- endset -%}
    {%- set stale = run_query(check).columns[0].values() | list -%}
    {%- if stale -%}
        {{ exceptions.raise_compiler_error(
            "amplitude_sessions: " ~ identities ~ " (int_amplitude__identities) has not seen the newest rows of "
            ~ stale | join(", ") ~ ", so this run of " ~ model.name ~ " would miss their users. It was left out"
            ~ " of the selection: run `dbt run --select +" ~ model.name ~ "`. Nothing was written."
        ) }}
    {%- endif -%}
{% endmacro %}
