/**
 * The dashboard's HTTP APIs: live snapshots, the SSE stream and the per-guild analytics.
 * Internal to argus.web: neither a module export nor an OSGi export, as no other module uses these types.
 */
package argus.web.api;
