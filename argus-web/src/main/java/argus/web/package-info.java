/**
 * The dashboard's entry point: {@link argus.web.DashboardRoutes} mounts the dashboard and its APIs into
 * argus.http (a {@code RouteContributor} service on the module path; {@code osgi.DashboardComponent} in OSGi).
 * Internal to argus.web: neither a module export nor an OSGi export, as no other module uses these types.
 */
package argus.web;
