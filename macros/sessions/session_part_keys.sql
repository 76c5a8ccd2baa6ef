-- What groups an event into a session part, over the staged event columns: (column name, expression) pairs after
-- source_relation, amplitude_id and user_id. The session_id is null for an out-of-session event; such an event's
-- parts are split by its event_at in 'sessionize' mode (for the gaps between them), else by its day (so that a new
-- out-of-session event changes one day's part, not one that holds the whole history).
{% macro session_part_keys() %}
    {%- set out_of_session_event_at = 'case when session_id is null or session_id <= 0 then event_at end'
        if var('amplitude__out_of_session_events') == 'sessionize'
        else 'case when session_id is null or session_id <= 0 then ' ~ dbt.date_trunc('day', 'event_at') ~ ' end' -%}
    {{ return([
        ('session_id', 'case when session_id > 0 then session_id end'),
        ('out_of_session_event_at', out_of_session_event_at),
    ]) }}
{% endmacro %}

-- The names of every key of a session part after source_relation (what the stored parts are replaced by).
{% macro session_part_key_names() %}
    {{ return(['amplitude_id', 'user_id'] + amplitude_sessions.session_part_keys() | map(attribute=0) | list) }}
{% endmacro %}

-- A join condition: two relations' session parts have the same keys (source_relation, then every key of
-- session_part_key_names, null-safe). left_prefix, when given, begins the names of left's keys after source_relation.
{% macro session_part_keys_equal(left, right, left_prefix='') -%}
    {%- set placeholders = {
        'amplitude_id': '0',
        'user_id': "''",
        'session_id': '0',
        'out_of_session_event_at': "cast('1970-01-01' as " ~ amplitude_sessions.type_utc_timestamp() ~ ")",
    } -%}
    {{ left }}.source_relation = {{ right }}.source_relation
    {%- for key in amplitude_sessions.session_part_key_names() %}
    and {{ amplitude_sessions.null_safe_equals(left ~ '.' ~ left_prefix ~ key, right ~ '.' ~ key, placeholders[key]) }}
    {%- endfor %}
{%- endmacro %}
