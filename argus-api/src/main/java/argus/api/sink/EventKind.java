package argus.api.sink;

/** The {@code event} column of {@code argus_events}. */
public enum EventKind {
    INTERACTION("interaction"),
    APP_COMMAND("app_command");

    private final String wireName;

    EventKind(String wireName) {
        this.wireName = wireName;
    }

    /** The value stored in ClickHouse, shared with argus-dpy. */
    public String wireName() {
        return wireName;
    }
}
