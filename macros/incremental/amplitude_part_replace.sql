-- Incremental strategy 'amplitude_part_replace': note every key of the batch as changed for amplitude__sessions
-- (record_part_changes, which reads the parts it replaces), delete every stored part the batch names (null-safe on
-- its keys), then insert the batch's parts that still hold events.
{% macro get_incremental_amplitude_part_replace_sql(arg_dict) %}
    {{ return(adapter.dispatch('amplitude_part_replace_sql', 'amplitude_sessions')(arg_dict)) }}
{% endmacro %}

{% macro default__amplitude_part_replace_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set batch = arg_dict['temp_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {{ amplitude_sessions.record_part_changes(batch, target) }};

    delete from {{ target }} as stored_parts
    where exists (
        select 1
        from {{ batch }} as rebuilt_parts
        where
            {{ amplitude_sessions.session_part_keys_equal('rebuilt_parts', 'stored_parts') }}
    );

    insert into {{ target }} ({{ columns }})
    select {{ columns }}
    from {{ batch }}
    where part_events is not null
{% endmacro %}
