/** The container's console commands (Gogo scope {@code argus}); nothing exported. */
package argus.console;
