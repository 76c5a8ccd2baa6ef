-- One select over one raw event table: each listed raw column under its own name, cast to its type family
-- (time columns to UTC), missing columns as null; then the session passthrough expressions as strings.
{% macro select_event_source(source, columns, passthroughs) %}
    {{ return(adapter.dispatch('select_event_source', 'amplitude_sessions')(source, columns, passthroughs)) }}
{% endmacro %}

{% macro default__select_event_source(source, columns, passthroughs) %}
    {%- set relation = amplitude_sessions.event_source_relation(source) -%}
    {%- set present = {} -%}
    {%- for column in (adapter.get_columns_in_relation(relation) if execute else []) -%}
        {%- do present.update({column.name | lower: column}) -%}
    {%- endfor -%}
    select
        cast('{{ source.source_relation | replace("'", "''") }}' as {{ dbt.type_string() }}) as source_relation,
        {{ amplitude_sessions.source_row_id(relation) }} as source_row_id,
    {%- for raw_name, family in columns %}
        {{ amplitude_sessions.typed_column(present.get(raw_name), family) }} as {{ raw_name }}
        {{- "," if not loop.last or passthroughs }}
    {%- endfor %}
    {%- for passthrough in passthroughs %}
        {%- if passthrough.column is defined and execute and passthrough.column | lower not in present -%}
            {{ exceptions.raise_compiler_error(
                "amplitude_sessions: entry '" ~ passthrough.column ~ "' of var 'amplitude__session_passthrough_columns'"
                ~ " names no column of " ~ relation ~ "; it accepts a column name of the raw event table"
                ~ " or {sql: <expression over the raw event columns>, alias: <column name>}."
            ) }}
        {%- endif %}
        {%- set expression = adapter.quote(present[passthrough.column | lower].name) if passthrough.column is defined and execute
            else (passthrough.sql if passthrough.sql is defined else 'null') %}
        cast({{ expression }} as {{ dbt.type_string() }}) as {{ passthrough.alias }}
        {{- "," if not loop.last }}
    {%- endfor %}
    from {{ relation }}
{% endmacro %}

-- The relation of one raw event table; fails at compile time, naming it and the vars, when it does not exist.
{% macro event_source_relation(source) %}
    {%- if not execute -%}
        {{ return(api.Relation.create(database=source.database, schema=source.schema, identifier=source.name)) }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(database=source.database, schema=source.schema, identifier=source.name) -%}
    {%- if relation is none -%}
        {{ exceptions.raise_compiler_error(
            "amplitude_sessions: the Amplitude event table " ~ source.database ~ "." ~ source.schema ~ "." ~ source.name
            ~ " does not exist. It is located by the vars amplitude_database (default target.database), amplitude_schema"
            ~ " (default 'amplitude') and amplitude_event_identifier (default 'event'), or by the entries of amplitude_sources."
        ) }}
    {%- endif -%}
    {{ return(relation) }}
{% endmacro %}

-- A raw column (an adapter Column, or none when the table lacks it) read as its type family:
-- bigint, boolean and string cast safely, timestamp normalised to UTC, a missing column as a typed null.
{% macro typed_column(column, family) %}
    {%- if family == 'bigint' -%}
        {%- set sql_type = dbt.type_bigint() -%}
    {%- elif family == 'timestamp' -%}
        {%- set sql_type = amplitude_sessions.type_utc_timestamp() -%}
    {%- elif family == 'boolean' -%}
        {%- set sql_type = dbt.type_boolean() -%}
    {%- else -%}
        {%- set sql_type = dbt.type_string() -%}
    {%- endif -%}
    {%- if column is none -%}
        {{ return("cast(null as " ~ sql_type ~ ")") }}
    {%- endif -%}
    {%- set quoted = adapter.quote(column.name) -%}
    {%- set data_type = column.data_type | lower -%}
    {%- if family == 'timestamp' -%}
        {{ return(amplitude_sessions.utc_timestamp(quoted, data_type)) }}
    {%- elif family == 'bigint' and not ('int' in data_type and 'interval' not in data_type) -%}
        {{ return(amplitude_sessions.safe_cast(quoted, sql_type)) }}
    {%- elif family == 'boolean' and 'bool' not in data_type -%}
        {{ return(amplitude_sessions.safe_cast(quoted, sql_type)) }}
    {%- else -%}
        {{ return("cast(" ~ quoted ~ " as " ~ sql_type ~ ")") }}
    {%- endif -%}
{% endmacro %}
