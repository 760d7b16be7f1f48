/**
 * The dashboard and its APIs (live snapshots, SSE stream, per-guild analytics), mounted as
 * independent routes into the argus.http runtime. Removing this module removes the dashboard and
 * nothing else: {@code /metrics} and {@code /healthz} belong to argus.http.
 */
module argus.web {
    requires argus.api;
    requires transitive argus.http; // public handlers take argus.http, Jetty and argus.api types
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;
    requires static osgi.core;
    requires static org.osgi.service.component.annotations;
    requires static org.osgi.service.metatype.annotations;

    exports argus.web;
    exports argus.web.api;
    exports argus.web.dashboard;

    provides argus.http.RouteContributor with argus.web.DashboardRoutes;
}
