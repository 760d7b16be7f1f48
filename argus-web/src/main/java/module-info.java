/**
 * The HTTP face of Argus on Jetty 12: /metrics, /healthz, and (when enabled) the dashboard and
 * analytics APIs. Every route is mounted independently, so the dashboard can come and go without
 * touching /metrics.
 */
module argus.web {
    requires argus.api;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires static osgi.annotation;

    exports argus.web;
    exports argus.web.http;
    exports argus.web.api;
    exports argus.web.dashboard;

    provides argus.api.spi.HttpServerProvider with argus.web.JettyServerProvider;
}
