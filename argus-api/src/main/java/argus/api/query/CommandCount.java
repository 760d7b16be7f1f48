package argus.api.query;

/** How often one application command ran. */
public record CommandCount(String command, long count) {
}
