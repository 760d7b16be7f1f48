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
    requires transitive com.fasterxml.jackson.databind; // Responses.JSON is an ObjectMapper
    requires org.slf4j;
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;
    requires static osgi.core;
    requires static org.osgi.service.component.annotations;
    requires static org.osgi.service.metatype.annotations;

    exports argus.http;

    uses argus.http.RouteContributor;
    provides argus.api.spi.HttpServerProvider with argus.http.JettyServerProvider;
}
