-- Per (source_relation, amplitude_id), the first user_id seen (by event_at, then the smallest): contract section 4.
{% macro first_user_ids(relation) %}
    {{ return(adapter.dispatch('first_user_ids', 'amplitude_sessions')(relation)) }}
{% endmacro %}

{% macro default__first_user_ids(relation) %}
    select
        identified_events.source_relation,
        identified_events.amplitude_id,
        min({{ amplitude_sessions.bytewise('identified_events.user_id') }}) as stitched_user_id
    from {{ relation }} as identified_events
    inner join (
        select
            source_relation,
            amplitude_id,
            min(event_at) as first_identified_at
        from {{ relation }} as candidate_events
        where user_id is not null and amplitude_id is not null
        group by source_relation, amplitude_id
    ) as first_identifications
        on identified_events.source_relation = first_identifications.source_relation
        and identified_events.amplitude_id = first_identifications.amplitude_id
        and identified_events.event_at = first_identifications.first_identified_at
    where identified_events.user_id is not null
    group by identified_events.source_relation, identified_events.amplitude_id
{% endmacro %}

-- DuckDB orders structs field by field, so one aggregate finds the (event_at, user_id) minimum.
{% macro duckdb__first_user_ids(relation) %}
    select
        source_relation,
        amplitude_id,
        min({'event_at': event_at, 'user_id': user_id}).user_id as stitched_user_id
    from {{ relation }} as identified_events
    where user_id is not null and amplitude_id is not null
    group by source_relation, amplitude_id
{% endmacro %}
