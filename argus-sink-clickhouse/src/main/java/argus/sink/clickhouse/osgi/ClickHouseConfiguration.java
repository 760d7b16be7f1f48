package argus.sink.clickhouse.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype for PID {@code argus.sink.clickhouse} (names as in README, "Configuration"; {@code __} in a method
 * name is a literal underscore). Values are validated by {@link argus.api.config.ArgusConfig}.
 */
@ObjectClassDefinition(id = "argus.sink.clickhouse", name = "Argus per-guild analytics (ClickHouse)",
        description = "Both enable_per_guild and clickhouse_dsn turn analytics on; deleting this configuration "
                + "turns it off (NullSink) after draining what was accepted.")
@interface ClickHouseConfiguration {
    @AttributeDefinition(description = "Record one analytics row per interaction")
    boolean enable__per__guild() default false;

    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "http(s)://user:password@host:8123[/database] (or jdbc:clickhouse:...)")
    String clickhouse__dsn() default "";

    @AttributeDefinition(description = "Table name (created if missing)")
    String clickhouse__table() default "argus_events";

    @AttributeDefinition(description = "ClickHouse cluster (a name from remote_servers or a macro such as {cluster}): "
            + "the table is created ON CLUSTER as <table>_local (ReplicatedMergeTree) plus a Distributed table; "
            + "empty for one server or ClickHouse Cloud")
    String clickhouse__cluster() default "";

    @AttributeDefinition(description = "TTL in days on the table; 0 keeps rows forever")
    int clickhouse__retention__days() default 0;

    @AttributeDefinition(description = "Use ClickHouse asynchronous inserts")
    boolean clickhouse__async__insert() default false;

    @AttributeDefinition(description = "Longest wait for ClickHouse's answer to one request, in milliseconds")
    int clickhouse__request__timeout__ms() default 10_000;

    @AttributeDefinition(description = "Most events held in memory (queued, batching, in flight) while ClickHouse is slow "
            + "or down; more are dropped (counted)")
    int sink__queue__capacity() default 10_000;

    @AttributeDefinition(description = "Rows per insert")
    int sink__batch__size() default 5_000;

    @AttributeDefinition(description = "Longest wait before a partial batch is written, in milliseconds")
    int sink__flush__interval__ms() default 1_000;
}
