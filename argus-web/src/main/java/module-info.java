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

    // No package is exported: nothing outside this module uses its types (the routes reach argus.http
    // through the service below). Jackson serializes the API's records (Subsystems.Status), so it alone
    // may read argus.web.api; a qualified export has no OSGi counterpart (bundles do not check it).
    exports argus.web.api to com.fasterxml.jackson.databind;

    provides argus.http.RouteContributor with argus.web.DashboardRoutes;
}
