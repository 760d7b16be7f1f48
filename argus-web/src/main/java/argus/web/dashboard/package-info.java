/**
 * The dashboard page and its static assets.
 * Internal to argus.web: neither a module export nor an OSGi export, as no other module uses these types.
 */
package argus.web.dashboard;
