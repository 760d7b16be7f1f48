/**
 * Per-guild analytics into ClickHouse: a non-blocking batching sink and the query side
 * (README, "Per-guild analytics"). Never imported by core: found as an {@code EventSinkProvider} service.
 */
module argus.sink.clickhouse {
    requires transitive argus.api; // its public types implement argus.api SPIs
    requires com.clickhouse.jdbc;
    // The driver is an automatic module and cannot declare that it needs java.sql; without this the
    // module path leaves java.sql out and the first insert fails with NoClassDefFoundError: java/sql/SQLType.
    requires java.sql;
    requires org.slf4j;
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;
    requires static osgi.core;
    requires static org.osgi.service.component.annotations;
    requires static org.osgi.service.metatype.annotations;

    exports argus.sink.clickhouse;

    provides argus.api.spi.EventSinkProvider with argus.sink.clickhouse.ClickHouseSinkProvider;
}
