-- The columns an incremental model of the package writes and reads back (amplitude__sessions: every column,
-- passthroughs included; int_amplitude__identities: its keys and watermarks).
{% macro incremental_model_columns(model_name) %}
    {%- if model_name == 'amplitude__sessions' -%}
        {{ return(amplitude_sessions.session_column_names() + amplitude_sessions.session_described_columns()) }}
    {%- endif -%}
    {{ return(['identity_id', 'source_relation', 'device_key', 'amplitude_id', 'user_id', 'last_event_at', 'last_synced_at']) }}
{% endmacro %}

-- Before an incremental run writes: the existing table must be one this version of the package built (every
-- column it writes and reads is there); otherwise, for example Fivetran's amplitude__sessions or an older
-- version's, fail naming the table and the missing columns and saying to run --full-refresh. Returns whether the
-- shape is right when fail is false.
{% macro assert_incremental_shape(model_name, relation, fail=true) %}
    {%- set present = [] -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
        {%- do present.append(column.name | lower) -%}
    {%- endfor -%}
    {%- set missing = amplitude_sessions.incremental_model_columns(model_name) | reject('in', present) | list -%}
    {%- if missing and fail -%}
        {{ exceptions.raise_compiler_error(
            "amplitude_sessions: the existing table " ~ relation ~ " was not built by this version of amplitude_sessions"
            ~ " (it lacks " ~ missing | join(", ") ~ "), so it cannot be updated incrementally. Run"
            ~ " `dbt run --select +amplitude__sessions --full-refresh` to rebuild it. Nothing was written."
        ) }}
    {%- endif -%}
    {{ return(not missing) }}
{% endmacro %}
