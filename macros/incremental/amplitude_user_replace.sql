-- Incremental strategy 'amplitude_user_replace': delete every row of each user with a batch row without a session,
-- and every row with the user and session of a batch row, then insert the batch's rows with events. The rows are
-- first narrowed by one key (in_lookup), which PostgreSQL finds through the table's indexes.
{% macro get_incremental_amplitude_user_replace_sql(arg_dict) %}
    {{ return(adapter.dispatch('amplitude_user_replace_sql', 'amplitude_sessions')(arg_dict)) }}
{% endmacro %}

{% macro default__amplitude_user_replace_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set batch = arg_dict['temp_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }} as existing_sessions
    where
        {{ amplitude_sessions.in_lookup(
            'existing_sessions.amplitude_user_id',
            'select amplitude_user_id from ' ~ batch ~ ' where session_id is null'
        ) }}
        and exists (
            select 1
            from {{ batch }} as rebuilt_users
            where
                rebuilt_users.source_relation = existing_sessions.source_relation
                and rebuilt_users.amplitude_user_id = existing_sessions.amplitude_user_id
                and rebuilt_users.session_id is null
        );

    delete from {{ target }} as existing_sessions
    where
        {{ amplitude_sessions.in_lookup('existing_sessions.session_id', 'select session_id from ' ~ batch) }}
        and exists (
            select 1
            from {{ batch }} as rebuilt_sessions
            where
                rebuilt_sessions.source_relation = existing_sessions.source_relation
                and rebuilt_sessions.amplitude_user_id = existing_sessions.amplitude_user_id
                and rebuilt_sessions.session_id = existing_sessions.session_id
        );

    insert into {{ target }} ({{ columns }})
    select {{ columns }}
    from {{ batch }}
    where unique_session_id is not null
{% endmacro %}
