/**
 * The Argus HTTP runtime on Jetty 12: {@code /metrics}, {@code /healthz} and a route table that
 * other bundles (the dashboard) mount into and leave at run time. It lives apart from argus.web so
 * that the dashboard can be stopped, updated or removed without a gap in {@code /metrics}.
 */
module argus.http {
    requires transitive argus.api;
    requires transitive org.eclipse.jetty.server;
    requires transitive org.eclipse.jetty.http;
    requires transitive org.eclipse.jetty.io;
    requires transitive org.eclipse.jetty.util;
    requires com.fasterxml.jackson.databind; // Responses writes JSON; no Jackson type is in the API
    requires org.slf4j;
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;
    requires static osgi.core;
    requires static org.osgi.service.component.annotations;
    requires static org.osgi.service.metatype.annotations;

    // The API is what the dashboard (argus.web) and other route contributors use: RouteContributor,
    // RouteTable and the response/token/log helpers. The server itself (argus.http.server) and the OSGi
    // component (argus.http.osgi) are reached only as services, so neither package is exported here nor
    // in the bundle's Export-Package (distribution's PackagingTest compares the two).
    exports argus.http;

    uses argus.http.RouteContributor;
    provides argus.api.spi.HttpServerProvider with argus.http.server.JettyServerProvider;
}
