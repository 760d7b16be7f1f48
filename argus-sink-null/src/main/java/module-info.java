/** The default analytics sink: analytics off, zero overhead (README, "Per-guild analytics"). */
module argus.sink.nullsink {
    requires transitive argus.api; // its public types implement argus.api SPIs
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;
    requires static osgi.core;
    requires static org.osgi.service.component.annotations;
    requires static org.osgi.service.metatype.annotations;

    exports argus.sink.nullsink;

    provides argus.api.spi.EventSinkProvider with argus.sink.nullsink.NullSinkProvider;
}
