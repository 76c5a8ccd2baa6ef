-- The raw event columns staging reads: (staged name, raw name, type family); families are bigint, string, timestamp.
{% macro staged_event_columns() %}
    {{ return([
        ('event_id', 'id', 'bigint'),
        ('event_uuid', 'uuid', 'string'),
        ('insert_id', '_insert_id', 'string'),
        ('device_id', 'device_id', 'string'),
        ('user_id', 'user_id', 'string'),
        ('amplitude_id', 'amplitude_id', 'bigint'),
        ('session_id', 'session_id', 'bigint'),
        ('event_at', 'event_time', 'timestamp'),
        ('client_event_at', 'client_event_time', 'timestamp'),
        ('client_upload_at', 'client_upload_time', 'timestamp'),
        ('fivetran_synced_at', '_fivetran_synced', 'timestamp'),
        ('event_type', 'event_type', 'string'),
    ]) }}
{% endmacro %}

-- The SQL type of a type family on the current adapter.
{% macro column_type(family) %}
    {%- if family == 'bigint' -%}
        {{ return(dbt.type_bigint()) }}
    {%- elif family == 'timestamp' -%}
        {{ return(dbt.type_timestamp()) }}
    {%- else -%}
        {{ return(dbt.type_string()) }}
    {%- endif -%}
{% endmacro %}

-- True when a warehouse column type already belongs to a type family, so no cast can fail.
{% macro is_type_family(data_type, family) %}
    {%- set data_type = data_type | lower -%}
    {%- if family == 'bigint' -%}
        {{ return('int' in data_type and 'interval' not in data_type) }}
    {%- elif family == 'timestamp' -%}
        {{ return(data_type.startswith('timestamp') or data_type.startswith('datetime')) }}
    {%- else -%}
        {{ return('char' in data_type or 'text' in data_type or 'string' in data_type) }}
    {%- endif -%}
{% endmacro %}

-- One select over a raw event table with every staged column: present columns cast safely, missing ones null.
{% macro select_event_source(source) %}
    {{ return(adapter.dispatch('select_event_source', 'amplitude_sessions')(source)) }}
{% endmacro %}

{% macro default__select_event_source(source) %}
    {%- set relation = adapter.get_relation(database=source.database, schema=source.schema, identifier=source.name) if execute -%}
    {%- if not execute -%}
        {%- set relation = api.Relation.create(database=source.database, schema=source.schema, identifier=source.name) -%}
    {%- elif relation is none -%}
        {{ exceptions.raise_compiler_error(
            "amplitude_sessions: the Amplitude event table " ~ source.database ~ "." ~ source.schema ~ "." ~ source.name
            ~ " does not exist. It is located by the vars amplitude_database (default target.database), amplitude_schema"
            ~ " (default 'amplitude') and amplitude_event_identifier (default 'event'), or by the entries of amplitude_sources."
        ) }}
    {%- endif -%}
    {%- set present = {} -%}
    {%- for column in (adapter.get_columns_in_relation(relation) if execute else []) -%}
        {%- do present.update({column.name | lower: column}) -%}
    {%- endfor -%}
    select
        cast('{{ source.source_relation | replace("'", "''") }}' as {{ dbt.type_string() }}) as source_relation,
    {%- for staged_name, raw_name, family in amplitude_sessions.staged_event_columns() %}
        {%- set sql_type = amplitude_sessions.column_type(family) -%}
        {%- set column = present.get(raw_name) -%}
        {%- if column is none %}
        cast(null as {{ sql_type }}) as {{ staged_name }}
        {%- else -%}
            {%- set quoted = adapter.quote(column.name) -%}
            {%- if amplitude_sessions.is_type_family(column.data_type, family) -%}
                {%- set expression = "cast(" ~ quoted ~ " as " ~ sql_type ~ ")" -%}
            {%- elif family == 'string' -%}
                {%- set expression = "cast(" ~ quoted ~ " as " ~ sql_type ~ ")" -%}
            {%- else -%}
                {%- set expression = amplitude_sessions.safe_cast(quoted, sql_type) -%}
            {%- endif -%}
            {%- if family == 'string' and staged_name in ['insert_id', 'device_id', 'user_id'] %}
        nullif({{ expression }}, '') as {{ staged_name }}
            {%- else %}
        {{ expression }} as {{ staged_name }}
            {%- endif -%}
        {%- endif -%}
        {{- "," if not loop.last }}
    {%- endfor %}
    from {{ relation }}
{% endmacro %}
